import { and, eq, gt, lt } from 'drizzle-orm';
import { type DbOrTx, equalsAny } from '../../app/db.ts';
import { competitionMembers, competitions } from '../competitions/competitions.table.ts';
import { teams } from '../entries/entries.table.ts';
import { sessions, users } from './users.table.ts';

export function createUsersRepository({ db }: { db: DbOrTx }) {
  return {
    findByEmail: async (email: string, tx: DbOrTx = db) =>
      (await tx.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1))[0] ?? null,
    findById: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(users).where(eq(users.id, id)).limit(1))[0] ?? null,
    insert: async (values: typeof users.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(users).values(values).returning())[0]!,
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
    deleteExpiredSessions: (now: Date, tx: DbOrTx = db) =>
      tx.delete(sessions).where(lt(sessions.expiresAt, now)),
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
