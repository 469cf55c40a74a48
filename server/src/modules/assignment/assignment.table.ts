// The assignment's table: which judge reviews which entry in which round.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { id, timestamps } from '../../app/columns.ts';
import { rounds } from '../competitions/competitions.table.ts';
import { entries } from '../entries/entries.table.ts';
import { judges } from '../judges/judges.table.ts';

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
