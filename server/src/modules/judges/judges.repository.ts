import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { type DbOrTx, equalsAny } from '../../app/db.ts';
import { assignments } from '../assignment/assignment.table.ts';
import { competitionMembers, competitions } from '../competitions/competitions.table.ts';
import { entries, teamMembers, teams } from '../entries/entries.table.ts';
import { users } from '../users/users.table.ts';
import { conflicts, judges } from './judges.table.ts';

export type JudgeRow = typeof judges.$inferSelect;
export type ConflictRow = typeof conflicts.$inferSelect;

export function createJudgesRepository({ db }: { db: DbOrTx }) {
  const findDeclared = async (
    pair: { judgeId: string; entryId: string; source: ConflictRow['source'] },
    tx: DbOrTx = db,
  ) =>
    (
      await tx
        .select()
        .from(conflicts)
        .where(
          and(
            eq(conflicts.judgeId, pair.judgeId),
            eq(conflicts.entryId, pair.entryId),
            eq(conflicts.source, pair.source),
          ),
        )
        .limit(1)
    )[0] ?? null;

  return {
    /** The competition's judges, or only those named by `ids`. */
    listByCompetition: (competitionId: string, tx: DbOrTx = db, ids?: string[]) =>
      tx
        .select()
        .from(judges)
        .where(and(eq(judges.competitionId, competitionId), ids ? equalsAny(judges.id, ids) : undefined))
        .orderBy(asc(judges.id)),
    /** The names of these judges, for the tally's table. */
    namesOf: (judgeIds: string[], tx: DbOrTx = db) =>
      judgeIds.length === 0
        ? Promise.resolve([] as Array<{ id: string; name: string }>)
        : tx.select({ id: judges.id, name: judges.name }).from(judges).where(inArray(judges.id, judgeIds)),
    findById: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(judges).where(eq(judges.id, id)).limit(1))[0] ?? null,
    findByUser: async (competitionId: string, userId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select()
          .from(judges)
          .where(and(eq(judges.competitionId, competitionId), eq(judges.userId, userId)))
          .limit(1)
      )[0] ?? null,
    /** Every judge profile of a user, in any competition. */
    listByUser: (userId: string, tx: DbOrTx = db) =>
      tx.select().from(judges).where(eq(judges.userId, userId)),
    findByInvitation: async (tokenHash: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ judge: judges, competitionName: competitions.name, account: users })
          .from(judges)
          .innerJoin(competitions, eq(competitions.id, judges.competitionId))
          // The account that holds the judge's address, if any: it is not the judge until the
          // token is used (with that account's password) or the address is verified.
          .leftJoin(users, eq(users.email, judges.email))
          .where(eq(judges.invitationTokenHash, tokenHash))
          .limit(1)
      )[0] ?? null,
    emailsInCompetition: async (competitionId: string, tx: DbOrTx = db) =>
      new Set(
        (
          await tx.select({ email: judges.email }).from(judges).where(eq(judges.competitionId, competitionId))
        ).map((r) => r.email),
      ),
    insert: async (values: typeof judges.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(judges).values(values).returning())[0]!,
    insertMany: (values: Array<typeof judges.$inferInsert>, tx: DbOrTx = db) =>
      tx.insert(judges).values(values).returning(),
    update: async (id: string, values: Partial<typeof judges.$inferInsert>, tx: DbOrTx = db) =>
      (await tx.update(judges).set(values).where(eq(judges.id, id)).returning())[0]!,
    /** Takes the invitation: only while the token is still this one, so of two racing accepts one wins. */
    acceptInvitation: async (id: string, tokenHash: string, at: Date, tx: DbOrTx = db) =>
      (
        await tx
          .update(judges)
          .set({ invitationTokenHash: null, invitationAcceptedAt: at })
          .where(and(eq(judges.id, id), eq(judges.invitationTokenHash, tokenHash)))
          .returning()
      )[0] ?? null,
    remove: (id: string, tx: DbOrTx = db) => tx.delete(judges).where(eq(judges.id, id)),
    addJudgeMembership: (competitionId: string, userId: string, tx: DbOrTx = db) =>
      tx.insert(competitionMembers).values({ competitionId, userId, role: 'judge' }).onConflictDoNothing(),
    addJudgeMemberships: (competitionId: string, userIds: string[], tx: DbOrTx = db) =>
      userIds.length === 0
        ? Promise.resolve()
        : tx
            .insert(competitionMembers)
            .values(userIds.map((userId) => ({ competitionId, userId, role: 'judge' as const })))
            .onConflictDoNothing()
            .then(() => undefined),
    removeJudgeMembership: (competitionId: string, userId: string, tx: DbOrTx = db) =>
      tx
        .delete(competitionMembers)
        .where(
          and(
            eq(competitionMembers.competitionId, competitionId),
            eq(competitionMembers.userId, userId),
            eq(competitionMembers.role, 'judge'),
          ),
        ),

    /** Active (not recused) assignments per judge, over every round. */
    assignmentCounts: async (judgeIds: string[], tx: DbOrTx = db) => {
      if (judgeIds.length === 0) return new Map<string, number>();
      const rows = await tx
        .select({ judgeId: assignments.judgeId, n: sql<number>`count(*)::int` })
        .from(assignments)
        .where(and(inArray(assignments.judgeId, judgeIds), ne(assignments.status, 'recused')))
        .groupBy(assignments.judgeId);
      return new Map(rows.map((r) => [r.judgeId, Number(r.n)]));
    },
    /** Assignments of a judge whose review is under way or done: removing the judge would lose them. */
    reviewsUnderWay: async (judgeId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(assignments)
          .where(and(eq(assignments.judgeId, judgeId), inArray(assignments.status, ['started', 'submitted'])))
      )[0]?.n ?? 0,

    // Declared conflicts.
    /** The competition's declared conflicts, or only those naming one of `judgeIds` and of `entryIds`. */
    declaredConflicts: (
      competitionId: string,
      tx: DbOrTx = db,
      among: { judgeIds?: string[]; entryIds?: string[] } = {},
    ) =>
      tx
        .select()
        .from(conflicts)
        .where(
          and(
            eq(conflicts.competitionId, competitionId),
            among.judgeIds ? equalsAny(conflicts.judgeId, among.judgeIds) : undefined,
            among.entryIds ? equalsAny(conflicts.entryId, among.entryIds) : undefined,
          ),
        )
        .orderBy(asc(conflicts.judgeId), asc(conflicts.entryId), asc(conflicts.id)),
    findConflict: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(conflicts).where(eq(conflicts.id, id)).limit(1))[0] ?? null,
    findDeclared,
    insertConflict: async (values: typeof conflicts.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(conflicts).values(values).returning())[0]!,
    /** Adds the conflict unless that judge, entry and source are already on record; returns the row either way. */
    ensureConflict: async (values: typeof conflicts.$inferInsert, tx: DbOrTx = db) => {
      const [inserted] = await tx.insert(conflicts).values(values).onConflictDoNothing().returning();
      if (inserted) return { row: inserted, created: true };
      return { row: (await findDeclared(values, tx))!, created: false };
    },
    deleteConflict: (id: string, tx: DbOrTx = db) => tx.delete(conflicts).where(eq(conflicts.id, id)),

    /**
     * What conflict detection needs to know about entries: the team's organization, country, every
     * listed member's email, and the organizations it asked to avoid. The owner's sign-in email is
     * not a member's unless the team lists it. Only submitted
     * entries take part in rounds, so only they are loaded, unless `entryIds` names others.
     */
    async entriesForConflicts(competitionId: string, options: { entryIds?: string[] } = {}, tx: DbOrTx = db) {
      if (options.entryIds && options.entryIds.length === 0) return [];
      // One statement, its members aggregated beside each entry, and the ids as one array
      // parameter: it runs on every batch of review saves, where an `in (…)` list of a hundred ids
      // was a statement planned afresh each time, and the members a second round trip after it.
      const rows = await tx
        .select({
          id: entries.id,
          title: entries.title,
          trackId: entries.trackId,
          status: entries.status,
          avoidOrganizations: entries.avoidOrganizations,
          organization: teams.organization,
          country: teams.country,
          memberEmails: sql<
            string[]
          >`coalesce((select array_agg(${teamMembers.email}) from ${teamMembers} where ${teamMembers.teamId} = ${teams.id}), '{}')`,
        })
        .from(entries)
        .innerJoin(teams, eq(teams.id, entries.teamId))
        .where(
          and(
            eq(entries.competitionId, competitionId),
            options.entryIds ? equalsAny(entries.id, options.entryIds) : eq(entries.status, 'submitted'),
          ),
        )
        .orderBy(asc(entries.id));
      return rows;
    },
  };
}
export type JudgesRepository = ReturnType<typeof createJudgesRepository>;
