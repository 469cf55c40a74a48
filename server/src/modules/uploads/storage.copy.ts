import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Storage } from './storage.ts';
import { formatBytes } from './uploads.limits.ts';

export type CopyResult = {
  copied: number;
  skipped: number;
  failed: { key: string; reason: string }[];
  bytes: number;
};

/**
 * Copies every blob of one storage into another (disk to S3 or back), streaming each one. A blob
 * the target already holds at the same size is skipped: keys are content hashes, so running it
 * again after an interruption copies only what is missing. Each blob is checked against its hash
 * on the way; one that does not match is reported and not copied.
 */
export async function copyStorage({
  from,
  to,
  log = () => {},
  now = () => Date.now(),
}: {
  from: Pick<Storage, 'kind' | 'list' | 'read'>;
  to: Pick<Storage, 'kind' | 'size' | 'beginWrite'>;
  log?: (line: string) => void;
  now?: () => number;
}): Promise<CopyResult> {
  const blobs: { key: string; size: number }[] = [];
  for await (const blob of from.list()) blobs.push(blob);
  const totalBytes = blobs.reduce((sum, b) => sum + b.size, 0);
  log(`${blobs.length} files (${formatBytes(totalBytes)}) in ${from.kind} storage; copying to ${to.kind}.`);

  const result: CopyResult = { copied: 0, skipped: 0, failed: [], bytes: 0 };
  const started = now();
  for (const [index, blob] of blobs.entries()) {
    const step = `[${index + 1}/${blobs.length}]`;
    if ((await to.size(blob.key)) === blob.size) {
      result.skipped += 1;
      log(`${step} ${blob.key} is there already`);
      continue;
    }
    const pending = await to.beginWrite();
    const hash = createHash('sha256');
    try {
      await pipeline(
        await from.read(blob.key),
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            callback(null, chunk);
          },
        }),
        pending.stream,
      );
      const sha256 = hash.digest('hex');
      if (!blob.key.endsWith(`/${sha256}`)) {
        throw new Error(`its content hashes to ${sha256}, not to its name: the stored file is damaged`);
      }
      await pending.commit(blob.key);
    } catch (err) {
      await pending.discard();
      const reason = err instanceof Error ? err.message : String(err);
      result.failed.push({ key: blob.key, reason });
      log(`${step} ${blob.key} NOT copied: ${reason}`);
      continue;
    }
    result.copied += 1;
    result.bytes += blob.size;
    const seconds = Math.max((now() - started) / 1000, 0.001);
    log(
      `${step} ${blob.key} copied (${formatBytes(blob.size)}; ${formatBytes(result.bytes)} so far, ${formatBytes(Math.round(result.bytes / seconds))}/s)`,
    );
  }
  log(
    `Done: ${result.copied} copied (${formatBytes(result.bytes)}), ${result.skipped} there already, ${result.failed.length} failed.`,
  );
  return result;
}
