import { and, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import { compiled } from '../../app/compiled.ts';
import { type DbOrTx, equalsAny } from '../../app/db.ts';
import { accountTokens, sessions, users } from './users.table.ts';

/** An account's row: what a session resolves to. */
export type UserRow = typeof users.$inferSelect;

/**
 * Accounts as other modules may read them inside a statement of their own: id, name and address,
 * never a password or a token.
 */
export const usersView = (db: DbOrTx) =>
  db.select({ id: users.id, name: users.name, email: users.email }).from(users).as('users_view');

/** The live sessions among these ids, each with its user: compiled, every request reads it. */
const liveSessions = compiled(['sessionIds', 'now'], (tx, p) =>
  tx
    .select({ sessionId: sessions.id, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(equalsAny(sessions.id, p.sessionIds), gt(sessions.expiresAt, p.now))),
);

export function createUsersRepository({ db }: { db: DbOrTx }) {
  return {
    findByEmail: async (email: string, tx: DbOrTx = db) =>
      (await tx.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1))[0] ?? null,
    /** Every account holding one of these (lower-case) addresses. */
    findByEmails: (emails: string[], tx: DbOrTx = db) =>
      emails.length === 0
        ? Promise.resolve([])
        : tx.select().from(users).where(equalsAny(users.email, emails)),
    /**
     * Held to the end of the caller's transaction: one process at a time works on this address's
     * account (several API processes starting together each ensure the organizer).
     */
    lockEmail: (purpose: string, email: string, tx: DbOrTx) =>
      tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${purpose}:${email.toLowerCase()}`}))`),
    findById: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(users).where(eq(users.id, id)).limit(1))[0] ?? null,
    findByIds: (ids: string[], tx: DbOrTx = db) =>
      ids.length === 0 ? Promise.resolve([]) : tx.select().from(users).where(equalsAny(users.id, ids)),
    insert: async (values: typeof users.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(users).values(values).returning())[0]!,
    /** Several accounts in one statement (the demo's judges and team). */
    insertMany: (values: Array<typeof users.$inferInsert>, tx: DbOrTx = db) =>
      values.length === 0 ? Promise.resolve([]) : tx.insert(users).values(values).returning(),
    update: async (id: string, values: Partial<typeof users.$inferInsert>, tx: DbOrTx = db) =>
      (await tx.update(users).set(values).where(eq(users.id, id)).returning())[0]!,
    insertSession: (values: typeof sessions.$inferInsert, tx: DbOrTx = db) =>
      tx.insert(sessions).values(values),
    /** The live sessions among these ids, each with its user, in one round trip. */
    findSessions: (sessionIds: string[], now: Date, tx: DbOrTx = db) =>
      liveSessions(tx, { sessionIds, now: now.toISOString() }),
    deleteSession: (sessionId: string, tx: DbOrTx = db) =>
      tx.delete(sessions).where(eq(sessions.id, sessionId)),
    /** Ends the user's sessions, all of them or all but one (the one changing the password). */
    deleteSessionsOfUser: (userId: string, exceptSessionId: string | null, tx: DbOrTx = db) =>
      tx
        .delete(sessions)
        .where(
          exceptSessionId
            ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
            : eq(sessions.userId, userId),
        ),
    insertToken: (values: typeof accountTokens.$inferInsert, tx: DbOrTx = db) =>
      tx.insert(accountTokens).values(values),
    /** Uses a live token once: of two racing uses, one gets the row. */
    useToken: async (
      tokenHash: string,
      purpose: 'verify_email' | 'reset_password',
      now: Date,
      tx: DbOrTx = db,
    ) =>
      (
        await tx
          .update(accountTokens)
          .set({ usedAt: now })
          .where(
            and(
              eq(accountTokens.tokenHash, tokenHash),
              eq(accountTokens.purpose, purpose),
              isNull(accountTokens.usedAt),
              gt(accountTokens.expiresAt, now),
            ),
          )
          .returning()
      )[0] ?? null,
    /** The names and addresses of these users, by name (the audit log's actors). */
    namesOf: async (ids: string[], tx: DbOrTx = db) =>
      ids.length === 0
        ? []
        : tx
            .select({ id: users.id, name: users.name, email: users.email })
            .from(users)
            .where(equalsAny(users.id, ids))
            .orderBy(users.name),
    deleteExpiredSessions: (now: Date, tx: DbOrTx = db) =>
      tx.delete(sessions).where(lt(sessions.expiresAt, now)),
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
