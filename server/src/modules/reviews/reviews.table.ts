import { sql } from 'drizzle-orm';
import { check, doublePrecision, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps, tstz } from '../../app/columns.ts';
import { assignments } from '../assignment/assignment.table.ts';
import { criteria, rounds } from '../competitions/competitions.table.ts';
import { judges } from '../judges/judges.table.ts';
import { users } from '../users/users.table.ts';

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
