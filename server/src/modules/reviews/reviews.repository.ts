import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, ne, notExists, sql } from 'drizzle-orm';
import { compiled } from '../../app/compiled.ts';
import { type DbOrTx, equalsAny } from '../../app/db.ts';
import { type AssignmentRow, assignmentsView } from '../assignment/assignment.repository.ts';
import { competitionsView, criteriaView, roundsView } from '../competitions/competitions.repository.ts';
import { roundEntriesView } from '../competitions/round-entries.repository.ts';
import { entriesView, teamsView } from '../entries/entries.repository.ts';
import { conflictsView, judgesView } from '../judges/judges.repository.ts';
import { reminders, reviewScores, reviews } from './reviews.table.ts';

export type ReviewRow = typeof reviews.$inferSelect;
export type AssignmentStatus = AssignmentRow['status'];

/** A review as saved: what the batch writes for one assignment. */
export type ReviewWrite = {
  id: string;
  assignmentId: string;
  comment: string;
  privateNote: string;
  total: number | null;
  status: 'draft' | 'submitted';
  submittedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** The scores to store: those given that differ from the stored ones. */
  scores: Array<{ criterionId: string; score: number; min: number; max: number }>;
  /** Criteria scored before and not now: their stored scores go. */
  droppedCriterionIds: string[];
};

/** Reviews of assignments, each with its scores keyed by criterion key: compiled, a review save reads it. */
const reviewsWithScoresOf = compiled(['assignmentIds'], (tx, p) => {
  const criterion = criteriaView(tx);
  // Names spelled out: Drizzle leaves columns unqualified in a single-table select, the view's too.
  const c = sql.identifier(criterion._.alias);
  return tx
    .select({
      review: reviews,
      scores: sql<Record<string, number> | null>`(
        select json_object_agg(${c}.key, s.score)
        from review_scores s inner join ${criterion} on ${c}.id = s.criterion_id
        where s.review_id = "reviews"."id")`,
    })
    .from(reviews)
    .where(equalsAny(reviews.assignmentId, p.assignmentIds));
});

async function reviewsWithScores(tx: DbOrTx, assignmentIds: string[]) {
  const rows = await reviewsWithScoresOf(tx, { assignmentIds });
  return rows.map((row) => ({ ...row.review, scores: row.scores ?? {} }));
}

/** The rubrics of the rounds these assignments belong to, found from the assignments alone. */
const criteriaOfAssignments = compiled(['assignmentIds'], (tx, p) => {
  const criterion = criteriaView(tx);
  const assignment = assignmentsView(tx);
  return tx
    .select(criterion._.selectedFields)
    .from(criterion)
    .where(
      inArray(
        criterion.roundId,
        tx
          .select({ roundId: assignment.roundId })
          .from(assignment)
          .where(equalsAny(assignment.id, p.assignmentIds)),
      ),
    )
    .orderBy(asc(criterion.roundId), asc(criterion.position));
});

/** When a reminder last went, as a column of a query grouped by judge (or by round). */
const lastReminderAt = sql<Date>`max(${reminders.createdAt})`.mapWith((v) => new Date(v));
const lastReminderPerJudge = { judgeId: reminders.judgeId, at: lastReminderAt };

