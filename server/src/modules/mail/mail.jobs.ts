import type { Config } from '../../app/config.ts';
import type { JobProcessor, Queues } from '../../app/queue.ts';
import type { MailDelivery } from './mail.service.ts';

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
 * Without a delivery (no SMTP_URL) there are none: mails are kept, never sent.
 */
export function mailProcessors({
  delivery,
  enqueue,
}: {
  delivery: Pick<MailDelivery, 'deliver' | 'sweep'> | null;
  enqueue: (mailId: string) => Promise<unknown>;
}): { mail?: JobProcessor<'mail'>; mailSweep?: JobProcessor<'mailSweep'> } {
  if (!delivery) return {};
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
