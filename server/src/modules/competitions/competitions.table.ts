import { tallyMethods } from '@wuzhen/shared';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, id, sqlList, timestamps, tstz } from '../../app/columns.ts';
import { users } from '../users/users.table.ts';

export const competitions = pgTable(
  'competitions',
  {
    id: id(),
    slug: text().notNull(),
    name: text().notNull(),
    /** The Chinese versions of what the public reads; empty when not written (see pickText). */
    nameZh: text().notNull().default(''),
    description: text().notNull().default(''),
    descriptionZh: text().notNull().default(''),
    timezone: text().notNull().default('Asia/Shanghai'),
    submissionClosesAt: tstz().notNull(),
    /** Set when results are published: nothing of the awards is public before. */
    resultsPublishedAt: tstz(),
    /** A scheduled publication, run by a delayed worker job. */
    resultsPublishAt: tstz(),
    createdBy: text().references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [uniqueIndex('competitions_slug_key').on(t.slug)],
);

/** What a user is in a competition. Teams are not memberships: a team owner owns a team row. */
export const competitionMembers = pgTable(
  'competition_members',
  {
    id: id(),
    competitionId: text()
      .notNull()
      .references(() => competitions.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text({ enum: ['organizer', 'judge'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('competition_members_key').on(t.competitionId, t.userId, t.role),
    index('competition_members_user_idx').on(t.userId),
    check('competition_members_role', sql`${t.role} in ('organizer', 'judge')`),
  ],
);

export const tracks = pgTable(
  'tracks',
  {
    id: id(),
    competitionId: text()
      .notNull()
      .references(() => competitions.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    nameZh: text().notNull().default(''),
    code: text().notNull(),
    position: integer().notNull(),
    ...timestamps(),
  },
  (t) => [
    unique('tracks_code_key').on(t.competitionId, t.code),
    unique('tracks_name_key').on(t.competitionId, t.name),
  ],
);

export const rounds = pgTable(
  'rounds',
  {
    id: id(),
    competitionId: text()
      .notNull()
      .references(() => competitions.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    kind: text({ enum: ['review', 'live'] }).notNull(),
    /** Order of the round in the competition, 1-based. */
    position: integer().notNull(),
    reviewsPerEntry: integer().notNull(),
    /** Default capacity of a judge in this round, when the judge names none. */
    judgeCapacity: integer().notNull(),
    normalization: text({ enum: tallyMethods }).notNull().default('bias'),
    conflictSameCountry: boolean().notNull().default(false),
    closesAt: tstz(),
    /** Teams see their judges' comments for this round only after this is set. */
    feedbackReleasedAt: tstz(),
    /** Live rounds: the entry now pitching and when its 8+7 timer started. */
    liveEntryId: text(),
    liveTimerStartedAt: tstz(),
    ...timestamps(),
  },
  (t) => [
    unique('rounds_position_key').on(t.competitionId, t.position),
    check('rounds_kind', sql`${t.kind} in ('review', 'live')`),
    check('rounds_normalization', sql`${t.normalization} in ${sqlList(tallyMethods)}`),
    check('rounds_reviews_per_entry', sql`${t.reviewsPerEntry} between 1 and 50`),
    check('rounds_judge_capacity', sql`${t.judgeCapacity} between 1 and 100000`),
  ],
);

/** The rubric of a round: weighted criteria on an integer scale. */
export const criteria = pgTable(
  'criteria',
  {
    id: id(),
    roundId: text()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    label: text().notNull(),
    labelZh: text().notNull().default(''),
    description: text().notNull().default(''),
    descriptionZh: text().notNull().default(''),
    weight: real().notNull(),
    min: integer().notNull(),
    max: integer().notNull(),
    position: integer().notNull(),
  },
  (t) => [
    unique('criteria_key').on(t.roundId, t.key),
    check('criteria_weight', sql`${t.weight} > 0`),
    check('criteria_scale', sql`${t.min} < ${t.max}`),
  ],
);

/** Arbitrary per-competition settings that have no column yet (kept small and typed in code). */
export const competitionSettings = pgTable('competition_settings', {
  competitionId: text()
    .primaryKey()
    .references(() => competitions.id, { onDelete: 'cascade' }),
  settings: jsonb().notNull().default({}),
});