export function createReviewsRepository({ db }: { db: DbOrTx }) {
  return {
    /** Which of these rounds have at least one review saved (their rubric is then fixed). */
    roundsWithReviews: async (roundIds: string[], tx: DbOrTx = db) => {
      if (roundIds.length === 0) return new Set<string>();
      const assigned = assignmentsView(tx);
      const rows = await tx
        .selectDistinct({ roundId: assigned.roundId })
        .from(reviews)
        .innerJoin(assigned, eq(assigned.id, reviews.assignmentId))
        .where(inArray(assigned.roundId, roundIds));
      return new Set(rows.map((r) => r.roundId));
    },
    /** A review with its scores keyed by criterion key. */
    findReview: async (assignmentId: string, tx: DbOrTx = db) =>
      (await reviewsWithScores(tx, [assignmentId]))[0] ?? null,

    /** The state of these assignments' reviews (those saved), for a judge's list. */
    statusesOf: (assignmentIds: string[], tx: DbOrTx = db) =>
      assignmentIds.length === 0
        ? Promise.resolve([])
        : tx
            .select({
              assignmentId: reviews.assignmentId,
              status: reviews.status,
              updatedAt: reviews.updatedAt,
              submittedAt: reviews.submittedAt,
            })
            .from(reviews)
            .where(equalsAny(reviews.assignmentId, assignmentIds)),

    /** The reviews of assignments, each with its scores keyed by criterion key, in one query. */
    findReviews: (assignmentIds: string[], tx: DbOrTx) => reviewsWithScores(tx, assignmentIds),

    /** The rubrics of the rounds these assignments belong to, found from the assignments alone. */
    criteriaOfAssignments: (assignmentIds: string[], tx: DbOrTx = db) =>
      criteriaOfAssignments(tx, { assignmentIds }),

    /**
     * Saves reviews and their scores, in one statement of a fixed text (the batch travels as JSON
     * parameters), so it is prepared once per connection. A score that did not change is not
     * rewritten (the caller leaves out those it knows are stored, and the statement skips any
     * other). The caller holds the assignments' locks, so each review's id is known: its stored
     * one, or a new one.
     */
    saveReviews: (saved: ReviewWrite[], tx: DbOrTx) =>
      tx.execute(sql`
        with upserted as (
          insert into ${reviews} (id, assignment_id, comment, private_note, total, status, submitted_at, created_at, updated_at)
          select id, "assignmentId", comment, "privateNote", total, status, "submittedAt", "createdAt", "updatedAt"
          from json_to_recordset(${JSON.stringify(saved.map(({ scores, droppedCriterionIds, ...review }) => review))}::json)
            as r(id text, "assignmentId" text, comment text, "privateNote" text, total float8, status text,
                 "submittedAt" timestamptz, "createdAt" timestamptz, "updatedAt" timestamptz)
          on conflict (assignment_id) do update set
            comment = excluded.comment, private_note = excluded.private_note, total = excluded.total,
            status = excluded.status, submitted_at = excluded.submitted_at, updated_at = excluded.updated_at
        )
        insert into ${reviewScores} (id, review_id, criterion_id, score, min, max)
        select id, "reviewId", "criterionId", score, min, max
        from json_to_recordset(${JSON.stringify(
          saved.flatMap((r) =>
            r.scores.map((x) => ({
              id: randomUUID(),
              reviewId: r.id,
              criterionId: x.criterionId,
              score: x.score,
              min: x.min,
              max: x.max,
            })),
          ),
        )}::json) as g(id text, "reviewId" text, "criterionId" text, score int, min int, max int)
        on conflict (review_id, criterion_id) do update set score = excluded.score, min = excluded.min, max = excluded.max
        where (${reviewScores.score}, ${reviewScores.min}, ${reviewScores.max})
          is distinct from (excluded.score, excluded.min, excluded.max)`),

    /**
     * Inserts reviews with their scores, in two statements (the demo's submitted reviews, which
     * carry their ids): plain inserts, no upsert; a live judge's save goes through saveReviews.
     */
    insertWithScores: async (
      written: Array<
        typeof reviews.$inferInsert & {
          id: string;
          scores: Array<{ criterionId: string; score: number; min: number; max: number }>;
        }
      >,
      tx: DbOrTx,
    ) => {
      if (written.length === 0) return;
      await tx.insert(reviews).values(written.map(({ scores, ...review }) => review));
      const scores = written.flatMap((r) => r.scores.map((s) => ({ reviewId: r.id, ...s })));
      if (scores.length > 0) await tx.insert(reviewScores).values(scores);
    },

    /** Deletes the scores a judge cleared from a draft: (review, criterion) pairs, by the unique key. */
    deleteScores: (cleared: Array<{ reviewId: string; criterionId: string }>, tx: DbOrTx) =>
      tx.execute(sql`
        delete from ${reviewScores} s
        using json_to_recordset(${JSON.stringify(cleared)}::json) as d("reviewId" text, "criterionId" text)
        where s.review_id = d."reviewId" and s.criterion_id = d."criterionId"`),

    /** Every assignment of a round (recused ones included), with each review's status and total. */
    assignmentsOfRound: (roundId: string, tx: DbOrTx = db) => {
      const assignment = assignmentsView(tx);
      return tx
        .select({
          id: assignment.id,
          entryId: assignment.entryId,
          judgeId: assignment.judgeId,
          status: assignment.status,
          source: assignment.source,
          total: reviews.total,
          reviewStatus: reviews.status,
        })
        .from(assignment)
        .leftJoin(reviews, eq(reviews.assignmentId, assignment.id))
        .where(eq(assignment.roundId, roundId))
        .orderBy(asc(assignment.id));
    },

    /** What a live board shows of each entry, with its team and pitch position. */
    entryCards: (roundId: string, entryIds: string[], tx: DbOrTx = db) => {
      if (entryIds.length === 0) return Promise.resolve([]);
      const entry = entriesView(tx);
      const team = teamsView(tx);
      const inRound = roundEntriesView(tx);
      return tx
        .select({
          id: entry.id,
          title: entry.title,
          summary: entry.summary,
          trackId: entry.trackId,
          teamName: team.name,
          country: team.country,
          position: inRound.position,
          pitchStartedAt: inRound.pitchStartedAt,
          scoringClosedAt: inRound.scoringClosedAt,
        })
        .from(entry)
        .innerJoin(team, eq(team.id, entry.teamId))
        .leftJoin(inRound, and(eq(inRound.entryId, entry.id), eq(inRound.roundId, roundId)))
        .where(inArray(entry.id, entryIds));
    },

    insertReminders: (
      rows: Array<{ roundId: string; judgeId: string; sentBy: string; createdAt: Date }>,
      tx: DbOrTx,
    ) => tx.insert(reminders).values(rows).returning(),

    /**
     * Each of these judges' latest reminder in any round. Read in a statement of its own once the
     * judges' rows are locked (judges.lockByIds): under READ COMMITTED a statement that waited for
     * a lock still reads from the snapshot it started with, and would miss the reminder the other
     * transaction just committed.
     */
    lastRemindersOf: (judgeIds: string[], tx: DbOrTx = db) =>
      judgeIds.length === 0
        ? Promise.resolve([])
        : tx
            .select(lastReminderPerJudge)
            .from(reminders)
            .where(equalsAny(reminders.judgeId, judgeIds))
            .groupBy(reminders.judgeId),

    /** Each judge's latest reminder in any round of the competition (one a day per judge). */
    lastRemindersOfCompetition: (competitionId: string, tx: DbOrTx = db) => {
      const judge = judgesView(tx);
      return tx
        .select(lastReminderPerJudge)
        .from(reminders)
        .innerJoin(judge, eq(judge.id, reminders.judgeId))
        .where(eq(judge.competitionId, competitionId))
        .groupBy(reminders.judgeId);
    },

    lastRemindersOfRound: (roundId: string, tx: DbOrTx = db) =>
      tx
        .select(lastReminderPerJudge)
        .from(reminders)
        .where(eq(reminders.roundId, roundId))
        .groupBy(reminders.judgeId),

    /**
     * The reminders a user's judge profiles received, newest first per round, for rounds where
     * that judge still has reviews left.
     */
    remindersOfUser: (userId: string, tx: DbOrTx = db) => {
      const judge = judgesView(tx);
      const round = roundsView(tx);
      const competition = competitionsView(tx);
      const assignment = assignmentsView(tx);
      return tx
        .select({
          roundId: round.id,
          roundName: round.name,
          closesAt: round.closesAt,
          competitionId: competition.id,
          competitionName: competition.name,
          competitionTimezone: competition.timezone,
          remindedAt: lastReminderAt,
          left: sql<number>`(select count(*)::int from ${assignment} where ${assignment.roundId} = ${reminders.roundId} and ${assignment.judgeId} = ${reminders.judgeId} and ${assignment.status} in ('assigned', 'started'))`,
        })
        .from(reminders)
        .innerJoin(judge, eq(judge.id, reminders.judgeId))
        .innerJoin(round, eq(round.id, reminders.roundId))
        .innerJoin(competition, eq(competition.id, round.competitionId))
        .where(eq(judge.userId, userId))
        .groupBy(
          round.id,
          round.name,
          round.closesAt,
          competition.id,
          competition.name,
          competition.timezone,
          reminders.roundId,
          reminders.judgeId,
        )
        .orderBy(desc(sql`max(${reminders.createdAt})`));
    },

    /** Live rounds where the user judges something (not recused), with what is pitching now. */
    liveRoundsOfUser: (userId: string, tx: DbOrTx = db) => {
      const judge = judgesView(tx);
      const round = roundsView(tx);
      const competition = competitionsView(tx);
      const assignment = assignmentsView(tx);
      return tx
        .selectDistinct({
          roundId: round.id,
          roundName: round.name,
          closesAt: round.closesAt,
          competitionId: competition.id,
          competitionName: competition.name,
          liveEntryId: round.liveEntryId,
          timerStartedAt: round.liveTimerStartedAt,
        })
        .from(assignment)
        .innerJoin(judge, eq(judge.id, assignment.judgeId))
        .innerJoin(round, eq(round.id, assignment.roundId))
        .innerJoin(competition, eq(competition.id, round.competitionId))
        .where(and(eq(judge.userId, userId), eq(round.kind, 'live'), ne(assignment.status, 'recused')))
        .orderBy(asc(round.closesAt), asc(round.id));
    },

    /** The round's submitted reviews with their scores (ended or declared-conflicted pairs left out), by review id. */
    async submittedReviews(roundId: string, tx: DbOrTx = db) {
      const assignment = assignmentsView(tx);
      const criterion = criteriaView(tx);
      const conflict = conflictsView(tx);
      const rows = await tx
        .select({
          reviewId: reviews.id,
          entryId: assignment.entryId,
          judgeId: assignment.judgeId,
          key: criterion.key,
          score: reviewScores.score,
        })
        .from(reviews)
        .innerJoin(assignment, eq(assignment.id, reviews.assignmentId))
        .innerJoin(reviewScores, eq(reviewScores.reviewId, reviews.id))
        .innerJoin(criterion, eq(criterion.id, reviewScores.criterionId))
        .where(
          and(
            eq(assignment.roundId, roundId),
            eq(reviews.status, 'submitted'),
            ne(assignment.status, 'recused'),
            // A conflict on record keeps the pair's review out, even before its assignment ended.
            notExists(
              tx
                .select({ id: conflict.id })
                .from(conflict)
                .where(
                  and(eq(conflict.judgeId, assignment.judgeId), eq(conflict.entryId, assignment.entryId)),
                ),
            ),
          ),
        )
        .orderBy(asc(reviews.id));
      const out: Array<{ id: string; entryId: string; judgeId: string; scores: Record<string, number> }> = [];
      for (const row of rows) {
        let last = out[out.length - 1];
        if (last?.id !== row.reviewId) {
          last = { id: row.reviewId, entryId: row.entryId, judgeId: row.judgeId, scores: {} };
          out.push(last);
        }
        last.scores[row.key] = row.score;
      }
      return out;
    },
  };
}
export type ReviewsRepository = ReturnType<typeof createReviewsRepository>;

// Read views: what other modules may read of these tables inside a statement of their own (see
// competitionsView). Writes never go through a view.

/**
 * Reviews: status, total, the comment for the team and the note for organizers. Who may read
 * which of them is the reader's rule (a team reads released comments only, never the note).
 */
export const reviewsView = (db: DbOrTx) =>
  db
    .select({
      id: reviews.id,
      assignmentId: reviews.assignmentId,
      status: reviews.status,
      total: reviews.total,
      comment: reviews.comment,
      privateNote: reviews.privateNote,
      submittedAt: reviews.submittedAt,
    })
    .from(reviews)
    .as('reviews_view');

/** Scores of reviews, one per criterion. */
export const reviewScoresView = (db: DbOrTx) =>
  db
    .select({
      reviewId: reviewScores.reviewId,
      criterionId: reviewScores.criterionId,
      score: reviewScores.score,
    })
    .from(reviewScores)
    .as('review_scores_view');
