import type { Config } from '../../app/config.ts';
import type { Db } from '../../app/db.ts';
import type { JobProcessor, Queues } from '../../app/queue.ts';
import { createMailRepository } from './mail.repository.ts';
import { createMailDelivery, type MailTransport } from './mail.service.ts';
import { createSmtpTransport } from './mail.transport.ts';

type MailConfig = Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'MAIL_MAX_ATTEMPTS' | 'MAIL_RETRY_DELAY_MS'>;

/** How the API and the worker hand one outbox row to the queue: one job per row, id by row. */
export const enqueueMail =
  (queues: Pick<Queues, 'enqueue'>, config: Pick<Config, 'MAIL_MAX_ATTEMPTS' | 'MAIL_RETRY_DELAY_MS'>) =>
  (mailId: string) =>
    queues.enqueue(
      'mail',
      { mailId },
      { dedupeKey: mailId, attempts: config.MAIL_MAX_ATTEMPTS, backoffMs: config.MAIL_RETRY_DELAY_MS },
    );

/**
 * The mail processors: a thin adapter over the delivery service. A failed attempt throws, so
 * BullMQ retries the job with exponential backoff; the row says the same (retrying, then failed).
 */
export function createMailProcessors({
  db,
  queues,
  now,
  config,
  transport,
}: {
  db: Db;
  queues: Queues;
  now: () => Date;
  config: MailConfig;
  /** Defaults to SMTP from SMTP_URL; none without it (mails are kept, never sent). */
  transport?: MailTransport;
}): { mail?: JobProcessor<'mail'>; mailSweep?: JobProcessor<'mailSweep'> } {
  const smtp =
    transport ??
    (config.SMTP_URL ? createSmtpTransport({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }) : null);
  if (!smtp) return {};
  const delivery = createMailDelivery({
    mails: createMailRepository({ db }),
    transport: smtp,
    maxAttempts: config.MAIL_MAX_ATTEMPTS,
    retryDelayMs: config.MAIL_RETRY_DELAY_MS,
    now,
  });
  const enqueue = enqueueMail(queues, config);
  return {
    mail: async ({ mailId }) => {
      const result = await delivery.deliver(mailId);
      if (result.outcome === 'retry') throw new Error(result.error ?? 'The SMTP server refused the mail.');
      return result;
    },
    mailSweep: async () => {
      const due = await delivery.sweep();
      for (const id of due) await enqueue(id);
      return { enqueued: due.length };
    },
  };
}

/** Runs the sweep every minute, once over all workers (a BullMQ job scheduler lives in Redis). */
export async function scheduleMailSweep(queues: Queues, everyMs = 60_000) {
  await queues.queues
    .get('mailSweep')!
    .upsertJobScheduler('mail-sweep', { every: everyMs }, { name: 'mailSweep', data: {} });
}
