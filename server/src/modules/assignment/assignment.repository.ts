import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../app/db.ts';
import { roundsView } from '../competitions/competitions.repository.ts';
import { competitions, criteria, rounds, tracks } from '../competitions/competitions.table.ts';
import { entriesView } from '../entries/entries.repository.ts';
import { entries, teams } from '../entries/entries.table.ts';
import { judgesView } from '../judges/judges.repository.ts';
import { judges } from '../judges/judges.table.ts';
import { reviewScores, reviews } from '../reviews/reviews.table.ts';
import { files } from '../uploads/uploads.table.ts';
import { assignments } from './assignment.table.ts';

export type AssignmentRow = typeof assignments.$inferSelect;
export type NewAssignment = typeof assignments.$inferInsert;

export function createAssignmentRepository({ db }: { db: DbOrTx }) {
  return {
    /** Every assignment of a round, recused ones too, in a stable order. */
    byRound: (roundId: string, tx: DbOrTx = db) =>
      tx
        .select()
        .from(assignments)
        .where(eq(assignments.roundId, roundId))
        .orderBy(asc(assignments.entryId), asc(assignments.judgeId)),
    findById: async (id: string, tx: DbOrTx = db) =>
      (await tx.select().from(assignments).where(eq(assignments.id, id)).limit(1))[0] ?? null,
    /** The assignment with its judge and round, for deciding who may act on it. */
    findWithContext: async (id: string, tx: DbOrTx = db) =>
      (
        await tx
          .select({ assignment: assignments, judge: judges, round: rounds })
          .from(assignments)
          .innerJoin(judges, eq(judges.id, assignments.judgeId))
          .innerJoin(rounds, eq(rounds.id, assignments.roundId))
          .where(eq(assignments.id, id))
          .limit(1)
      )[0] ?? null,
    /** Every assignment of one judge to one entry, in any round, with its round. */
    forPair: (judgeId: string, entryId: string, tx: DbOrTx = db) =>
      tx
        .select({ assignment: assignments, round: rounds })
        .from(assignments)
        .innerJoin(rounds, eq(rounds.id, assignments.roundId))
        .where(and(eq(assignments.judgeId, judgeId), eq(assignments.entryId, entryId)))
        .orderBy(asc(assignments.id)),
    /**
     * Serializes every change to one round's assignments (a run's save, a recusal, a hand edit):
     * each takes this row lock first, inside its transaction.
     */
    lockRound: (roundId: string, tx: DbOrTx) =>
      tx.select({ id: rounds.id }).from(rounds).where(eq(rounds.id, roundId)).for('update'),

    insertMany: (values: NewAssignment[], tx: DbOrTx = db) =>
      values.length === 0
        ? Promise.resolve([] as AssignmentRow[])
        : tx.insert(assignments).values(values).returning(),
    deleteMany: (ids: string[], tx: DbOrTx = db) =>
      ids.length === 0
        ? Promise.resolve()
        : tx
            .delete(assignments)
            .where(inArray(assignments.id, ids))
            .then(() => undefined),
    update: async (id: string, values: Partial<NewAssignment>, tx: DbOrTx = db) =>
      (await tx.update(assignments).set(values).where(eq(assignments.id, id)).returning())[0]!,
    /** Moves these assignments to one status, in one statement (the demo's reviews, all submitted). */
    setStatusOf: (ids: string[], status: AssignmentRow['status'], tx: DbOrTx = db) =>
      ids.length === 0
        ? Promise.resolve()
        : tx
            .update(assignments)
            .set({ status })
            .where(inArray(assignments.id, ids))
            .then(() => undefined),

    /** Active (not recused) assignments per judge, over every round. */
    activeCountsByJudge: async (judgeIds: string[], tx: DbOrTx = db) => {
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

    /**
     * The judge rows through which a user is assigned to an entry that is still in competition:
     * active assignments (not recused) on a submitted entry, each with its round's country policy.
     * Whether a conflict hides the entry anyway is the access module's to decide.
     */
    judgeAssignmentsOn: (userId: string, entry: { id: string; competitionId: string }, tx: DbOrTx = db) => {
      const judge = judgesView(tx);
      const round = roundsView(tx);
      const onEntry = entriesView(tx);
      return tx
        .select({ judgeId: judge.id, sameCountry: round.conflictSameCountry })
        .from(assignments)
        .innerJoin(judge, eq(judge.id, assignments.judgeId))
        .innerJoin(round, eq(round.id, assignments.roundId))
        .innerJoin(onEntry, eq(onEntry.id, assignments.entryId))
        .where(
          and(
            eq(assignments.entryId, entry.id),
            eq(judge.userId, userId),
            eq(judge.competitionId, entry.competitionId),
            ne(assignments.status, 'recused'),
            eq(onEntry.status, 'submitted'),
          ),
        );
    },

    /** A judge's own active assignments with what their list shows: entry, track, round, review. */
    forJudgeUser: (userId: string, filter: { competitionId?: string; roundId?: string }, tx: DbOrTx = db) =>
      tx
        .select({
          id: assignments.id,
          status: assignments.status,
          judgeId: judges.id,
          competitionId: competitions.id,
          competitionName: competitions.name,
          competitionTimezone: competitions.timezone,
          roundId: rounds.id,
          roundName: rounds.name,
          roundPosition: rounds.position,
          roundClosesAt: rounds.closesAt,
          roundSameCountry: rounds.conflictSameCountry,
          entryId: entries.id,
          entryTitle: entries.title,
          entrySummary: entries.summary,
          trackId: entries.trackId,
          trackName: tracks.name,
          reviewStatus: reviews.status,
          reviewUpdatedAt: reviews.updatedAt,
          reviewSubmittedAt: reviews.submittedAt,
        })
        .from(assignments)
        .innerJoin(judges, eq(judges.id, assignments.judgeId))
        .innerJoin(rounds, eq(rounds.id, assignments.roundId))
        .innerJoin(competitions, eq(competitions.id, rounds.competitionId))
        .innerJoin(entries, eq(entries.id, assignments.entryId))
        .leftJoin(tracks, eq(tracks.id, entries.trackId))
        .leftJoin(reviews, eq(reviews.assignmentId, assignments.id))
        .where(
          and(
            eq(judges.userId, userId),
            ne(assignments.status, 'recused'),
            eq(entries.status, 'submitted'),
            filter.competitionId ? eq(competitions.id, filter.competitionId) : undefined,
            filter.roundId ? eq(rounds.id, filter.roundId) : undefined,
          ),
        )
        .orderBy(
          asc(competitions.name),
          asc(rounds.position),
          asc(tracks.position),
          asc(entries.title),
          asc(assignments.id),
        ),

    /** Everything a judge's review page needs about one assignment. */
    async detail(id: string, tx: DbOrTx = db) {
      const [row] = await tx
        .select({
          assignment: assignments,
          judge: judges,
          round: rounds,
          competitionName: competitions.name,
          competitionTimezone: competitions.timezone,
          entry: entries,
          trackName: tracks.name,
          team: { name: teams.name, organization: teams.organization, country: teams.country },
        })
        .from(assignments)
        .innerJoin(judges, eq(judges.id, assignments.judgeId))
        .innerJoin(rounds, eq(rounds.id, assignments.roundId))
        .innerJoin(competitions, eq(competitions.id, rounds.competitionId))
        .innerJoin(entries, eq(entries.id, assignments.entryId))
        .innerJoin(teams, eq(teams.id, entries.teamId))
        .leftJoin(tracks, eq(tracks.id, entries.trackId))
        .where(eq(assignments.id, id))
        .limit(1);
      if (!row) return null;
      const [entryFiles, rubric, [review]] = await Promise.all([
        tx
          .select({ id: files.id, name: files.name, kind: files.kind, size: files.size, mime: files.mime })
          .from(files)
          .where(eq(files.entryId, row.entry.id))
          .orderBy(asc(files.kind), asc(files.createdAt), asc(files.id)),
        tx.select().from(criteria).where(eq(criteria.roundId, row.round.id)).orderBy(asc(criteria.position)),
        tx.select().from(reviews).where(eq(reviews.assignmentId, id)).limit(1),
      ]);
      const scores = review
        ? await tx
            .select({ key: criteria.key, score: reviewScores.score })
            .from(reviewScores)
            .innerJoin(criteria, eq(criteria.id, reviewScores.criterionId))
            .where(eq(reviewScores.reviewId, review.id))
        : [];
      return { ...row, files: entryFiles, rubric, review: review ?? null, scores };
    },
  };
}
export type AssignmentRepository = ReturnType<typeof createAssignmentRepository>;

// Read views: what other modules may read of these tables inside a statement of their own (see
// competitionsView). Writes never go through a view.

/** Assignments: which judge reviews which entry in which round, and how far it is. */
export const assignmentsView = (db: DbOrTx) =>
  db
    .select({
      id: assignments.id,
      roundId: assignments.roundId,
      entryId: assignments.entryId,
      judgeId: assignments.judgeId,
      status: assignments.status,
    })
    .from(assignments)
    .as('assignments_view');
