import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, equalsAny } from '../../app/db.ts';
import { entriesView } from '../entries/entries.repository.ts';
import { files } from './uploads.table.ts';

export type FileRow = typeof files.$inferSelect;

/**
 * The uploads module's door to its table: the files of entries (their bytes live in the storage),
 * and the locks on shared blobs.
 */
export function createUploadsRepository({ db }: { db: DbOrTx }) {
  return {
    filesOf: (entryIds: string[], tx: DbOrTx = db) =>
      entryIds.length === 0
        ? Promise.resolve([] as FileRow[])
        : tx
            .select()
            .from(files)
            .where(inArray(files.entryId, entryIds))
            .orderBy(asc(files.createdAt), asc(files.id)),
    /** How many files of each kind these entries hold (the ids as one array parameter: exports pass many). */
    fileCountsOf: (entryIds: string[], tx: DbOrTx = db) =>
      entryIds.length === 0
        ? Promise.resolve([] as Array<{ entryId: string; kind: FileRow['kind']; count: number }>)
        : tx
            .select({ entryId: files.entryId, kind: files.kind, count: count() })
            .from(files)
            .where(equalsAny(files.entryId, entryIds))
            .groupBy(files.entryId, files.kind),
    /** What a judge's review page lists of an entry's files, by kind, oldest first. */
    filesForReview: (entryId: string, tx: DbOrTx = db) =>
      tx
        .select({ id: files.id, name: files.name, kind: files.kind, size: files.size, mime: files.mime })
        .from(files)
        .where(eq(files.entryId, entryId))
        .orderBy(asc(files.kind), asc(files.createdAt), asc(files.id)),
    countFiles: async (entryId: string, kind: FileRow['kind'], tx: DbOrTx = db) =>
      (
        await tx
          .select({ n: count() })
          .from(files)
          .where(and(eq(files.entryId, entryId), eq(files.kind, kind)))
      )[0]?.n ?? 0,
    /** The file with its entry (for deciding who may see it). */
    findFile: async (id: string, tx: DbOrTx = db) => {
      const entry = entriesView(tx);
      return (
        (
          await tx
            .select({ file: files, entry: entry._.selectedFields })
            .from(files)
            .innerJoin(entry, eq(entry.id, files.entryId))
            .where(eq(files.id, id))
            .limit(1)
        )[0] ?? null
      );
    },
    insertFile: async (values: typeof files.$inferInsert, tx: DbOrTx = db) =>
      (await tx.insert(files).values(values).returning())[0]!,
    /** Several files in one statement (the demo's pitch decks, their bytes already stored). */
    insertMany: (values: Array<typeof files.$inferInsert>, tx: DbOrTx = db) =>
      values.length === 0
        ? Promise.resolve()
        : tx
            .insert(files)
            .values(values)
            .then(() => undefined),
    deleteFile: (id: string, tx: DbOrTx = db) => tx.delete(files).where(eq(files.id, id)),
    /** How many file rows use a stored blob: identical uploads share one. */
    countFilesWithKey: async (storageKey: string, tx: DbOrTx = db) =>
      (await tx.select({ n: count() }).from(files).where(eq(files.storageKey, storageKey)))[0]?.n ?? 0,
    /** Serializes everything that creates or removes the blob under this key. */
    lockStorageKey: (storageKey: string, tx: DbOrTx) =>
      tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${storageKey}, 0))`),
  };
}
export type UploadsRepository = ReturnType<typeof createUploadsRepository>;
