// The tally's tables: immutable snapshots, and every run that produced or found one.
import { tallyMethods } from '@wuzhen/shared';
import { index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id } from '../../app/columns.ts';
import { rounds } from '../competitions/competitions.table.ts';
import { users } from '../users/users.table.ts';

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
