import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../server/src/app/config.ts';
import { copyStorage } from '../../server/src/modules/uploads/storage.copy.ts';
import { createS3Storage } from '../../server/src/modules/uploads/storage.s3.ts';
import { blobKey, createLocalStorage, type Storage } from '../../server/src/modules/uploads/storage.ts';
import { type S3Server, startS3Server } from '../support/s3.ts';
import { tempStorageDir } from './entries.fixtures.ts';

let s3: S3Server;
let bucket: Storage;
beforeAll(async () => {
  s3 = await startS3Server();
  bucket = createS3Storage({ client: s3.client, bucket: s3.bucket });
});
afterAll(async () => s3?.close());

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const readAll = async (storage: Storage, key: string) => {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.read(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
/** Files as uploads leave them: named by their hash. One is larger than an S3 part (8 MB). */
async function filledDisk(sizes = [1_000, 200_000, 9 * 1024 * 1024]) {
  const dir = tempStorageDir();
  const disk = createLocalStorage({ dir });
  const files = sizes.map((size) => randomBytes(size));
  for (const bytes of files) await disk.put(blobKey(sha256(bytes)), bytes);
  return { dir, disk, files };
}
async function emptyBucket() {
  for (const key of await s3.objects()) await bucket.remove(key.slice('blobs/'.length));
  expect(await s3.objects()).toEqual([]);
}

describe('copyStorage', () => {
  test('copies every file from disk to S3 with its bytes, says how far it is, and a second run copies nothing', async () => {
    await emptyBucket();
    const { disk, files } = await filledDisk();
    const lines: string[] = [];
    const first = await copyStorage({ from: disk, to: bucket, log: (l) => lines.push(l) });
    expect(first).toMatchObject({ copied: 3, skipped: 0, failed: [] });
    expect(first.bytes).toBe(files.reduce((n, f) => n + f.length, 0));
    expect(await s3.objects()).toEqual(files.map((f) => `blobs/${blobKey(sha256(f))}`).sort());
    for (const bytes of files)
      expect((await readAll(bucket, blobKey(sha256(bytes)))).equals(bytes)).toBe(true);
    expect(lines[0]).toMatch(/^3 files \(9\.\d MB\) in disk storage; copying to s3\.$/);
    expect(lines.filter((l) => /^\[\d\/3\] \S+ copied \(/.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/^Done: 3 copied \(9\.\d MB\), 0 there already, 0 failed\.$/);
    expect(s3.pendingUploads()).toEqual([]);

    const again: string[] = [];
    const second = await copyStorage({ from: disk, to: bucket, log: (l) => again.push(l) });
    expect(second).toMatchObject({ copied: 0, skipped: 3, bytes: 0 });
    expect(again.at(-1)).toBe('Done: 0 copied (0 bytes), 3 there already, 0 failed.');
  });

  test('after an interrupted run it copies only what is missing', async () => {
    await emptyBucket();
    const { disk, files } = await filledDisk([5_000, 6_000, 7_000]);
    const [first] = files;
    await bucket.put(blobKey(sha256(first!)), first!);
    const result = await copyStorage({ from: disk, to: bucket });
    expect(result).toMatchObject({ copied: 2, skipped: 1 });
    expect(await s3.objects()).toHaveLength(3);
  });

  test('a damaged file is reported and not copied; the others are', async () => {
    await emptyBucket();
    const { dir, disk, files } = await filledDisk([3_000, 4_000]);
    const damaged = blobKey(sha256(files[0]!));
    writeFileSync(path.join(dir, 'blobs', damaged), randomBytes(3_000));
    const lines: string[] = [];
    const result = await copyStorage({ from: disk, to: bucket, log: (l) => lines.push(l) });
    expect(result.copied).toBe(1);
    expect(result.failed).toEqual([{ key: damaged, reason: expect.stringMatching(/damaged/) }]);
    expect(lines.some((l) => l.includes(`${damaged} NOT copied`))).toBe(true);
    // Nothing of it in the bucket, not even a temporary object.
    expect(await s3.objects()).toEqual([`blobs/${blobKey(sha256(files[1]!))}`]);
  });

  test('copies back from S3 to an empty storage directory', async () => {
    await emptyBucket();
    const { disk: source, files } = await filledDisk([10_000, 20_000]);
    await copyStorage({ from: source, to: bucket });
    const dir = tempStorageDir();
    const result = await copyStorage({ from: bucket, to: createLocalStorage({ dir }) });
    expect(result).toMatchObject({ copied: 2, skipped: 0, failed: [] });
    for (const bytes of files) {
      expect(readFileSync(path.join(dir, 'blobs', blobKey(sha256(bytes)))).equals(bytes)).toBe(true);
    }
    expect(readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });
});

describe('pnpm storage:copy', () => {
  // Asynchronously: the S3 server the command talks to runs in this process.
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'pnpm',
        ['--silent', '--filter', '@wuzhen/server', 'storage:copy', ...args],
        { cwd: repoRoot, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 },
        (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      );
    });

  test('copies the storage directory into the bucket the S3 variables name, as the README says', async () => {
    await emptyBucket();
    const { dir, files } = await filledDisk([1_000, 2_000]);
    const env = {
      STORAGE_DIR: dir,
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY_ID: s3.config.S3_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: s3.config.S3_SECRET_ACCESS_KEY,
      S3_FORCE_PATH_STYLE: 'true',
    };
    const done = await run(['--from', 'disk', '--to', 's3'], env);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Done: 2 copied/);
    expect(await s3.objects()).toHaveLength(files.length);
    const again = await run(['--from', 'disk', '--to', 's3'], env);
    expect(again.stdout).toMatch(/Done: 0 copied \(0 bytes\), 2 there already/);
  });

  test('wrong arguments or a missing bucket get a sentence saying what to do', async () => {
    const same = await run(['--from', 'disk', '--to', 'disk'], {});
    expect(same.status).toBe(2);
    expect(same.stderr).toMatch(/Usage: pnpm storage:copy --from disk --to s3/);
    const noBucket = await run(['--from', 'disk', '--to', 's3'], {
      STORAGE_DIR: tempStorageDir(),
      S3_BUCKET: '',
    });
    expect(noBucket.status).toBe(2);
    expect(noBucket.stderr).toMatch(/S3 storage needs S3_BUCKET/);
  });
});
