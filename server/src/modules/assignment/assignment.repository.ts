import { and, asc, eq, inArray, ne, type Placeholder, sql } from 'drizzle-orm';
import { compiled } from '../../app/compiled.ts';
import { type DbOrTx, equalsAny } from '../../app/db.ts';
import { competitionsView, roundsView, tracksView } from '../competitions/competitions.repository.ts';
import { roundEntriesView } from '../competitions/round-entries.repository.ts';
import { entriesView, teamsView } from '../entries/entries.repository.ts';
import { judgesView } from '../judges/judges.repository.ts';
import { assignments } from './assignment.table.ts';

export type AssignmentRow = typeof assignments.$inferSelect;
export type NewAssignment = typeof assignments.$inferInsert;

/**
 * Assignments with what a review save checks of each: its judge, round, entry, whether the
 * results are out, and (live rounds) the entry's pitch window. Only the columns the checks read:
 * it runs, compiled, on every batch of review saves.
 */
const reviewContext = (tx: DbOrTx, assignmentIds: Placeholder) => {
  const judge = judgesView(tx);
  const round = roundsView(tx);
  const competition = competitionsView(tx);
  const entry = entriesView(tx);
  const pitch = roundEntriesView(tx);
  return tx
    .select({
      assignment: {
        id: assignments.id,
        roundId: assignments.roundId,
        entryId: assignments.entryId,
        judgeId: assignments.judgeId,
        status: assignments.status,
      },
      judge: { userId: judge.userId, competitionId: judge.competitionId },
      round: {
        id: round.id,
        competitionId: round.competitionId,
        kind: round.kind,
        closesAt: round.closesAt,
        conflictSameCountry: round.conflictSameCountry,
      },
      entry: { status: entry.status },
      resultsPublishedAt: competition.resultsPublishedAt,
      timezone: competition.timezone,
      pitch: { startedAt: pitch.pitchStartedAt, scoringClosedAt: pitch.scoringClosedAt },
    })
    .from(assignments)
    .innerJoin(judge, eq(judge.id, assignments.judgeId))
    .innerJoin(round, eq(round.id, assignments.roundId))
    .innerJoin(competition, eq(competition.id, round.competitionId))
    .innerJoin(entry, eq(entry.id, assignments.entryId))
    .leftJoin(pitch, and(eq(pitch.roundId, assignments.roundId), eq(pitch.entryId, assignments.entryId)))
    .where(equalsAny(assignments.id, assignmentIds))
    .$dynamic();
};
const findForReview = compiled(['ids'], (tx, p) => reviewContext(tx, p.ids));
/** Locked for the rest of the transaction, in id order, so two batches that share assignments never deadlock. */
const lockForReview = compiled(['ids'], (tx, p) =>
  reviewContext(tx, p.ids).orderBy(asc(assignments.id)).for('update', { of: assignments }),
);

