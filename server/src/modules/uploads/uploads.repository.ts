import type { DbOrTx } from '../../app/db.ts';
import { files } from './uploads.table.ts';

/** The uploads module's door to its table: the files of entries (their bytes live in the storage). */
export function createUploadsRepository({ db }: { db: DbOrTx }) {
  return {
    /** Several files in one statement (the demo's pitch decks, their bytes already stored). */
    insertMany: (values: Array<typeof files.$inferInsert>, tx: DbOrTx = db) =>
      values.length === 0
        ? Promise.resolve()
        : tx
            .insert(files)
            .values(values)
            .then(() => undefined),
  };
}
export type UploadsRepository = ReturnType<typeof createUploadsRepository>;
