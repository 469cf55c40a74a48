// Copies the uploaded files from one storage to the other (pnpm storage:copy --from disk --to s3).
import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../app/config.ts';
import { storageFromConfig } from '../modules/uploads/storage.config.ts';
import { copyStorage } from '../modules/uploads/storage.copy.ts';
import type { Storage, StorageKind } from '../modules/uploads/storage.ts';

const usage =
  'Usage: pnpm storage:copy --from disk --to s3 (or --from s3 --to disk). disk is STORAGE_DIR; s3 is S3_BUCKET with the other S3_* variables.';
const kinds: readonly StorageKind[] = ['disk', 's3'];
const isKind = (value: string | undefined): value is StorageKind => kinds.includes(value as StorageKind);

const { values } = parseArgs({
  options: { from: { type: 'string' }, to: { type: 'string' } },
  strict: true,
});
if (!isKind(values.from) || !isKind(values.to) || values.from === values.to) {
  console.error(usage);
  process.exit(2);
}

loadDotEnv();
let from: Storage;
let to: Storage;
try {
  const config = loadConfig();
  from = storageFromConfig(config, values.from);
  to = storageFromConfig(config, values.to);
} catch (err) {
  // A configuration that is missing or wrong: its message says what to set.
  console.error((err as Error).message);
  process.exit(2);
}
try {
  const result = await copyStorage({ from, to, log: (line) => console.log(line) });
  if (result.failed.length > 0) process.exitCode = 1;
} finally {
  await Promise.all([from.close(), to.close()]);
}
