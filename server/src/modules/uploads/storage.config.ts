import type { Config } from '../../app/config.ts';
import { createS3Client, createS3Storage } from './storage.s3.ts';
import { createLocalStorage, type Storage, type StorageKind } from './storage.ts';

/**
 * The storage the configuration names: the S3 bucket when S3_BUCKET is set, the storage directory
 * otherwise. `kind` asks for one of them explicitly (the storage:copy command).
 */
export function storageFromConfig(
  config: Pick<
    Config,
    | 'STORAGE_DIR'
    | 'S3_BUCKET'
    | 'S3_ENDPOINT'
    | 'S3_REGION'
    | 'S3_ACCESS_KEY_ID'
    | 'S3_SECRET_ACCESS_KEY'
    | 'S3_FORCE_PATH_STYLE'
  >,
  kind: StorageKind = config.S3_BUCKET ? 's3' : 'disk',
): Storage {
  if (kind === 'disk') return createLocalStorage({ dir: config.STORAGE_DIR });
  if (!config.S3_BUCKET) {
    throw new Error('S3 storage needs S3_BUCKET (and S3_ENDPOINT unless it is AWS); see .env.example.');
  }
  return createS3Storage({ client: createS3Client(config), bucket: config.S3_BUCKET });
}
