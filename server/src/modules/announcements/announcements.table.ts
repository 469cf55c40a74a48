import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { createdAt, id } from '../../app/columns.ts';
import { competitions } from '../competitions/competitions.table.ts';

/**
 * The ordered log of public announcements (reveals and publications) per competition. `seq` is
 * the SSE event id: gapless and increasing per competition, assigned under a lock on the
 * competition row, so commit order equals seq order and a reader never sees seq n+1 before n.
 * Payloads hold only what was public at that moment.
 */
export const announcementEvents = pgTable(
  'announcement_events',
  {
    id: id(),
    competitionId: text()
      .notNull()
      .references(() => competitions.id, { onDelete: 'cascade' }),
    seq: integer().notNull(),
    type: text({ enum: ['reveal', 'published'] }).notNull(),
    awardId: text(),
    data: jsonb().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('announcement_events_seq_key').on(t.competitionId, t.seq),
    check('announcement_events_type', sql`${t.type} in ('reveal', 'published')`),
    check('announcement_events_seq', sql`${t.seq} >= 1`),
  ],
);
