import { randomUUID } from 'node:crypto';
import { PassThrough, Readable, Writable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Config } from '../../app/config.ts';
import { keyPattern, type PendingWrite, type Storage, storageFailure } from './storage.ts';

type S3Settings = Pick<
  Config,
  'S3_ENDPOINT' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE'
>;

export function createS3Client(config: S3Settings) {
  return new S3Client({
    region: config.S3_REGION,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    ...(config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: config.S3_ACCESS_KEY_ID,
            secretAccessKey: config.S3_SECRET_ACCESS_KEY,
          },
        }
      : {}),
    // Checksums only where S3 requires them: many S3-compatible stores (MinIO before 2025, Ceph,
    // s3rver) do not understand the streamed trailing checksums the SDK sends by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Each video being watched holds a connection while it streams; the SDK's default is 50.
    requestHandler: {
      connectionTimeout: 5_000,
      httpAgent: { keepAlive: true, maxSockets: 256 },
      httpsAgent: { keepAlive: true, maxSockets: 256 },
    },
  });
}

/** Parts of a multipart upload: at most `queueSize` of them are held in memory at once. */
const partSize = 8 * 1024 * 1024;
const queueSize = 2;

const blobsPrefix = 'blobs/';
const tempPrefix = 'tmp/';

const isNotFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
};

/**
 * Uploads in an S3-compatible bucket. A write streams to `tmp/<uuid>.part` as a multipart upload
 * (lib-storage's `Upload`, a few parts in memory at a time); `commit` copies it to `blobs/<key>`
 * once its hash is known, and deletes the temporary object. A refused or broken write aborts its
 * multipart upload and deletes the temporary object, so nothing is left in the bucket.
 */
export function createS3Storage({ client, bucket }: { client: S3Client; bucket: string }): Storage {
  const objectKey = (key: string) => {
    // A key never comes from a client, but the check keeps a bad one from naming another object.
    if (!keyPattern.test(key)) throw new Error(`Not a storage key: ${key}`);
    return `${blobsPrefix}${key}`;
  };
  const sizeOf = async (objectName: string) => {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectName }));
      return head.ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  };
  const deleteObject = (objectName: string) =>
    client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectName }));

  async function* listObjects(prefix: string) {
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const object of page.Contents ?? []) yield object;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  return {
    kind: 's3',

    async beginWrite(): Promise<PendingWrite> {
      const tempKey = `${tempPrefix}${randomUUID()}.part`;
      const body = new PassThrough({ highWaterMark: 1024 * 1024 });
      // Failures reach us through `uploaded`; this keeps an error on the body from going unhandled.
      body.on('error', () => {});
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: tempKey, Body: body },
        partSize,
        queueSize,
        leavePartsOnError: false,
      });
      // When the body fails, lib-storage waits for the parts in flight, aborts the multipart
      // upload, and only then rejects: awaiting this is awaiting the cleanup.
      const uploaded = upload.done();
      let failure: Error | null = null;
      uploaded.catch((err: unknown) => {
        failure = storageFailure(`Writing to the S3 bucket ${bucket} failed.`, err);
        body.destroy();
      });

      const stream = new Writable({
        highWaterMark: 1024 * 1024,
        write(chunk: Buffer, _encoding, callback) {
          if (failure) return callback(failure);
          if (body.write(chunk)) return callback();
          const settle = (err?: Error) => {
            body.off('drain', onDrain);
            body.off('close', onClose);
            callback(err);
          };
          const onDrain = () => settle();
          const onClose = () => settle(failure ?? new Error('The upload to S3 stopped.'));
          body.once('drain', onDrain);
          body.once('close', onClose);
        },
        // The write is finished only when the object is whole in the bucket.
        final(callback) {
          body.end();
          uploaded.then(
            () => callback(),
            () => callback(failure ?? undefined),
          );
        },
        destroy(err, callback) {
          // A broken pipeline: fail the body so lib-storage stops and aborts the multipart upload.
          if (!body.destroyed && !body.writableFinished) body.destroy(err ?? new Error('Write discarded.'));
          callback(err);
        },
      });

      let settled = false;
      return {
        stream,
        async commit(key) {
          await uploaded;
          const target = objectKey(key);
          // Content-addressed: an object already under this key holds these very bytes.
          if ((await sizeOf(target)) === null) {
            await client.send(
              new CopyObjectCommand({ Bucket: bucket, Key: target, CopySource: `${bucket}/${tempKey}` }),
            );
          }
          settled = true;
          // The blob is in place; a temporary object that outlives a failed delete is swept later.
          await deleteObject(tempKey).catch(() => {});
        },
        async discard() {
          if (settled) return;
          settled = true;
          if (!stream.destroyed) stream.destroy();
          await uploaded.catch(() => {});
          // Deleting a missing object succeeds, so this is safe after any outcome of the upload.
          await deleteObject(tempKey);
        },
      };
    },

    async put(key, bytes) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: objectKey(key),
          Body: bytes,
          ContentLength: bytes.byteLength,
        }),
      );
    },

    async read(key, range) {
      const object = await client.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: objectKey(key),
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      if (!(object.Body instanceof Readable)) throw new Error('The S3 client did not answer with a stream.');
      return object.Body;
    },

    size: (key) => sizeOf(objectKey(key)),

    async remove(key) {
      await deleteObject(objectKey(key));
    },

    async *list() {
      for await (const object of listObjects(blobsPrefix)) {
        const key = object.Key?.slice(blobsPrefix.length) ?? '';
        if (keyPattern.test(key)) yield { key, size: object.Size ?? 0 };
      }
    },

    /**
     * Temporary objects a crashed process left behind. (Parts of a multipart upload cut short by a
     * crash are not objects: a lifecycle rule on the bucket removes them, see the README.)
     */
    async sweepTemp(olderThanMs, now = new Date()) {
      let removed = 0;
      for await (const object of listObjects(tempPrefix)) {
        if (!object.Key || !object.LastModified) continue;
        if (now.getTime() - object.LastModified.getTime() > olderThanMs) {
          await deleteObject(object.Key);
          removed += 1;
        }
      }
      return removed;
    },

    async close() {
      client.destroy();
    },
  };
}
