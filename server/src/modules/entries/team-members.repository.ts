import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { worksOnTeam } from '../../app/team-access.ts';
import { competitions } from '../competitions/competitions.table.ts';
import { users } from '../users/users.table.ts';
import { teamAccounts, teams } from './entries.table.ts';

export type TeamAccountRow = typeof teamAccounts.$inferSelect;

/** Team members' rows (team_accounts): the team members service's one door to its tables. */
export function createTeamMembersRepository({ db }: { db: DbOrTx }) {
  return {
    findTeam: async (teamId: string, tx: DbOrTx = db) =>
      (await tx.select().from(teams).where(eq(teams.id, teamId)).limit(1))[0] ?? null,

    /** Whether the user works on a team of the competition (owns it or accepted its invitation). */
    worksOnTeamIn: async (competitionId: string, userId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ id: teams.id })
          .from(teams)
          .where(and(eq(teams.competitionId, competitionId), worksOnTeam(userId)))
          .limit(1)
      ).length > 0,

    /** Whether the user accepted an invitation to the team (and was not removed since). */
    isAcceptedMember: async (teamId: string, userId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ id: teamAccounts.id })
          .from(teamAccounts)
          .where(
            and(
              eq(teamAccounts.teamId, teamId),
              eq(teamAccounts.userId, userId),
              isNotNull(teamAccounts.acceptedAt),
            ),
          )
          .limit(1)
      ).length > 0,

    findCompetition: async (competitionId: string, tx: DbOrTx = db) =>
      (await tx.select().from(competitions).where(eq(competitions.id, competitionId)).limit(1))[0] ?? null,

    findUserByEmail: async (email: string, tx: DbOrTx = db) =>
      (await tx.select().from(users).where(eq(users.email, email)).limit(1))[0] ?? null,

    findUser: async (userId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ name: users.name, email: users.email })
          .from(users)
          .where(eq(users.id, userId))
          .limit(1)
      )[0] ?? null,

    /** The invitation a token hash names, with its team, competition name and inviter's name. */
    findByTokenHash: async (hash: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({
            account: teamAccounts,
            team: teams,
            competitionName: competitions.name,
            inviter: users.name,
          })
          .from(teamAccounts)
          .innerJoin(teams, eq(teams.id, teamAccounts.teamId))
          .innerJoin(competitions, eq(competitions.id, teams.competitionId))
          .leftJoin(users, eq(users.id, teamAccounts.invitedBy))
          .where(eq(teamAccounts.invitationTokenHash, hash))
          .limit(1)
      )[0] ?? null,

    listOfTeam: (teamId: string, tx: DbOrTx = db) =>
      tx
        .select({ account: teamAccounts, name: users.name })
        .from(teamAccounts)
        .leftJoin(users, eq(users.id, teamAccounts.userId))
        .where(eq(teamAccounts.teamId, teamId))
        .orderBy(teamAccounts.createdAt, teamAccounts.id),

    /** The team's row for an address, locked until the transaction ends. */
    lockByEmail: async (teamId: string, email: string, tx: DbOrTx) =>
      (
        await tx
          .select()
          .from(teamAccounts)
          .where(and(eq(teamAccounts.teamId, teamId), eq(teamAccounts.email, email)))
          .for('update')
          .limit(1)
      )[0] ?? null,

    update: async (id: string, values: Partial<TeamAccountRow>, tx: DbOrTx = db) =>
      (await tx.update(teamAccounts).set(values).where(eq(teamAccounts.id, id)).returning())[0]!,

    insert: async (values: typeof teamAccounts.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(teamAccounts).values(values).returning())[0]!,

    remove: async (teamId: string, id: string, tx: DbOrTx = db) =>
      (
        await tx
          .delete(teamAccounts)
          .where(and(eq(teamAccounts.id, id), eq(teamAccounts.teamId, teamId)))
          .returning()
      )[0] ?? null,

    /**
     * Marks the invitation accepted, once: null when the token was used or replaced meanwhile. The
     * hash stays, so the used link can still say it was used.
     */
    accept: async (id: string, hash: string, userId: string, at: Date, tx: DbOrTx = db) =>
      (
        await tx
          .update(teamAccounts)
          .set({ userId, acceptedAt: at })
          .where(
            and(
              eq(teamAccounts.id, id),
              eq(teamAccounts.invitationTokenHash, hash),
              isNull(teamAccounts.acceptedAt),
            ),
          )
          .returning()
      )[0] ?? null,
  };
}
export type TeamMembersRepository = ReturnType<typeof createTeamMembersRepository>;
