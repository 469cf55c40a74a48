import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { Config } from '../../server/src/app/config.ts';
import { createS3Client } from '../../server/src/modules/uploads/storage.s3.ts';

export type S3Server = Awaited<ReturnType<typeof startS3Server>>;

/**
 * A real S3-compatible server (s3rver) on a free port, with its data in a temporary folder and one
 * empty bucket. `config` is what the platform needs to use it; `objects` and `pendingUploads` are
 * what a look into the bucket finds.
 */
export async function startS3Server({ bucket = 'wuzhen-test' }: { bucket?: string } = {}) {
  const directory = mkdtempSync(path.join(tmpdir(), 'wz-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  // s3rver 3.7 lacks AbortMultipartUpload (DELETE ?uploadId), which S3, MinIO, Ceph, R2 and Garage
  // all answer. This adds it, removing the parts where s3rver's own store keeps them.
  const uploadsDir = path.join(directory, bucket, '._S3rver_uploads');
  server.middleware.unshift(async (ctx, next) => {
    const uploadId = ctx.query?.uploadId;
    if (ctx.method === 'DELETE' && typeof uploadId === 'string' && /^[0-9a-f]+$/.test(uploadId)) {
      rmSync(path.join(uploadsDir, uploadId), { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    await next();
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const config = {
    S3_BUCKET: bucket,
    S3_ENDPOINT: endpoint,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: true,
  } satisfies Partial<Config>;
  const client: S3Client = createS3Client(config);

  return {
    endpoint,
    bucket,
    config,
    client,
    /** Every object in the bucket, as ListObjectsV2 answers. */
    async objects(prefix = '') {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    /** Multipart uploads begun and neither completed nor aborted (s3rver answers no ListMultipartUploads). */
    pendingUploads() {
      try {
        return readdirSync(uploadsDir);
      } catch {
        return [];
      }
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
