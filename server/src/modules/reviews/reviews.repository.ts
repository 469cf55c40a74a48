import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, ne, notExists, sql } from 'drizzle-orm';
import { type DbOrTx, equalsAny } from '../../app/db.ts';
import { assignments } from '../assignment/assignment.table.ts';
import { competitions, criteria, rounds, tracks } from '../competitions/competitions.table.ts';
import { roundEntries } from '../competitions/round-entries.table.ts';
import { entries, teams } from '../entries/entries.table.ts';
import { conflicts, judges } from '../judges/judges.table.ts';
import { reminders, reviewScores, reviews } from './reviews.table.ts';

export type AssignmentRow = typeof assignments.$inferSelect;
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
  scores: Array<{ criterionId: string; score: number; min: number; max: number }>;
  /** Criteria scored before and not now: their stored scores go. */
  droppedCriterionIds: string[];
};

/** Assignments with their judge, round and entry. */
const assignmentsInContext = (tx: DbOrTx, assignmentIds: string[]) =>
  tx
    .select({
      assignment: assignments,
      judge: { id: judges.id, userId: judges.userId, name: judges.name, competitionId: judges.competitionId },
      round: rounds,
      entry: { id: entries.id, status: entries.status, title: entries.title },
      resultsPublishedAt: competitions.resultsPublishedAt,
      pitch: { startedAt: roundEntries.pitchStartedAt, scoringClosedAt: roundEntries.scoringClosedAt },
    })
    .from(assignments)
    .innerJoin(judges, eq(judges.id, assignments.judgeId))
    .innerJoin(rounds, eq(rounds.id, assignments.roundId))
    .innerJoin(competitions, eq(competitions.id, rounds.competitionId))
    .innerJoin(entries, eq(entries.id, assignments.entryId))
    .leftJoin(
      roundEntries,
      and(eq(roundEntries.roundId, assignments.roundId), eq(roundEntries.entryId, assignments.entryId)),
    )
    .where(equalsAny(assignments.id, assignmentIds))
    .$dynamic();

async function reviewsWithScores(tx: DbOrTx, assignmentIds: string[]) {
  const rows = await tx
    .select({
      review: reviews,
      // Table names spelled out: Drizzle leaves columns unqualified in a single-table select.
      scores: sql<Record<string, number> | null>`(
        select json_object_agg(c.key, s.score)
        from review_scores s inner join criteria c on c.id = s.criterion_id
        where s.review_id = "reviews"."id")`,
    })
    .from(reviews)
    .where(equalsAny(reviews.assignmentId, assignmentIds));
  return rows.map((row) => ({ ...row.review, scores: row.scores ?? {} }));
}

