import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { text, timestamp } from 'drizzle-orm/pg-core';

/** Opaque string ids, generated in the app so a malformed id in a URL is simply "not found". */
export const id = () =>
  text()
    .primaryKey()
    .$defaultFn(() => randomUUID());

export const timestamps = () => ({
  createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' })
    .notNull()
    .defaultNow()
    .$onUpdateFn(() => new Date()),
});

export const createdAt = () => timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const tstz = () => timestamp({ withTimezone: true, mode: 'date' });

/** A literal list for a check constraint, `('a', 'b')`, built from the one list in shared/. */
export const sqlList = (values: readonly string[]): SQL =>
  sql.raw(`(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`);
