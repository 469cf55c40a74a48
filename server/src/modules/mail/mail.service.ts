import type { Language, MailKind, OutboxMail } from '@wuzhen/shared';
import type { DbOrTx } from '../../app/db.ts';
import type { MailRepository, MailRow } from './mail.repository.ts';
import type { MailState } from './mail.table.ts';
import { type MailTemplateParams, renderMail } from './mail.templates.ts';

export type MailRecipient = { email: string; userId?: string | null; language: Language };
export type NewMail<K extends MailKind = MailKind> = {
  kind: K;
  competitionId: string | null;
  to: MailRecipient;
  params: MailTemplateParams[K];
  /** At most one mail with this key ever exists; a second is silently not written. */
  dedupeKey?: string;
};

/** Builds one mail for `outbox.add`, typed by its kind. */
export const mail = <K extends MailKind>(m: NewMail<K>): NewMail => m as unknown as NewMail;

export const toOutboxMail = (row: MailRow): OutboxMail => ({
  id: row.id,
  competitionId: row.competitionId,
  kind: row.kind as MailKind,
  recipient: row.recipientEmail,
  language: row.language,
  subject: row.subject,
  text: row.text,
  state: row.state,
  attempts: row.attempts,
  lastError: row.lastError,
  nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
  sentAt: row.sentAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

/**
 * The outbox as the rest of the platform uses it: `add` inside the transaction that causes the
 * mails, then `dispatch` with the returned ids after it commits. A dispatch lost to a crash between
 * the two is made up by the worker's sweep (mail.jobs.ts), so a committed mail is never lost.
 */
export function createOutbox({
  mails,
  delivering,
  enqueue,
}: {
  mails: Pick<MailRepository, 'insert' | 'list'>;
  /** False without SMTP_URL: mails are kept for the Outbox page instead of sent. */
  delivering: boolean;
  enqueue: (mailId: string) => Promise<unknown>;
}) {
  return {
    delivering,

    async add(tx: DbOrTx, items: NewMail[]): Promise<string[]> {
      const rows = items.map((item) => {
        const rendered = renderMail(item.kind, item.to.language, item.params as never);
        return {
          competitionId: item.competitionId,
          kind: item.kind,
          recipientEmail: item.to.email,
          recipientUserId: item.to.userId ?? null,
          language: item.to.language,
          ...rendered,
          state: (delivering ? 'pending' : 'kept') as MailState,
          dedupeKey: item.dedupeKey ?? null,
        };
      });
      return (await mails.insert(rows, tx)).map((r) => r.id);
    },

    /** Hands the mails to the worker; failures are left to the sweep, never to the caller. */
    async dispatch(mailIds: string[]) {
      if (!delivering) return;
      await Promise.all(mailIds.map((id) => enqueue(id).catch(() => undefined)));
    },

    list: async (filter: { competitionId: string | null; state?: MailState; limit: number }) =>
      (await mails.list(filter)).map(toOutboxMail),
  };
}
export type Outbox = ReturnType<typeof createOutbox>;

export type MailTransport = {
  send: (message: {
    mailId: string;
    to: string;
    subject: string;
    text: string;
    html: string;
  }) => Promise<unknown>;
};

/**
 * One delivery attempt of one outbox row, at most once per row.
 *
 * The row is claimed (pending/retrying → sending, with a lease) and that claim is committed before
 * the SMTP conversation starts. If the worker dies after the claim, nobody can know whether the
 * SMTP server accepted the message: it may have stored it before the worker saw its answer. Such a
 * row is therefore never resent by itself: when its lease runs out it becomes `unknown`, shown to
 * the organizer with that explanation, who can ask the recipient and send it again (a judge's
 * invitation has its own resend). We chose this over resending after the lease because a duplicate
 * invitation or reset link is harmless once but a duplicate "your entry advanced" is not, and the
 * case is rare: the window is one SMTP conversation. A worker that dies before claiming leaves the
 * row pending, and the job is simply run again.
 */
export function createMailDelivery({
  mails,
  transport,
  maxAttempts,
  retryDelayMs,
  leaseMs = 5 * 60_000,
  now = () => new Date(),
}: {
  mails: Pick<MailRepository, 'claim' | 'finish' | 'findById' | 'expireLeases' | 'due'>;
  transport: MailTransport;
  maxAttempts: number;
  retryDelayMs: number;
  leaseMs?: number;
  now?: () => Date;
}) {
  return {
    /** `retry`: the attempt failed and another is due; the job should be retried with backoff. */
    async deliver(
      mailId: string,
    ): Promise<{ outcome: 'sent' | 'retry' | 'failed' | 'skipped'; error?: string }> {
      const claimed = await mails.claim(mailId, new Date(now().getTime() + leaseMs));
      if (!claimed) {
        await mails.expireLeases(now());
        return { outcome: 'skipped' };
      }
      try {
        await transport.send({
          mailId: claimed.id,
          to: claimed.recipientEmail,
          subject: claimed.subject,
          text: claimed.text,
          html: claimed.html,
        });
      } catch (err) {
        const error = describeSmtpError(err);
        const last = claimed.attempts >= maxAttempts;
        await mails.finish(claimed.id, {
          state: last ? 'failed' : 'retrying',
          lastError: error,
          nextAttemptAt: last ? null : new Date(now().getTime() + retryDelayMs * 2 ** (claimed.attempts - 1)),
        });
        return { outcome: last ? 'failed' : 'retry', error };
      }
      await mails.finish(claimed.id, { state: 'sent', sentAt: now(), lastError: null });
      return { outcome: 'sent' };
    },

    /** Marks abandoned claims unknown and returns the rows that need a delivery job. */
    async sweep(limit = 500) {
      await mails.expireLeases(now());
      return (await mails.due(now(), limit)).map((r) => r.id);
    },
  };
}
export type MailDelivery = ReturnType<typeof createMailDelivery>;

/** The SMTP server's own answer when there is one ("550 5.1.1 No such user"), else the error. */
export function describeSmtpError(err: unknown): string {
  const e = err as { response?: unknown; responseCode?: unknown; message?: unknown; code?: unknown };
  const text =
    typeof e.response === 'string' && e.response
      ? e.response
      : `${typeof e.code === 'string' ? `${e.code}: ` : ''}${String(e.message ?? err)}`;
  return text.slice(0, 1000);
}
