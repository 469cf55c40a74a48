import type { Readable } from 'node:stream';
import type { EntryFile, FileKind } from '@wuzhen/shared';
import type { Db, DbOrTx } from '../../app/db.ts';
import { forbidden, notFound } from '../../app/errors.ts';
import type { Actor } from '../../app/request-context.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { entriesErrors } from '../entries/entries.errors.ts';
import { toFile } from '../entries/entries.fns.ts';
import type { EntriesRepository } from '../entries/entries.repository.ts';
import type { EntriesService } from '../entries/entries.service.ts';
import type { Storage } from './storage.ts';
import { uploadErrors } from './uploads.errors.ts';
import { sanitizeFileName } from './uploads.fns.ts';
import type { UploadLimits } from './uploads.limits.ts';
import { receiveUpload } from './uploads.receive.ts';
import type { UploadsRepository } from './uploads.repository.ts';

export function createUploadsService({
  db,
  entries,
  uploads,
  entriesService,
  storage,
  limits,
  audit,
}: {
  db: Db;
  entries: Pick<EntriesRepository, 'lockEntry'>;
  uploads: UploadsRepository;
  entriesService: Pick<EntriesService, 'entryForChange' | 'canSeeEntry' | 'isOpenFor' | 'competitionOf'>;
  storage: Storage;
  limits: UploadLimits;
  audit: Pick<AuditService, 'record'>;
}) {
  /** Identical uploads share a blob: it goes only with its last row, checked under the key's lock. */
  const removeBlobIfUnused = (key: string) =>
    db.transaction(async (tx) => {
      await uploads.lockStorageKey(key, tx);
      if ((await uploads.countFilesWithKey(key, tx)) === 0) await storage.remove(key);
    });

  /** Refuses a file of this kind when the entry already holds as many as allowed. */
  const assertRoomFor = async (entryId: string, kind: FileKind, tx?: DbOrTx) => {
    if ((await uploads.countFiles(entryId, kind, tx)) >= limits[kind].maxFiles)
      throw uploadErrors.tooMany(limits[kind]);
  };

  return {
    limits,

    /**
     * Checks, before a byte is read, that this user may add files to this entry now (and, when the
     * kind is already known, that the entry has room for one more).
     */
    async assertMayUpload(user: Actor, entryId: string, kind?: FileKind) {
      const { entry } = await entriesService.entryForChange(user, entryId);
      if (kind) await assertRoomFor(entry.id, kind);
    },

    /**
     * Streams one file into storage and records it. Nothing is left behind when anything fails:
     * the temporary bytes are removed, and no row is written.
     */
    async store(
      user: Actor,
      entryId: string,
      {
        kind,
        source,
        originalName,
      }: { kind: FileKind; source: Readable & { truncated?: boolean }; originalName: string | undefined },
      requestId: string,
    ): Promise<EntryFile> {
      const { entry, competition } = await entriesService.entryForChange(user, entryId);
      // Early, so a full entry does not read a whole video first; checked again under the lock.
      await assertRoomFor(entry.id, kind);
      const received = await receiveUpload({ source, rule: limits[kind], storage });
      let committed = false;
      try {
        // An upload that began before the deadline but finished after it is too late as well.
        if (!entriesService.isOpenFor(competition, entry)) throw entriesErrors.deadlinePassed(competition);
        return await db.transaction(async (tx) => {
          if (!(await entries.lockEntry(entry.id, tx))) throw notFound('That entry');
          // Counted under the entry's lock, so concurrent uploads cannot overshoot the limit together.
          await assertRoomFor(entry.id, kind, tx);
          await uploads.lockStorageKey(received.key, tx);
          await received.commit();
          committed = true;
          const row = await uploads.insertFile(
            {
              entryId: entry.id,
              kind,
              name: sanitizeFileName(originalName, received.mime),
              size: received.size,
              mime: received.mime,
              sha256: received.sha256,
              storageKey: received.key,
              uploadedBy: user.id,
            },
            tx,
          );
          await audit.record(tx, {
            competitionId: entry.competitionId,
            actorId: user.id,
            action: 'file.uploaded',
            entityType: 'file',
            entityId: row.id,
            after: { ...toFile(row), entryId: entry.id },
            requestId,
          });
          return toFile(row);
        });
      } catch (err) {
        await received.discard();
        // The blob was named but its row never landed: remove it unless another row shares it.
        if (committed) await removeBlobIfUnused(received.key);
        throw err;
      }
    },

    /** The file's row and a way to read its bytes, for those who may see its entry; 404 for everyone else. */
    async open(user: Actor, fileId: string) {
      const found = await uploads.findFile(fileId);
      if (!found || !(await entriesService.canSeeEntry(user, found.entry))) throw notFound('That file');
      const size = await storage.size(found.file.storageKey);
      if (size === null) throw notFound('That file');
      return {
        file: found.file,
        size,
        read: (range?: { start: number; end: number }) => storage.read(found.file.storageKey, range),
      };
    },

    async remove(user: Actor, fileId: string, requestId: string) {
      const found = await uploads.findFile(fileId);
      if (!found || !(await entriesService.canSeeEntry(user, found.entry))) throw notFound('That file');
      const { entry } = await entriesService.entryForChange(user, found.entry.id).catch((err) => {
        // A judge may see the file but never remove it.
        throw err.statusCode === 404 ? forbidden('Only the team or an organizer may remove this file.') : err;
      });
      await db.transaction(async (tx) => {
        const locked = await entries.lockEntry(entry.id, tx);
        if (!locked) throw notFound('That file');
        const files = await uploads.filesOf([entry.id], tx);
        const decks = files.filter((f) => f.kind === 'deck');
        if (locked.status === 'submitted' && found.file.kind === 'deck' && decks.length === 1) {
          throw uploadErrors.lastDeck();
        }
        await uploads.deleteFile(found.file.id, tx);
        await audit.record(tx, {
          competitionId: entry.competitionId,
          actorId: user.id,
          action: 'file.deleted',
          entityType: 'file',
          entityId: found.file.id,
          before: toFile(found.file),
          requestId,
        });
      });
      await removeBlobIfUnused(found.file.storageKey);
    },
  };
}
export type UploadsService = ReturnType<typeof createUploadsService>;
