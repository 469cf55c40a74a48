import { and, desc, eq, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { type MailState, mails } from './mail.table.ts';

export type MailRow = typeof mails.$inferSelect;

export function createMailRepository({ db }: { db: DbOrTx }) {
  return {
    /** Rows whose dedupe key exists already are skipped (one reminder per judge and day). */
    insert: async (rows: Array<typeof mails.$inferInsert>, tx: DbOrTx = db) =>
      rows.length === 0
        ? []
        : tx.insert(mails).values(rows).onConflictDoNothing().returning({ id: mails.id }),
    findById: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(mails).where(eq(mails.id, id)).limit(1))[0] ?? null,
    /** A competition's mails, or the account mails (competitionId null), newest first. */
    list: (filter: { competitionId: string | null; state?: MailState; limit: number }, tx: DbOrTx = db) => {
      const conditions: SQL[] = [
        filter.competitionId === null
          ? isNull(mails.competitionId)
          : eq(mails.competitionId, filter.competitionId),
      ];
      if (filter.state) conditions.push(eq(mails.state, filter.state));
      return tx
        .select()
        .from(mails)
        .where(and(...conditions))
        .orderBy(desc(mails.createdAt), desc(mails.id))
        .limit(filter.limit);
    },
    /**
     * Takes the row for one delivery attempt: from pending or retrying to sending, with a lease, in
     * one statement. Of two workers holding the same job, one gets the row and the other nothing.
     */
    claim: async (id: string, leaseUntil: Date, tx: DbOrTx = db) =>
      (
        await tx
          .update(mails)
          .set({ state: 'sending', leaseUntil, attempts: sql`${mails.attempts} + 1`, nextAttemptAt: null })
          .where(and(eq(mails.id, id), inArray(mails.state, ['pending', 'retrying'])))
          .returning()
      )[0] ?? null,
    /** Records an attempt's outcome, only while the row is still this attempt's (state sending). */
    finish: (id: string, values: Partial<typeof mails.$inferInsert>, tx: DbOrTx = db) =>
      tx
        .update(mails)
        .set({ ...values, leaseUntil: null })
        .where(and(eq(mails.id, id), eq(mails.state, 'sending'))),
    /**
     * Claims whose lease ran out: the worker stopped mid-delivery. They become unknown, never
     * pending again (see mail.service.ts).
     */
    expireLeases: (now: Date, tx: DbOrTx = db) =>
      tx
        .update(mails)
        .set({
          state: 'unknown',
          leaseUntil: null,
          lastError:
            'The worker stopped while handing this mail to the SMTP server: it may or may not have arrived. It is not sent again by itself; ask the recipient, and send it again if needed.',
        })
        .where(and(eq(mails.state, 'sending'), lte(mails.leaseUntil, now)))
        .returning({ id: mails.id }),
    /** Rows a delivery job should exist for: pending, or retrying and due. */
    due: (now: Date, limit: number, tx: DbOrTx = db) =>
      tx
        .select({ id: mails.id })
        .from(mails)
        .where(
          or(eq(mails.state, 'pending'), and(eq(mails.state, 'retrying'), lte(mails.nextAttemptAt, now))),
        )
        .orderBy(mails.createdAt)
        .limit(limit),
  };
}
export type MailRepository = ReturnType<typeof createMailRepository>;
