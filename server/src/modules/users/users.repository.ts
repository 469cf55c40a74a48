import { and, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import { type DbOrTx, equalsAny } from '../../app/db.ts';
import { competitionMembers, competitions } from '../competitions/competitions.table.ts';
import { teamAccounts, teams } from '../entries/entries.table.ts';
import { judges } from '../judges/judges.table.ts';
import { accountTokens, sessions, users } from './users.table.ts';

/** An account's row: what a session resolves to. */
export type UserRow = typeof users.$inferSelect;

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
    insert: async (values: typeof users.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(users).values(values).returning())[0]!,
    /** Several accounts in one statement (the demo's judges and team). */
    insertMany: (values: Array<typeof users.$inferInsert>, tx: DbOrTx = db) =>
      values.length === 0 ? Promise.resolve([]) : tx.insert(users).values(values).returning(),
    update: async (id: string, values: Partial<typeof users.$inferInsert>, tx: DbOrTx = db) =>
      (await tx.update(users).set(values).where(eq(users.id, id)).returning())[0]!,
    /** Organizer and judge memberships, and the competitions where the user owns a team. */
    memberships: async (userId: string, tx: DbOrTx = db) => {
      const [members, owned] = await Promise.all([
        tx
          .select({
            competitionId: competitionMembers.competitionId,
            competitionName: competitions.name,
            role: competitionMembers.role,
          })
          .from(competitionMembers)
          .innerJoin(competitions, eq(competitions.id, competitionMembers.competitionId))
          .where(eq(competitionMembers.userId, userId)),
        tx
          .selectDistinct({ competitionId: teams.competitionId, competitionName: competitions.name })
          .from(teams)
          .innerJoin(competitions, eq(competitions.id, teams.competitionId))
          .where(eq(teams.ownerId, userId)),
      ]);
      const joined = await tx
        .selectDistinct({ competitionId: teams.competitionId, competitionName: competitions.name })
        .from(teamAccounts)
        .innerJoin(teams, eq(teams.id, teamAccounts.teamId))
        .innerJoin(competitions, eq(competitions.id, teams.competitionId))
        .where(eq(teamAccounts.userId, userId));
      for (const j of joined) if (!owned.some((o) => o.competitionId === j.competitionId)) owned.push(j);
      const all: Array<{
        competitionId: string;
        competitionName: string;
        role: 'organizer' | 'judge' | 'team';
      }> = [...members, ...owned.map((o) => ({ ...o, role: 'team' as const }))];
      return all.sort(
        (a, b) => a.competitionName.localeCompare(b.competitionName) || a.role.localeCompare(b.role),
      );
    },

    insertSession: (values: typeof sessions.$inferInsert, tx: DbOrTx = db) =>
      tx.insert(sessions).values(values),
    /** The live sessions among these ids, each with its user, in one round trip. */
    findSessions: (sessionIds: string[], now: Date, tx: DbOrTx = db) =>
      tx
        .select({ sessionId: sessions.id, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(equalsAny(sessions.id, sessionIds), gt(sessions.expiresAt, now))),
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
    /**
     * What others created for an address, claimed by the account that proved it reads mail there:
     * judge profiles not yet claimed (nor revoked) and team memberships waiting for that address.
     */
    claimByVerifiedEmail: async (userId: string, email: string, tx: DbOrTx = db) => {
      const claimedJudges = await tx
        .update(judges)
        .set({ userId })
        .where(
          and(
            eq(judges.email, email),
            isNull(judges.userId),
            isNull(judges.accessRevokedAt),
            // One judge profile per account and competition.
            sql`not exists (select 1 from ${judges} other where other.competition_id = ${judges.competitionId} and other.user_id = ${userId})`,
          ),
        )
        .returning({ competitionId: judges.competitionId });
      if (claimedJudges.length > 0) {
        await tx
          .insert(competitionMembers)
          .values(
            claimedJudges.map((j) => ({ competitionId: j.competitionId, userId, role: 'judge' as const })),
          )
          .onConflictDoNothing();
      }
      // Team invitations still open for the address: the verified account joins those teams, but
      // not a team of a competition it judges (a judge works on no team there), nor its own. The
      // link's hash stays, so the link can say it was used.
      await tx
        .update(teamAccounts)
        .set({ userId, acceptedAt: sql`now()` })
        .where(
          and(
            eq(teamAccounts.email, email),
            isNull(teamAccounts.userId),
            gt(teamAccounts.invitationExpiresAt, sql`now()`),
            sql`not exists (select 1 from ${teams} t where t.id = ${teamAccounts.teamId} and (t.owner_id = ${userId} or exists (select 1 from ${competitionMembers} cm where cm.competition_id = t.competition_id and cm.user_id = ${userId} and cm.role = 'judge')))`,
          ),
        );
      return { judges: claimedJudges.length };
    },
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
