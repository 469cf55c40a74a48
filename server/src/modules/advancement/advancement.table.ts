// Advancement's table: each decision of who moved from one round to the next.
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id } from '../../app/columns.ts';
import { rounds } from '../competitions/competitions.table.ts';
import { tallySnapshots } from '../tally/tally.table.ts';
import { users } from '../users/users.table.ts';

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
