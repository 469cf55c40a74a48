// What the upload benchmarks share: a streamed multipart upload over HTTP, video-typed bodies made
// on the fly, and the bare baseline server that writes each request body to disk.

import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { reportAndServe } from './child-server.ts';

const mp4Header = Buffer.from('00000020667479706973736f6d0000020069736f6d69736f32617663316d703431', 'hex');
const filler = randomBytes(4 * 1024 * 1024);

/**
 * `size` bytes of a video-typed file: an MP4 header (ftyp isom), then 16 bytes of its own (so no two
 * uploads are the same file), then filler, in 1 MB pieces as they are read.
 */
export function videoBody(size: number) {
  const own = randomBytes(16);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return this.push(null);
      let piece: Buffer;
      if (sent === 0) piece = Buffer.concat([mp4Header, own, filler.subarray(0, 1024 * 1024 - 48)]);
      else {
        const offset = sent % (filler.length - 1024 * 1024);
        piece = filler.subarray(offset, offset + 1024 * 1024);
      }
      piece = piece.subarray(0, Math.min(piece.length, size - sent));
      sent += piece.length;
      this.push(piece);
    },
  });
}

/** Streams `body` (of `size` bytes) as multipart (field kind=video, then field file) and waits for the answer. */
export function uploadMultipart({
  port,
  urlPath,
  cookie = '',
  size,
  body,
}: {
  port: number;
  urlPath: string;
  cookie?: string;
  size: number;
  body: Readable;
}) {
  const boundary = `----wzbench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nvideo\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="pitch.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: urlPath,
        agent: false,
        headers: {
          ...(cookie ? { cookie } : {}),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size + tail.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let parsed: unknown = {};
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString() || '{}');
          } catch {
            parsed = { text: Buffer.concat(chunks).toString() };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.write(head);
    body.on('error', reject);
    body.on('end', () => req.end(tail));
    body.pipe(req, { end: false });
  });
}

/**
 * The baseline: a bare Node HTTP server that writes each request body, as received, to a file of
 * its own in `dir` and answers 201 once the file is closed. No parsing, no hashing, no database.
 */
export async function runBareDiskServer(dir: string) {
  await mkdir(dir, { recursive: true });
  const server = createServer((req, res) => {
    const file = path.join(dir, randomUUID());
    pipeline(req, createWriteStream(file)).then(
      () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ file }));
      },
      (err: Error) => {
        res.writeHead(500);
        res.end(JSON.stringify({ error: err.message }));
      },
    );
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 1024, resolve));
  reportAndServe({ server, close: () => new Promise((resolve) => server.close(resolve)) });
}
