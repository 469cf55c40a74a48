import { and, asc, desc, eq, getTableColumns, gt, inArray, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { competitionMembers, competitions, criteria, rounds, tracks } from './competitions.table.ts';

export type CompetitionRow = typeof competitions.$inferSelect;
export type TrackRow = typeof tracks.$inferSelect;
export type RoundRow = typeof rounds.$inferSelect;
export type CriterionRow = typeof criteria.$inferSelect;

/** One membership: this account in this role in this competition. */
const memberIs = (competitionId: string, userId: string, role: 'organizer' | 'judge') =>
  and(
    eq(competitionMembers.competitionId, competitionId),
    eq(competitionMembers.userId, userId),
    eq(competitionMembers.role, role),
  );

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
    /**
     * Row locks held to the end of the caller's transaction: a competition (organizer removals
     * one at a time), a track (an entry moved into it waits), a round (a review saved meanwhile
     * cannot slip past a check).
     */
    lockCompetition: (id: string, tx: DbOrTx) =>
      tx.execute(sql`select 1 from ${competitions} where ${competitions.id} = ${id} for update`),
    lockTrack: (id: string, tx: DbOrTx) =>
      tx.execute(sql`select 1 from ${tracks} where ${tracks.id} = ${id} for update`),
    lockRound: (id: string, tx: DbOrTx) =>
      tx.execute(sql`select 1 from ${rounds} where ${rounds.id} = ${id} for update`),
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
    /** The user's organizer and judge memberships, each with its competition's name. */
    membershipsOf: (userId: string, tx: DbOrTx = db) =>
      tx
        .select({
          competitionId: competitionMembers.competitionId,
          competitionName: competitions.name,
          role: competitionMembers.role,
        })
        .from(competitionMembers)
        .innerJoin(competitions, eq(competitions.id, competitionMembers.competitionId))
        .where(eq(competitionMembers.userId, userId)),
    /** The names of these competitions. */
    namesOf: (ids: string[], tx: DbOrTx = db) =>
      ids.length === 0
        ? Promise.resolve([] as Array<{ id: string; name: string }>)
        : tx
            .select({ id: competitions.id, name: competitions.name })
            .from(competitions)
            .where(inArray(competitions.id, ids)),
    /** The user's roles (organizer, judge) in the competition: the access module asks on every request. */
    memberRoles: async (competitionId: string, userId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ role: competitionMembers.role })
          .from(competitionMembers)
          .where(
            and(eq(competitionMembers.competitionId, competitionId), eq(competitionMembers.userId, userId)),
          )
      ).map((m) => m.role),
    /** Makes these accounts judge members of the competition (those already members stay as they are). */
    addJudgeMembers: (competitionId: string, userIds: string[], tx: DbOrTx = db) =>
      userIds.length === 0
        ? Promise.resolve()
        : tx
            .insert(competitionMembers)
            .values(userIds.map((userId) => ({ competitionId, userId, role: 'judge' as const })))
            .onConflictDoNothing()
            .then(() => undefined),
    removeJudgeMember: (competitionId: string, userId: string, tx: DbOrTx = db) =>
      tx.delete(competitionMembers).where(memberIs(competitionId, userId, 'judge')),

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
    /** Tracks with their positions given, in one statement (the demo's six). */
    insertTracks: (values: Array<typeof tracks.$inferInsert>, tx: DbOrTx = db) =>
      values.length === 0 ? Promise.resolve([] as TrackRow[]) : tx.insert(tracks).values(values).returning(),
    findTrack: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(tracks).where(eq(tracks.id, id)).limit(1))[0] ?? null,
    updateTrack: async (id: string, values: Partial<typeof tracks.$inferInsert>, tx: DbOrTx = db) =>
      (await tx.update(tracks).set(values).where(eq(tracks.id, id)).returning())[0]!,
    deleteTrack: (trackId: string, tx: DbOrTx = db) => tx.delete(tracks).where(eq(tracks.id, trackId)),
    setTrackPositions: async (competitionId: string, orderedIds: string[], tx: DbOrTx = db) => {
      for (const [i, id] of orderedIds.entries()) {
        await tx
          .update(tracks)
          .set({ position: i + 1 })
          .where(and(eq(tracks.id, id), eq(tracks.competitionId, competitionId)));
      }
    },

    /** The competition's organizers (at most 200), longest-serving first: their accounts and since when. */
    organizersOf: (competitionId: string, tx: DbOrTx = db) =>
      tx
        .select({ userId: competitionMembers.userId, since: competitionMembers.createdAt })
        .from(competitionMembers)
        .where(
          and(eq(competitionMembers.competitionId, competitionId), eq(competitionMembers.role, 'organizer')),
        )
        .orderBy(asc(competitionMembers.createdAt))
        .limit(200),
    removeOrganizer: (competitionId: string, userId: string, tx: DbOrTx = db) =>
      tx
        .delete(competitionMembers)
        .where(memberIs(competitionId, userId, 'organizer'))
        .returning({ id: competitionMembers.id }),

    roundsOf: (competitionId: string, tx: DbOrTx = db) =>
      tx.select().from(rounds).where(eq(rounds.competitionId, competitionId)).orderBy(asc(rounds.position)),
    /** The competition's final round: its last by position. */
    finalRound: async (competitionId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select()
          .from(rounds)
          .where(eq(rounds.competitionId, competitionId))
          .orderBy(desc(rounds.position))
          .limit(1)
      )[0] ?? null,
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
    /**
     * Replaces a round's rubric: criteria keep their id when their key stays (so scores saved
     * against them stay attached), others are removed or added.
     */
    replaceCriteria: async (
      roundId: string,
      rubric: Array<Omit<typeof criteria.$inferInsert, 'roundId' | 'position'>>,
      tx: DbOrTx = db,
    ) => {
      const existing = await tx.select().from(criteria).where(eq(criteria.roundId, roundId));
      const keep = new Set(rubric.map((c) => c.key));
      const gone = existing.filter((c) => !keep.has(c.key)).map((c) => c.id);
      if (gone.length > 0) await tx.delete(criteria).where(inArray(criteria.id, gone));
      const byKey = new Map(existing.map((c) => [c.key, c]));
      for (const [i, c] of rubric.entries()) {
        const found = byKey.get(c.key);
        if (found) {
          await tx
            .update(criteria)
            .set({ ...c, position: i + 1 })
            .where(eq(criteria.id, found.id));
        } else {
          await tx.insert(criteria).values({ ...c, roundId, position: i + 1 });
        }
      }
    },
    updateRound: async (id: string, values: Partial<typeof rounds.$inferInsert>, tx: DbOrTx = db) =>
      (await tx.update(rounds).set(values).where(eq(rounds.id, id)).returning())[0]!,
  };
}
export type CompetitionsRepository = ReturnType<typeof createCompetitionsRepository>;

