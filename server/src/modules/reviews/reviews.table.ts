import { tallyMethods } from '@wuzhen/shared';
import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps, tstz } from '../../app/columns.ts';
import { criteria, rounds } from '../competitions/competitions.table.ts';
import { entries } from '../entries/entries.table.ts';
import { judges } from '../judges/judges.table.ts';
import { users } from '../users/users.table.ts';

export const assignments = pgTable(
  'assignments',
  {
    id: id(),
    roundId: text()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    entryId: text()
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    judgeId: text()
      .notNull()
      .references(() => judges.id, { onDelete: 'cascade' }),
    /** assigned → started (a draft exists: the solver keeps it) → submitted; recused frees the slot. */
    status: text({ enum: ['assigned', 'started', 'submitted', 'recused'] })
      .notNull()
      .default('assigned'),
    affinity: integer().notNull().default(0),
    source: text({ enum: ['solver', 'manual', 'panel'] })
      .notNull()
      .default('solver'),
    ...timestamps(),
  },
  (t) => [
    unique('assignments_key').on(t.roundId, t.entryId, t.judgeId),
    index('assignments_judge_idx').on(t.judgeId, t.roundId),
    index('assignments_entry_idx').on(t.entryId),
    check('assignments_status', sql`${t.status} in ('assigned', 'started', 'submitted', 'recused')`),
    check('assignments_affinity', sql`${t.affinity} between 0 and 2`),
  ],
);

export const reviews = pgTable(
  'reviews',
  {
    id: id(),
    assignmentId: text()
      .notNull()
      .references(() => assignments.id, { onDelete: 'cascade' }),
    /** To the team, released with feedback. */
    comment: text().notNull().default(''),
    /** To the organizers only. */
    privateNote: text().notNull().default(''),
    /** Weighted mean of the criterion scores, kept for fast aggregates; null while incomplete. */
    total: doublePrecision(),
    status: text({ enum: ['draft', 'submitted'] })
      .notNull()
      .default('draft'),
    submittedAt: tstz(),
    ...timestamps(),
  },
  (t) => [
    unique('reviews_assignment_key').on(t.assignmentId),
    check('reviews_status', sql`${t.status} in ('draft', 'submitted')`),
  ],
);

/** One score per criterion; the scale is copied in so the database itself refuses an out-of-range score. */
export const reviewScores = pgTable(
  'review_scores',
  {
    id: id(),
    reviewId: text()
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    criterionId: text()
      .notNull()
      .references(() => criteria.id, { onDelete: 'cascade' }),
    score: integer().notNull(),
    min: integer().notNull(),
    max: integer().notNull(),
  },
  (t) => [
    unique('review_scores_key').on(t.reviewId, t.criterionId),
    check('review_scores_range', sql`${t.score} between ${t.min} and ${t.max}`),
  ],
);

/** Immutable tally results: the same inputs hash to the same snapshot. */
export const tallySnapshots = pgTable(
  'tally_snapshots',
  {
    id: id(),
    roundId: text()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    inputHash: text().notNull(),
    method: text({ enum: tallyMethods }).notNull(),
    /** The canonical JSON of the result, stored as text so it stays byte-identical. */
    result: text().notNull(),
    /** The advancement line close calls were judged against (also covered by inputHash). */
    cutoffPerTrack: integer(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('tally_snapshots_key').on(t.roundId, t.inputHash, t.method),
    index('tally_snapshots_round_idx').on(t.roundId, t.createdAt),
  ],
);

/**
 * Every run of the tally, append-only. A re-run on unchanged inputs lands on the snapshot it made
 * before (snapshots stay immutable), so "the latest tally" is the latest run, not the newest snapshot.
 */
export const tallyRuns = pgTable(
  'tally_runs',
  {
    id: id(),
    roundId: text()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    snapshotId: text()
      .notNull()
      .references(() => tallySnapshots.id, { onDelete: 'cascade' }),
    method: text({ enum: tallyMethods }).notNull(),
    jobId: text(),
    requestedBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('tally_runs_round_idx').on(t.roundId, t.method, t.createdAt)],
);

export const advancements = pgTable(
  'advancements',
  {
    id: id(),
    fromRoundId: text()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    toRoundId: text()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    snapshotId: text().references(() => tallySnapshots.id, { onDelete: 'set null' }),
    entryIds: text().array().notNull(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('advancements_from_idx').on(t.fromRoundId)],
);

export const reminders = pgTable('reminders', {
  id: id(),
  roundId: text()
    .notNull()
    .references(() => rounds.id, { onDelete: 'cascade' }),
  judgeId: text()
    .notNull()
    .references(() => judges.id, { onDelete: 'cascade' }),
  sentBy: text().references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});
