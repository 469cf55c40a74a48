// Which entries take part in which round (competitions own the rounds).
import { index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id, tstz } from '../../app/columns.ts';
import { rounds } from '../competitions/competitions.table.ts';
import { entries } from '../entries/entries.table.ts';

/** Which entries take part in which round: the first round takes submissions, later ones advancement. */
export const roundEntries = pgTable(
  'round_entries',
  {
    id: id(),
    roundId: text()
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    entryId: text()
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    source: text({ enum: ['submission', 'advancement', 'wildcard'] }).notNull(),
    /** Live rounds: order of the pitches. */
    position: integer(),
    /** Live rounds: when this entry's pitch first started; its panel may score from then on. */
    pitchStartedAt: tstz(),
    /** Live rounds: when the organizer closed scoring of this entry; no score changes after. */
    scoringClosedAt: tstz(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('round_entries_key').on(t.roundId, t.entryId),
    index('round_entries_entry_idx').on(t.entryId),
  ],
);