// Read views: what other modules may read of these tables inside a statement of their own, where
// a join is needed for speed (review saving, live scoring) or consistency (under a lock). Each is
// a subquery of the columns others may read, joined by its fields; PostgreSQL flattens it, so the
// plan is the join's. Writes never go through a view.

/** Competitions: names, slug, time zone, submission deadline and when results were published. */
export const competitionsView = (db: DbOrTx) =>
  db
    .select({
      id: competitions.id,
      name: competitions.name,
      nameZh: competitions.nameZh,
      slug: competitions.slug,
      timezone: competitions.timezone,
      submissionClosesAt: competitions.submissionClosesAt,
      resultsPublishedAt: competitions.resultsPublishedAt,
      updatedAt: competitions.updatedAt,
    })
    .from(competitions)
    .as('competitions_view');

/** Rounds, every column (a round holds nothing private): read as a whole `RoundRow`. */
export const roundsView = (db: DbOrTx) => db.select(getTableColumns(rounds)).from(rounds).as('rounds_view');

/** Criteria of the rounds' rubrics, every column: read as a whole `CriterionRow`. */
export const criteriaView = (db: DbOrTx) =>
  db.select(getTableColumns(criteria)).from(criteria).as('criteria_view');

/**
 * Competition members: who holds which role (organizer, judge) where. For a statement that must
 * see memberships in itself: a team invitation is not claimed by an account that judges the
 * team's competition, decided in the claiming update.
 */
export const membersView = (db: DbOrTx) =>
  db
    .select({
      competitionId: competitionMembers.competitionId,
      userId: competitionMembers.userId,
      role: competitionMembers.role,
    })
    .from(competitionMembers)
    .as('members_view');

/** Tracks: name (in both languages) and position (the order lists follow). */
export const tracksView = (db: DbOrTx) =>
  db
    .select({
      id: tracks.id,
      competitionId: tracks.competitionId,
      name: tracks.name,
      nameZh: tracks.nameZh,
      position: tracks.position,
      updatedAt: tracks.updatedAt,
    })
    .from(tracks)
    .as('tracks_view');

/** The competition's submission deadline, its row locked for the caller's transaction. */
export async function lockSubmissionCloses(tx: DbOrTx, competitionId: string) {
  const [row] = await tx
    .select({ submissionClosesAt: competitions.submissionClosesAt })
    .from(competitions)
    .where(eq(competitions.id, competitionId))
    .for('update');
  return row?.submissionClosesAt ?? null;
}

export async function setSubmissionCloses(tx: DbOrTx, competitionId: string, at: Date) {
  await tx.update(competitions).set({ submissionClosesAt: at }).where(eq(competitions.id, competitionId));
}
