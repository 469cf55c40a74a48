import { createHash } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../app/errors.ts';
import type { PendingWrite, Storage } from './storage.ts';
import { blobKey, isStorageFailure } from './storage.ts';
import { uploadErrors } from './uploads.errors.ts';
import type { UploadRule } from './uploads.limits.ts';

/** How much of the start of a file is read to recognise its type (file-type wants 4,100 bytes; WebM a little more). */
const sniffBytes = 64 * 1024;

const describeMime = (mime: string) => {
  const known: Record<string, string> = {
    'application/pdf': 'a PDF document',
    'image/png': 'a PNG image',
    'image/jpeg': 'a JPEG image',
    'image/webp': 'a WebP image',
    'image/gif': 'a GIF image',
    'video/mp4': 'an MP4 video',
    'video/webm': 'a WebM video',
    'video/quicktime': 'a QuickTime video',
    'application/zip': 'a ZIP archive',
  };
  return known[mime] ?? `of type ${mime}`;
};

export type ReceivedFile = {
  sha256: string;
  size: number;
  mime: string;
  key: string;
  /** Names the bytes by their key; until then they sit in a temporary file. */
  commit(): Promise<void>;
  discard(): Promise<void>;
};

/**
 * Streams one uploaded file into storage without holding it in memory: hashes it (sha256) on the
 * way, checks its type from its first bytes, and stops at the size limit. On any failure (too large,
 * wrong type, truncated, aborted) the temporary bytes are removed before the error is thrown.
 */
export async function receiveUpload({
  source,
  rule,
  storage,
}: {
  source: Readable & { truncated?: boolean };
  rule: UploadRule;
  storage: Pick<Storage, 'beginWrite'>;
}): Promise<ReceivedFile> {
  const pending: PendingWrite = await storage.beginWrite();
  const hash = createHash('sha256');
  let size = 0;
  let head: Buffer[] = [];
  let headLength = 0;
  let mime: string | null = null;

  const checkType = async (sample: Buffer) => {
    const found = await fileTypeFromBuffer(sample);
    if (!found || !rule.mimes.has(found.mime)) {
      throw uploadErrors.wrongType(rule, found ? describeMime(found.mime) : undefined);
    }
    return found.mime;
  };

  const inspect = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > rule.maxBytes) return callback(uploadErrors.tooLarge(rule));
      hash.update(chunk);
      if (mime) return callback(null, chunk);
      head.push(chunk);
      headLength += chunk.length;
      if (headLength < sniffBytes) return callback();
      const sample = Buffer.concat(head, headLength);
      head = [];
      checkType(sample).then(
        (found) => {
          mime = found;
          callback(null, sample);
        },
        (err: Error) => callback(err),
      );
    },
    flush(callback) {
      if (mime || headLength === 0) return callback();
      const sample = Buffer.concat(head, headLength);
      head = [];
      checkType(sample).then(
        (found) => {
          mime = found;
          callback(null, sample);
        },
        (err: Error) => callback(err),
      );
    },
  });

  try {
    await pipeline(source, inspect, pending.stream);
    // busboy stops a file at its own limit and marks it truncated rather than failing.
    if (source.truncated) throw uploadErrors.tooLarge(rule);
    if (size === 0) throw uploadErrors.empty();
  } catch (err) {
    await pending.discard();
    // A refusal, or the storage failing (a server error, logged): both as they are.
    if (err instanceof AppError || isStorageFailure(err)) throw err;
    // The client went away or the multipart body ended early: the file did not arrive whole.
    throw uploadErrors.incomplete();
  }
  const sha256 = hash.digest('hex');
  return {
    sha256,
    size,
    mime: mime!,
    key: blobKey(sha256),
    commit: () => pending.commit(blobKey(sha256)),
    discard: () => pending.discard(),
  };
}
