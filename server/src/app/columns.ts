import { randomUUID } from 'node:crypto';
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
