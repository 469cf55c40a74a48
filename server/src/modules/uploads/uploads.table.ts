// Uploads' table: the files of entries (their bytes live in the storage).
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id } from '../../app/columns.ts';
import { entries } from '../entries/entries.table.ts';
import { users } from '../users/users.table.ts';

export const files = pgTable(
  'files',
  {
    id: id(),
    entryId: text()
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    kind: text({ enum: ['deck', 'video', 'image'] }).notNull(),
    /** Sanitized original name, for display only. */
    name: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    mime: text().notNull(),
    sha256: text().notNull(),
    /** Where the storage keeps the bytes; never sent to a client. */
    storageKey: text().notNull(),
    uploadedBy: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('files_entry_idx').on(t.entryId),
    check('files_kind', sql`${t.kind} in ('deck', 'video', 'image')`),
    check('files_size', sql`${t.size} >= 0`),
  ],
);
