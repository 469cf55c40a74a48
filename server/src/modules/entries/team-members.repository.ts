import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { worksOnTeam } from '../../app/team-access.ts';
import { membersView } from '../competitions/competitions.repository.ts';
import { teamAccounts, teams } from './entries.table.ts';

export type TeamAccountRow = typeof teamAccounts.$inferSelect;

/**
 * Team members' rows (team_accounts): the team members service's one door to its tables, and the
 * access module's to who works on a team.
 */
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

    /** The teams of the competition the user works on (owns or accepted the invitation of). */
    teamIdsIn: async (competitionId: string, userId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ id: teams.id })
          .from(teams)
          .where(and(eq(teams.competitionId, competitionId), worksOnTeam(userId)))
      ).map((t) => t.id),

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

    /** The invitation a token hash names, with its team. */
    findByTokenHash: async (hash: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ account: teamAccounts, team: teams })
          .from(teamAccounts)
          .innerJoin(teams, eq(teams.id, teamAccounts.teamId))
          .where(eq(teamAccounts.invitationTokenHash, hash))
          .limit(1)
      )[0] ?? null,

    listOfTeam: (teamId: string, tx: DbOrTx = db) =>
      tx
        .select()
        .from(teamAccounts)
        .where(eq(teamAccounts.teamId, teamId))
        .orderBy(teamAccounts.createdAt, teamAccounts.id),

    /** The competitions where the user works on a team (owns it or accepted its invitation). */
    competitionsOf: async (userId: string, tx: DbOrTx = db) =>
      (
        await tx.selectDistinct({ competitionId: teams.competitionId }).from(teams).where(worksOnTeam(userId))
      ).map((t) => t.competitionId),

    /**
     * Team invitations still open for an address, claimed by the account that verified it: it
     * joins those teams, but not a team of a competition it judges (a judge works on no team
     * there), nor its own. The link's hash stays, so the link can say it was used.
     */
    claimInvitations: (userId: string, email: string, tx: DbOrTx) => {
      const roles = membersView(tx);
      return tx
        .update(teamAccounts)
        .set({ userId, acceptedAt: sql`now()` })
        .where(
          and(
            eq(teamAccounts.email, email),
            isNull(teamAccounts.userId),
            gt(teamAccounts.invitationExpiresAt, sql`now()`),
            sql`not exists (select 1 from ${teams} t where t.id = ${teamAccounts.teamId} and (t.owner_id = ${userId} or exists (select 1 from ${roles} where ${roles.competitionId} = t.competition_id and ${roles.userId} = ${userId} and ${roles.role} = 'judge')))`,
          ),
        );
    },

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