export function createReviewsRepository({ db }: { db: DbOrTx }) {
  return {
    /** The assignment with what a review needs to know about it: its judge, round and entry. */
    findAssignment: async (assignmentId: string, tx: DbOrTx = db) =>
      (await assignmentsInContext(tx, [assignmentId]))[0] ?? null,

    /**
     * Locks assignments for the rest of the transaction, in id order (so two batches that share
     * assignments never deadlock), with their judge, round and entry.
     */
    lockAssignments: (assignmentIds: string[], tx: DbOrTx) =>
      assignmentsInContext(tx, assignmentIds).orderBy(asc(assignments.id)).for('update', { of: assignments }),

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
      tx
        .select()
        .from(criteria)
        .where(
          inArray(
            criteria.roundId,
            tx
              .select({ roundId: assignments.roundId })
              .from(assignments)
              .where(equalsAny(assignments.id, assignmentIds)),
          ),
        )
        .orderBy(asc(criteria.roundId), asc(criteria.position)),

    /**
     * Saves reviews and their given scores, in one statement of a fixed text (the batch travels as
     * JSON parameters), so it is prepared once per connection. A score that did not change is not
     * rewritten. The caller holds the assignments' locks, so each review's id is known: its stored
     * one, or a new one.
     */
    saveReviews: (saved: ReviewWrite[], tx: DbOrTx) =>
      tx.execute(sql`
        with upserted as (
          insert into ${reviews} (id, assignment_id, comment, private_note, total, status, submitted_at, created_at, updated_at)
          select id, "assignmentId", comment, "privateNote", total, status, "submittedAt", "createdAt", "updatedAt"
          from jsonb_to_recordset(${JSON.stringify(saved.map(({ scores, droppedCriterionIds, ...review }) => review))}::jsonb)
            as r(id text, "assignmentId" text, comment text, "privateNote" text, total float8, status text,
                 "submittedAt" timestamptz, "createdAt" timestamptz, "updatedAt" timestamptz)
          on conflict (assignment_id) do update set
            comment = excluded.comment, private_note = excluded.private_note, total = excluded.total,
            status = excluded.status, submitted_at = excluded.submitted_at, updated_at = excluded.updated_at
        )
        insert into ${reviewScores} (id, review_id, criterion_id, score, min, max)
        select id, "reviewId", "criterionId", score, min, max
        from jsonb_to_recordset(${JSON.stringify(
          saved.flatMap((r) => r.scores.map((x) => ({ id: randomUUID(), reviewId: r.id, ...x }))),
        )}::jsonb) as g(id text, "reviewId" text, "criterionId" text, score int, min int, max int)
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
        using jsonb_to_recordset(${JSON.stringify(cleared)}::jsonb) as d("reviewId" text, "criterionId" text)
        where s.review_id = d."reviewId" and s.criterion_id = d."criterionId"`),

    /** Moves assignments to new statuses, one statement for the batch. */
    setAssignmentStatuses: (
      changes: Array<{ id: string; status: AssignmentStatus }>,
      updatedAt: Date,
      tx: DbOrTx,
    ) =>
      tx.execute(sql`
        update ${assignments} a set status = c.status, updated_at = ${updatedAt.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as c(id text, status text)
        where a.id = c.id`),

    /** The judge profile of a user in a competition. */
    judgeOfUser: async (userId: string, competitionId: string, tx: DbOrTx = db) =>
      (
        await tx
          .select()
          .from(judges)
          .where(and(eq(judges.userId, userId), eq(judges.competitionId, competitionId)))
          .limit(1)
      )[0] ?? null,

    judgesByIds: (competitionId: string, judgeIds: string[], tx: DbOrTx = db) =>
      judgeIds.length === 0
        ? Promise.resolve([] as Array<typeof judges.$inferSelect>)
        : tx
            .select()
            .from(judges)
            .where(and(eq(judges.competitionId, competitionId), inArray(judges.id, judgeIds))),

    /** Every assignment of a round (recused ones included), with each review's status and total. */
    assignmentsOfRound: (roundId: string, tx: DbOrTx = db) =>
      tx
        .select({
          id: assignments.id,
          entryId: assignments.entryId,
          judgeId: assignments.judgeId,
          status: assignments.status,
          source: assignments.source,
          total: reviews.total,
          reviewStatus: reviews.status,
        })
        .from(assignments)
        .leftJoin(reviews, eq(reviews.assignmentId, assignments.id))
        .where(eq(assignments.roundId, roundId))
        .orderBy(asc(assignments.id)),

    /** Panel assignments: one per (entry, judge), kept if they exist already. */
    insertPanelAssignments: (
      rows: Array<{ roundId: string; entryId: string; judgeId: string }>,
      tx: DbOrTx,
    ) =>
      rows.length === 0
        ? Promise.resolve([] as AssignmentRow[])
        : tx
            .insert(assignments)
            .values(rows.map((r) => ({ ...r, source: 'panel' as const, status: 'assigned' as const })))
            .onConflictDoNothing()
            .returning(),

    declaredConflicts: (judgeIds: string[], entryIds: string[], tx: DbOrTx = db) =>
      judgeIds.length === 0 || entryIds.length === 0
        ? Promise.resolve([] as Array<{ judgeId: string; entryId: string }>)
        : tx
            .selectDistinct({ judgeId: conflicts.judgeId, entryId: conflicts.entryId })
            .from(conflicts)
            .where(and(inArray(conflicts.judgeId, judgeIds), inArray(conflicts.entryId, entryIds))),

    /** What a live board shows of each entry, with its team and pitch position. */
    entryCards: (roundId: string, entryIds: string[], tx: DbOrTx = db) =>
      entryIds.length === 0
        ? Promise.resolve([])
        : tx
            .select({
              id: entries.id,
              title: entries.title,
              summary: entries.summary,
              trackId: entries.trackId,
              teamName: teams.name,
              country: teams.country,
              position: roundEntries.position,
              pitchStartedAt: roundEntries.pitchStartedAt,
              scoringClosedAt: roundEntries.scoringClosedAt,
            })
            .from(entries)
            .innerJoin(teams, eq(teams.id, entries.teamId))
            .leftJoin(
              roundEntries,
              and(eq(roundEntries.entryId, entries.id), eq(roundEntries.roundId, roundId)),
            )
            .where(inArray(entries.id, entryIds)),

    setLive: async (
      roundId: string,
      values: { liveEntryId: string | null; liveTimerStartedAt: Date | null; updatedAt: Date },
      tx: DbOrTx,
    ) => (await tx.update(rounds).set(values).where(eq(rounds.id, roundId)).returning())[0]!,

    /** Live rounds: marks an entry's pitch started (the first time only), or its scoring closed or reopened. */
    setScoringWindow: (
      roundId: string,
      entryId: string,
      change: { pitchStarted: Date } | { scoringClosedAt: Date | null },
      tx: DbOrTx,
    ) =>
      tx
        .update(roundEntries)
        .set(
          'pitchStarted' in change
            ? {
                pitchStartedAt: sql`coalesce(${roundEntries.pitchStartedAt}, ${change.pitchStarted.toISOString()}::timestamptz)`,
              }
            : { scoringClosedAt: change.scoringClosedAt },
        )
        .where(and(eq(roundEntries.roundId, roundId), eq(roundEntries.entryId, entryId))),

    tracksOf: (competitionId: string, tx: DbOrTx = db) =>
      tx.select().from(tracks).where(eq(tracks.competitionId, competitionId)).orderBy(asc(tracks.position)),

    insertReminders: (
      rows: Array<{ roundId: string; judgeId: string; sentBy: string; createdAt: Date }>,
      tx: DbOrTx,
    ) => tx.insert(reminders).values(rows).returning(),

    /**
     * Locks these judges' rows for the rest of the transaction and returns each with the language
     * of its account and its latest reminder in any round: two organizers reminding the same judge
     * at once are served one after the other, so the second sees the first's reminder.
     */
    lockJudgesForReminder: async (competitionId: string, judgeIds: string[], tx: DbOrTx) => {
      // The lock first, then the read in a statement of its own: under READ COMMITTED a statement
      // that waited for a lock still reads from the snapshot it started with, and would miss the
      // reminder the other transaction just committed.
      await tx
        .select({ id: judges.id })
        .from(judges)
        .where(and(eq(judges.competitionId, competitionId), inArray(judges.id, judgeIds)))
        .orderBy(asc(judges.id))
        .for('update');
      return tx
        .select({
          judge: judges,
          // Written out in full: inside a subquery an unqualified column names the inner table's.
          language: sql<'en' | 'zh' | null>`(select u.language from users u where u.id = "judges"."user_id")`,
          lastRemindedAt:
            sql<Date | null>`(select max(r.created_at) from reminders r where r.judge_id = "judges"."id")`.mapWith(
              (v) => (v ? new Date(v) : null),
            ),
        })
        .from(judges)
        .where(and(eq(judges.competitionId, competitionId), inArray(judges.id, judgeIds)))
        .orderBy(asc(judges.id));
    },

    /** Each judge's latest reminder in any round of the competition (one a day per judge). */
    lastRemindersOfCompetition: (competitionId: string, tx: DbOrTx = db) =>
      tx
        .select({
          judgeId: reminders.judgeId,
          at: sql<Date>`max(${reminders.createdAt})`.mapWith((v) => new Date(v)),
        })
        .from(reminders)
        .innerJoin(judges, eq(judges.id, reminders.judgeId))
        .where(eq(judges.competitionId, competitionId))
        .groupBy(reminders.judgeId),

    lastRemindersOfRound: (roundId: string, tx: DbOrTx = db) =>
      tx
        .select({
          judgeId: reminders.judgeId,
          at: sql<Date>`max(${reminders.createdAt})`.mapWith((v) => new Date(v)),
        })
        .from(reminders)
        .where(eq(reminders.roundId, roundId))
        .groupBy(reminders.judgeId),

    /**
     * The reminders a user's judge profiles received, newest first per round, for rounds where
     * that judge still has reviews left.
     */
    remindersOfUser: (userId: string, tx: DbOrTx = db) =>
      tx
        .select({
          roundId: rounds.id,
          roundName: rounds.name,
          closesAt: rounds.closesAt,
          competitionId: competitions.id,
          competitionName: competitions.name,
          competitionTimezone: competitions.timezone,
          remindedAt: sql<Date>`max(${reminders.createdAt})`.mapWith((v) => new Date(v)),
          left: sql<number>`(select count(*)::int from ${assignments} a where a.round_id = ${reminders.roundId} and a.judge_id = ${reminders.judgeId} and a.status in ('assigned', 'started'))`,
        })
        .from(reminders)
        .innerJoin(judges, eq(judges.id, reminders.judgeId))
        .innerJoin(rounds, eq(rounds.id, reminders.roundId))
        .innerJoin(competitions, eq(competitions.id, rounds.competitionId))
        .where(eq(judges.userId, userId))
        .groupBy(rounds.id, competitions.id, reminders.roundId, reminders.judgeId)
        .orderBy(desc(sql`max(${reminders.createdAt})`)),

    /** Live rounds where the user judges something (not recused), with what is pitching now. */
    liveRoundsOfUser: (userId: string, tx: DbOrTx = db) =>
      tx
        .selectDistinct({
          roundId: rounds.id,
          roundName: rounds.name,
          closesAt: rounds.closesAt,
          competitionId: competitions.id,
          competitionName: competitions.name,
          liveEntryId: rounds.liveEntryId,
          timerStartedAt: rounds.liveTimerStartedAt,
        })
        .from(assignments)
        .innerJoin(judges, eq(judges.id, assignments.judgeId))
        .innerJoin(rounds, eq(rounds.id, assignments.roundId))
        .innerJoin(competitions, eq(competitions.id, rounds.competitionId))
        .where(and(eq(judges.userId, userId), eq(rounds.kind, 'live'), ne(assignments.status, 'recused')))
        .orderBy(asc(rounds.closesAt), asc(rounds.id)),

    /** Entry id → track id of the entries assigned in a round (for progress per track). */
    entryTracks: (entryIds: string[], tx: DbOrTx = db) =>
      entryIds.length === 0
        ? Promise.resolve([] as Array<{ id: string; trackId: string | null }>)
        : tx
            .select({ id: entries.id, trackId: entries.trackId })
            .from(entries)
            .where(inArray(entries.id, entryIds)),

    /** The round's submitted reviews with their scores (ended or declared-conflicted pairs left out), by review id. */
    async submittedReviews(roundId: string, tx: DbOrTx = db) {
      const rows = await tx
        .select({
          reviewId: reviews.id,
          entryId: assignments.entryId,
          judgeId: assignments.judgeId,
          key: criteria.key,
          score: reviewScores.score,
        })
        .from(reviews)
        .innerJoin(assignments, eq(assignments.id, reviews.assignmentId))
        .innerJoin(reviewScores, eq(reviewScores.reviewId, reviews.id))
        .innerJoin(criteria, eq(criteria.id, reviewScores.criterionId))
        .where(
          and(
            eq(assignments.roundId, roundId),
            eq(reviews.status, 'submitted'),
            ne(assignments.status, 'recused'),
            // A conflict on record keeps the pair's review out, even before its assignment ended.
            notExists(
              tx
                .select({ id: conflicts.id })
                .from(conflicts)
                .where(
                  and(eq(conflicts.judgeId, assignments.judgeId), eq(conflicts.entryId, assignments.entryId)),
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

    judgesOfRound: (roundId: string, tx: DbOrTx = db) =>
      tx
        .selectDistinct({ id: judges.id, name: judges.name, email: judges.email })
        .from(judges)
        .innerJoin(assignments, eq(assignments.judgeId, judges.id))
        .where(and(eq(assignments.roundId, roundId), ne(assignments.status, 'recused'))),
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
