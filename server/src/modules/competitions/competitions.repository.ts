import { and, asc, eq, gt, inArray, max } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { competitionMembers, competitions, criteria, rounds, tracks } from './competitions.table.ts';

export type CompetitionRow = typeof competitions.$inferSelect;
export type TrackRow = typeof tracks.$inferSelect;
export type RoundRow = typeof rounds.$inferSelect;
export type CriterionRow = typeof criteria.$inferSelect;

export function createCompetitionsRepository({ db }: { db: DbOrTx }) {
  return {
    findById: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(competitions).where(eq(competitions.id, id)).limit(1))[0] ?? null,
    /** Whether the competition's results are published (after that, no score changes). */
    resultsPublished: async (id: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ at: competitions.resultsPublishedAt })
          .from(competitions)
          .where(eq(competitions.id, id))
          .limit(1)
      )[0]?.at != null,
    findBySlug: async (slug: string, tx: DbOrTx = db) =>
      (await tx.select().from(competitions).where(eq(competitions.slug, slug)).limit(1))[0] ?? null,
    /** Competitions the user organizes, by name, keyset-paginated on id. */
    listOrganizedBy: (
      userId: string,
      { cursor, limit }: { cursor?: string; limit: number },
      tx: DbOrTx = db,
    ) =>
      tx
        .select({ competition: competitions })
        .from(competitions)
        .innerJoin(
          competitionMembers,
          and(
            eq(competitionMembers.competitionId, competitions.id),
            eq(competitionMembers.userId, userId),
            eq(competitionMembers.role, 'organizer'),
          ),
        )
        .where(cursor ? gt(competitions.id, cursor) : undefined)
        .orderBy(asc(competitions.id))
        .limit(limit + 1)
        .then((rows) => rows.map((r) => r.competition)),
    listAll: (tx: DbOrTx = db) =>
      tx.select().from(competitions).orderBy(asc(competitions.submissionClosesAt)),
    insert: async (values: typeof competitions.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(competitions).values(values).returning())[0]!,
    update: async (id: string, values: Partial<typeof competitions.$inferInsert>, tx: DbOrTx = db) =>
      (await tx.update(competitions).set(values).where(eq(competitions.id, id)).returning())[0]!,
    addMember: (values: typeof competitionMembers.$inferInsert, tx: DbOrTx = db) =>
      tx.insert(competitionMembers).values(values).onConflictDoNothing(),

    tracksOf: (competitionIds: string[], tx: DbOrTx = db) =>
      competitionIds.length === 0
        ? Promise.resolve([] as TrackRow[])
        : tx
            .select()
            .from(tracks)
            .where(inArray(tracks.competitionId, competitionIds))
            .orderBy(asc(tracks.position)),
    insertTrack: async (values: Omit<typeof tracks.$inferInsert, 'position'>, tx: DbOrTx = db) => {
      const [last] = await tx
        .select({ position: max(tracks.position) })
        .from(tracks)
        .where(eq(tracks.competitionId, values.competitionId));
      return (
        await tx
          .insert(tracks)
          .values({ ...values, position: (last?.position ?? 0) + 1 })
          .returning()
      )[0]!;
    },

    roundsOf: (competitionId: string, tx: DbOrTx = db) =>
      tx.select().from(rounds).where(eq(rounds.competitionId, competitionId)).orderBy(asc(rounds.position)),
    findRound: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(rounds).where(eq(rounds.id, id)).limit(1))[0] ?? null,
    criteriaOf: (roundIds: string[], tx: DbOrTx = db) =>
      roundIds.length === 0
        ? Promise.resolve([] as CriterionRow[])
        : tx
            .select()
            .from(criteria)
            .where(inArray(criteria.roundId, roundIds))
            .orderBy(asc(criteria.position)),
    insertRound: async (
      values: Omit<typeof rounds.$inferInsert, 'position'>,
      rubric: Array<Omit<typeof criteria.$inferInsert, 'roundId' | 'position'>>,
      tx: DbOrTx = db,
    ) => {
      const [last] = await tx
        .select({ position: max(rounds.position) })
        .from(rounds)
        .where(eq(rounds.competitionId, values.competitionId));
      const round = (
        await tx
          .insert(rounds)
          .values({ ...values, position: (last?.position ?? 0) + 1 })
          .returning()
      )[0]!;
      const rows = await tx
        .insert(criteria)
        .values(rubric.map((c, i) => ({ ...c, roundId: round.id, position: i + 1 })))
        .returning();
      return { round, criteria: rows };
    },
    updateRound: async (id: string, values: Partial<typeof rounds.$inferInsert>, tx: DbOrTx = db) =>
      (await tx.update(rounds).set(values).where(eq(rounds.id, id)).returning())[0]!,
  };
}
export type CompetitionsRepository = ReturnType<typeof createCompetitionsRepository>;
