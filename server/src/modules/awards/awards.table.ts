import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps, tstz } from '../../app/columns.ts';
import { competitions, tracks } from '../competitions/competitions.table.ts';
import { entries } from '../entries/entries.table.ts';

export const awards = pgTable(
  'awards',
  {
    id: id(),
    competitionId: text()
      .notNull()
      .references(() => competitions.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** Chinese versions; empty when not written (readers then see the English). */
    nameZh: text().notNull().default(''),
    kind: text({ enum: ['prize', 'special'] }).notNull(),
    /** Prizes: 1 = grand, 2 = first, 3 = second… */
    level: integer(),
    /** A prize per track; null for an overall prize. */
    trackId: text().references(() => tracks.id, { onDelete: 'cascade' }),
    /** Special awards: tracks whose entries may win; empty means every track. */
    eligibleTrackIds: text().array().notNull().default(sql`'{}'::text[]`),
    slots: integer().notNull(),
    description: text().notNull().default(''),
    descriptionZh: text().notNull().default(''),
    position: integer().notNull().default(0),
    publishedAt: tstz(),
    ...timestamps(),
  },
  (t) => [
    index('awards_competition_idx').on(t.competitionId),
    check('awards_kind', sql`${t.kind} in ('prize', 'special')`),
    check('awards_slots', sql`${t.slots} between 1 and 1000`),
    check('awards_level', sql`(${t.kind} = 'special') or (${t.level} is not null and ${t.level} >= 1)`),
  ],
);

export const awardWinners = pgTable(
  'award_winners',
  {
    id: id(),
    awardId: text()
      .notNull()
      .references(() => awards.id, { onDelete: 'cascade' }),
    entryId: text()
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    citation: text().notNull().default(''),
    citationZh: text().notNull().default(''),
    position: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    unique('award_winners_key').on(t.awardId, t.entryId),
    index('award_winners_entry_idx').on(t.entryId),
  ],
);