export function createAssignmentRepository({ db }: { db: DbOrTx }) {
  return {
    /** The assignment with what a review checks of it (see `reviewContext`). */
    findForReview: async (assignmentId: string, tx: DbOrTx = db) =>
      (await findForReview(tx, { ids: [assignmentId] }))[0] ?? null,
    /** See `lockForReview`. */
    lockForReview: (assignmentIds: string[], tx: DbOrTx) => lockForReview(tx, { ids: assignmentIds }),

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
    findWithContext: async (id: string, tx: DbOrTx = db) => {
      const judge = judgesView(tx);
      const round = roundsView(tx);
      return (
        (
          await tx
            .select({ assignment: assignments, judge: judge._.selectedFields, round: round._.selectedFields })
            .from(assignments)
            .innerJoin(judge, eq(judge.id, assignments.judgeId))
            .innerJoin(round, eq(round.id, assignments.roundId))
            .where(eq(assignments.id, id))
            .limit(1)
        )[0] ?? null
      );
    },
    /** Every assignment of one judge to one entry, in any round, with its round. */
    forPair: (judgeId: string, entryId: string, tx: DbOrTx = db) => {
      const round = roundsView(tx);
      return tx
        .select({ assignment: assignments, round: round._.selectedFields })
        .from(assignments)
        .innerJoin(round, eq(round.id, assignments.roundId))
        .where(and(eq(assignments.judgeId, judgeId), eq(assignments.entryId, entryId)))
        .orderBy(asc(assignments.id));
    },

    /** Moves assignments to new statuses, one statement for the batch (a review save's). */
    setStatuses: (
      changes: Array<{ id: string; status: AssignmentRow['status'] }>,
      updatedAt: Date,
      tx: DbOrTx,
    ) =>
      tx.execute(sql`
        update ${assignments} a set status = c.status, updated_at = ${updatedAt.toISOString()}::timestamptz
        from json_to_recordset(${JSON.stringify(changes)}::json) as c(id text, status text)
        where a.id = c.id`),
    /** Panel assignments: one per (entry, judge), kept if they exist already. */
    insertPanel: (rows: Array<{ roundId: string; entryId: string; judgeId: string }>, tx: DbOrTx) =>
      rows.length === 0
        ? Promise.resolve([] as AssignmentRow[])
        : tx
            .insert(assignments)
            .values(rows.map((r) => ({ ...r, source: 'panel' as const, status: 'assigned' as const })))
            .onConflictDoNothing()
            .returning(),
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

    /**
     * A judge's own active assignments with what their list shows: entry, track, round (the
     * reviews' states are the reviews repository's `statusesOf`).
     */
    forJudgeUser: (userId: string, filter: { competitionId?: string; roundId?: string }, tx: DbOrTx = db) => {
      const judge = judgesView(tx);
      const round = roundsView(tx);
      const competition = competitionsView(tx);
      const entry = entriesView(tx);
      const track = tracksView(tx);
      return tx
        .select({
          id: assignments.id,
          status: assignments.status,
          judgeId: judge.id,
          competitionId: competition.id,
          competitionName: competition.name,
          competitionTimezone: competition.timezone,
          roundId: round.id,
          roundName: round.name,
          roundKind: round.kind,
          roundPosition: round.position,
          roundClosesAt: round.closesAt,
          roundSameCountry: round.conflictSameCountry,
          entryId: entry.id,
          entryTitle: entry.title,
          entrySummary: entry.summary,
          trackId: entry.trackId,
          trackName: track.name,
        })
        .from(assignments)
        .innerJoin(judge, eq(judge.id, assignments.judgeId))
        .innerJoin(round, eq(round.id, assignments.roundId))
        .innerJoin(competition, eq(competition.id, round.competitionId))
        .innerJoin(entry, eq(entry.id, assignments.entryId))
        .leftJoin(track, eq(track.id, entry.trackId))
        .where(
          and(
            eq(judge.userId, userId),
            ne(assignments.status, 'recused'),
            eq(entry.status, 'submitted'),
            filter.competitionId ? eq(competition.id, filter.competitionId) : undefined,
            filter.roundId ? eq(round.id, filter.roundId) : undefined,
          ),
        )
        .orderBy(
          asc(competition.name),
          asc(round.position),
          asc(track.position),
          asc(entry.title),
          asc(assignments.id),
        );
    },

    /**
     * The assignment as a judge's review page shows it: its judge, round, competition, entry, team
     * and track (its files, rubric and review are their owners' to give).
     */
    async detail(id: string, tx: DbOrTx = db) {
      const judge = judgesView(tx);
      const round = roundsView(tx);
      const competition = competitionsView(tx);
      const entry = entriesView(tx);
      const team = teamsView(tx);
      const track = tracksView(tx);
      const [row] = await tx
        .select({
          assignment: assignments,
          judge: judge._.selectedFields,
          round: round._.selectedFields,
          competitionName: competition.name,
          competitionTimezone: competition.timezone,
          entry: entry._.selectedFields,
          trackName: track.name,
          team: { name: team.name, organization: team.organization, country: team.country },
        })
        .from(assignments)
        .innerJoin(judge, eq(judge.id, assignments.judgeId))
        .innerJoin(round, eq(round.id, assignments.roundId))
        .innerJoin(competition, eq(competition.id, round.competitionId))
        .innerJoin(entry, eq(entry.id, assignments.entryId))
        .innerJoin(team, eq(team.id, entry.teamId))
        .leftJoin(track, eq(track.id, entry.trackId))
        .where(eq(assignments.id, id))
        .limit(1);
      return row ?? null;
    },
  };
}
export type AssignmentRepository = ReturnType<typeof createAssignmentRepository>;

// Read views: what other modules may read of these tables inside a statement of their own (see
// competitionsView). Writes and locks never go through a view.

/** Assignments: which judge reviews which entry in which round, how far it is, how it was made. */
export const assignmentsView = (db: DbOrTx) =>
  db
    .select({
      id: assignments.id,
      roundId: assignments.roundId,
      entryId: assignments.entryId,
      judgeId: assignments.judgeId,
      status: assignments.status,
      source: assignments.source,
    })
    .from(assignments)
    .as('assignments_view');
