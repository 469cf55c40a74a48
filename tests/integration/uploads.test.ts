import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { seedDemoOnce } from '../../server/src/modules/demo/demo.service.ts';
import { entries } from '../../server/src/modules/entries/entries.table.ts';
import { storageFromConfig } from '../../server/src/modules/uploads/storage.config.ts';
import { blobKey } from '../../server/src/modules/uploads/storage.ts';
import { countRows, organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { type S3Server, startS3Server } from '../support/s3.ts';
import {
  deckParts,
  mp4Bytes,
  multipart,
  pdfBytes,
  pngBytes,
  setupCompetition,
  tempStorageDir,
  upload,
  webmBytes,
} from './entries.fixtures.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const listDir = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? listDir(path.join(dir, d.name)) : [path.join(dir, d.name)],
      )
    : [];

/** What a look into each storage finds: blobs by key, writes in progress, a blob's bytes. */
type StorageProbe = {
  blobs(): Promise<string[]>;
  temps(): Promise<string[]>;
  bytes(key: string): Promise<Buffer | null>;
};

function diskProbe(storageDir: string): StorageProbe {
  const blobsDir = path.join(storageDir, 'blobs');
  return {
    blobs: async () =>
      listDir(blobsDir)
        .map((f) => path.relative(blobsDir, f))
        .sort(),
    temps: async () => listDir(path.join(storageDir, 'tmp')),
    bytes: async (key) =>
      existsSync(path.join(blobsDir, key)) ? readFileSync(path.join(blobsDir, key)) : null,
  };
}

/** The bucket as a listing shows it, and the multipart uploads still open in it. */
function s3Probe(s3: S3Server): StorageProbe {
  return {
    blobs: async () => (await s3.objects('blobs/')).map((k) => k.slice('blobs/'.length)),
    temps: async () => [...(await s3.objects('tmp/')), ...s3.pendingUploads()],
    bytes: async (key) => {
      if (!(await s3.objects(`blobs/${key}`)).length) return null;
      const object = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `blobs/${key}` }));
      return Buffer.from(await object.Body!.transformToByteArray());
    },
  };
}

// Small limits keep the oversize cases quick; the rule is the same at 30 MB. The video limit is
// above one S3 part (8 MB), so a refused video has parts in the bucket to clean up.
const deckLimitMb = 0.25;
const videoLimitMb = 12;

describe.each(['disk', 's3'] as const)('uploads stored on %s', (storageKind) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof setupCompetition>>;
  let s3: S3Server | undefined;
  let probe: StorageProbe;
  const storageDir = tempStorageDir();

  beforeAll(async () => {
    if (storageKind === 's3') s3 = await startS3Server();
    probe = s3 ? s3Probe(s3) : diskProbe(storageDir);
    t = await startTestApp({
      listen: true,
      config: {
        LOGIN_RATE_LIMIT: 1000,
        STORAGE_DIR: storageDir,
        UPLOAD_DECK_MAX_MB: deckLimitMb,
        UPLOAD_VIDEO_MAX_MB: videoLimitMb,
        UPLOAD_IMAGE_MAX_MB: 0.25,
        ...s3?.config,
      },
    });
    world = await setupCompetition(t);
  });
  afterAll(async () => {
    await t?.close();
    await s3?.close();
  });

  /** Everything a refused upload must leave as it was: rows, audit, blobs and temporary files. */
  const state = async () => ({
    files: await countRows(t, 'files'),
    audit: await countRows(t, 'audit_log'),
    blobs: await probe.blobs(),
    temps: await probe.temps(),
  });

  async function draft() {
    const owner = await world.newTeam();
    const entry = await world.newEntry(owner.agent, owner.team.id);
    return { ...owner, entry };
  }

  describe('POST /entries/:id/files', () => {
    test('streams a deck to storage under its sha256, keeps the sanitized name, and audits it', async () => {
      const { agent, entry } = await draft();
      const deck = pdfBytes('Edge LLM');
      const reply = await upload(t, agent, entry.id, deckParts(deck, 'Pitch deck 路演.pdf'));
      expect(reply.status).toBe(201);
      expect(reply.body.file).toEqual({
        id: expect.any(String),
        entryId: entry.id,
        kind: 'deck',
        name: 'Pitch deck 路演.pdf',
        size: deck.length,
        mime: 'application/pdf',
        sha256: sha256(deck),
        createdAt: expect.any(String),
      });
      expect(JSON.stringify(reply.body)).not.toMatch(/storage|blobs/i);
      expect((await probe.bytes(blobKey(sha256(deck))))?.equals(deck)).toBe(true);
      expect(await probe.temps()).toEqual([]);
      const [record] = await t.db.execute<{ action: string; after: any }>(
        sql`select action, after from audit_log where entity_id = ${reply.body.file.id}`,
      );
      expect(record?.action).toBe('file.uploaded');
      expect(record?.after).not.toHaveProperty('storageKey');
      expect((await agent.get(`/api/v1/entries/${entry.id}`)).body.entry.files.map((f: any) => f.id)).toEqual(
        [reply.body.file.id],
      );
    });

    test('takes the kind from the address too, and accepts MP4 and WebM videos and PNG images', async () => {
      const { agent, entry } = await draft();
      const video = await upload(
        t,
        agent,
        entry.id,
        [{ name: 'file', filename: 'demo.mp4', content: mp4Bytes(), type: 'video/mp4' }],
        {
          query: '?kind=video',
        },
      );
      expect(video.status).toBe(201);
      expect(video.body.file).toMatchObject({ kind: 'video', mime: 'video/mp4' });
      const webm = await upload(t, agent, entry.id, [
        { name: 'kind', value: 'video' },
        { name: 'file', filename: 'demo.webm', content: webmBytes() },
      ]);
      expect(webm.body.file).toMatchObject({ kind: 'video', mime: 'video/webm' });
      const image = await upload(t, agent, entry.id, [
        { name: 'kind', value: 'image' },
        { name: 'file', filename: 'logo.png', content: pngBytes() },
      ]);
      expect(image.body.file).toMatchObject({ kind: 'image', mime: 'image/png', size: pngBytes().length });
    });

    test('a video larger than one S3 part is stored whole and read back across the part boundary', async () => {
      const { agent, entry } = await draft();
      const video = mp4Bytes(11 * 1024 * 1024);
      const reply = await upload(t, agent, entry.id, [
        { name: 'kind', value: 'video' },
        { name: 'file', filename: 'pitch.mp4', content: video },
      ]);
      expect(reply.status).toBe(201);
      expect(reply.body.file).toMatchObject({ size: video.length, sha256: sha256(video) });
      expect(await probe.temps()).toEqual([]);
      const boundary = 8 * 1024 * 1024;
      const ranged = await t.app.inject({
        method: 'GET',
        url: `/api/v1/files/${reply.body.file.id}`,
        headers: { cookie: agent.cookie(), range: `bytes=${boundary - 10}-${boundary + 9}` },
      });
      expect(ranged.statusCode).toBe(206);
      expect(ranged.rawPayload.equals(video.subarray(boundary - 10, boundary + 10))).toBe(true);
      const whole = await t.app.inject({
        method: 'GET',
        url: `/api/v1/files/${reply.body.file.id}`,
        headers: { cookie: agent.cookie() },
      });
      expect(sha256(whole.rawPayload)).toBe(sha256(video));
    });

    test('a "PDF" that is really a PNG is refused with 415 by its content; nothing stored', async () => {
      const { agent, entry } = await draft();
      const before = await state();
      const reply = await upload(t, agent, entry.id, deckParts(pngBytes(), 'deck.pdf'));
      expect(reply.status).toBe(415);
      expect(reply.body.error.code).toBe('uploads.wrong_type');
      expect(reply.body.error.message).toMatch(/not a PDF.*PNG image/);
      expect(await state()).toEqual(before);
      // Content the sniffer cannot place is refused the same way.
      const text = await upload(
        t,
        agent,
        entry.id,
        deckParts(Buffer.from('just some text, not a deck'), 'deck.pdf'),
      );
      expect(text.status).toBe(415);
      expect(await state()).toEqual(before);
    });

    test('an oversize file is refused with 413 while streaming and when its length says so up front; nothing stored', async () => {
      const { agent, entry } = await draft();
      const before = await state();
      const big = Buffer.concat([pdfBytes(), Buffer.alloc(deckLimitMb * 1024 * 1024, 0x20)]);
      const streamed = await upload(t, agent, entry.id, deckParts(big));
      expect(streamed.status).toBe(413);
      expect(streamed.body.error.code).toBe('uploads.too_large');
      expect(streamed.body.error.message).toMatch(/larger than 256 KB/);
      expect(await state()).toEqual(before);
      // With the kind in the address, a Content-Length over the limit is refused before reading.
      const huge = Buffer.concat([pdfBytes(), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
      const upFront = await upload(
        t,
        agent,
        entry.id,
        [{ name: 'file', filename: 'deck.pdf', content: huge }],
        { query: '?kind=deck' },
      );
      expect(upFront.status).toBe(413);
      expect(await state()).toEqual(before);
    });

    test('a video refused for its size after a part of it was stored leaves nothing in storage', async () => {
      const { agent, entry } = await draft();
      const before = await state();
      // Past one 8 MB part: on S3 a multipart upload has begun and must be aborted. Half a megabyte
      // over, so its Content-Length does not give it away, and over real HTTP, so it arrives in
      // pieces as from a browser (in-process it would arrive as one piece, refused at once).
      const { body, contentType } = multipart([
        { name: 'kind', value: 'video' },
        { name: 'file', filename: 'long.mp4', content: mp4Bytes((videoLimitMb + 0.5) * 1024 * 1024) },
      ]);
      const reply = await fetch(new URL(`/api/v1/entries/${entry.id}/files`, t.baseUrl), {
        method: 'POST',
        headers: { 'content-type': contentType, cookie: agent.cookie() },
        body,
      });
      expect(reply.status).toBe(413);
      expect(((await reply.json()) as any).error.message).toMatch(/larger than 12 MB/);
      expect(await state()).toEqual(before);
    });

    test('a truncated multipart body leaves no file and no row', async () => {
      const { agent, entry } = await draft();
      const before = await state();
      const { body } = multipart(deckParts(pdfBytes()));
      const reply = await upload(t, agent, entry.id, deckParts(pdfBytes()), {
        rawBody: body.subarray(0, body.length - 300),
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('uploads.incomplete');
      expect(await state()).toEqual(before);
    });

    test('"../../etc/passwd" as a name: the bytes stay in storage, the name is only "passwd"', async () => {
      const { agent, entry } = await draft();
      const deck = pdfBytes('Traversal');
      const reply = await upload(t, agent, entry.id, deckParts(deck, '../../etc/passwd'));
      expect(reply.status).toBe(201);
      expect(reply.body.file.name).toBe('passwd');
      expect(existsSync(path.resolve(storageDir, 'blobs', '../../etc/passwd'))).toBe(false);
      expect(existsSync(path.resolve(storageDir, '../etc/passwd'))).toBe(false);
      expect(await probe.blobs()).toContain(blobKey(sha256(deck)));
      // The real passwd file's content is not a PDF: refused, nothing kept.
      const before = await state();
      const refused = await upload(
        t,
        agent,
        entry.id,
        deckParts(Buffer.from('root:x:0:0:root:/root:/bin/bash\n'), '..\\..\\etc\\passwd'),
      );
      expect(refused.status).toBe(415);
      expect(await state()).toEqual(before);
    });

    test.each([
      [
        'an unknown kind',
        [
          { name: 'kind', value: 'spreadsheet' },
          { name: 'file', filename: 'a.pdf', content: pdfBytes() },
        ],
        'uploads.unknown_kind',
      ],
      ['no kind', [{ name: 'file', filename: 'a.pdf', content: pdfBytes() }], 'uploads.kind_missing'],
      [
        'the kind after the file',
        [
          { name: 'file', filename: 'a.pdf', content: pdfBytes() },
          { name: 'kind', value: 'deck' },
        ],
        'uploads.kind_missing',
      ],
      ['no file', [{ name: 'kind', value: 'deck' }], 'uploads.no_file'],
      [
        'a file under another field name',
        [
          { name: 'kind', value: 'deck' },
          { name: 'deck', filename: 'a.pdf', content: pdfBytes() },
        ],
        'uploads.unexpected_file',
      ],
      [
        'an empty file',
        [
          { name: 'kind', value: 'deck' },
          { name: 'file', filename: 'a.pdf', content: Buffer.alloc(0) },
        ],
        'uploads.empty',
      ],
    ] as const)('%s gets a clear 400 and stores nothing', async (_label, parts, code) => {
      const { agent, entry } = await draft();
      const before = await state();
      const reply = await upload(t, agent, entry.id, [...parts]);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe(code);
      expect(reply.body.error.message).toMatch(/\w+ \w+/);
      expect(await state()).toEqual(before);
    });

    test('an unknown kind in the address and a JSON body are refused too', async () => {
      const { agent, entry } = await draft();
      const before = await state();
      const query = await upload(t, agent, entry.id, deckParts(), { query: '?kind=spreadsheet' });
      expect(query.status).toBe(400);
      expect(query.body.error.details[0].path).toBe('querystring.kind');
      const json = await agent.post(`/api/v1/entries/${entry.id}/files`, { kind: 'deck' });
      expect(json.status).toBe(415);
      expect(json.body.error.message).toMatch(/multipart/);
      expect(await state()).toEqual(before);
    });

    test("another team's entry answers 404 and nothing is stored; signed out gets 401", async () => {
      const { entry } = await draft();
      const other = await world.newTeam();
      const before = await state();
      const reply = await upload(t, other.agent, entry.id, deckParts());
      expect(reply.status).toBe(404);
      expect((await upload(t, t.agent(), entry.id, deckParts())).status).toBe(401);
      expect(await state()).toEqual(before);
    });

    test('a client that goes away mid-upload leaves no temporary file, no open upload and no row', async () => {
      const { agent, entry } = await draft();
      const before = await state();
      // Ten of eleven megabytes, so more than one S3 part (8 MB) is under way when the client leaves.
      const { body, contentType } = multipart([
        { name: 'kind', value: 'video' },
        { name: 'file', filename: 'demo.mp4', content: mp4Bytes(11 * 1024 * 1024) },
      ]);
      const url = new URL(`/api/v1/entries/${entry.id}/files`, t.baseUrl);
      const sent = body.subarray(0, 10 * 1024 * 1024);
      await new Promise<void>((resolve) => {
        const req = httpRequest(url, {
          method: 'POST',
          headers: { 'content-type': contentType, 'content-length': body.length, cookie: agent.cookie() },
        });
        req.on('error', () => resolve());
        req.write(sent, async () => {
          // Half the body is on the wire and in a temporary file: hang up, as a closed laptop would.
          await vi.waitFor(async () => expect(await probe.temps()).toHaveLength(1), {
            timeout: 10_000,
            interval: 20,
          });
          req.destroy();
          resolve();
        });
      });
      await vi.waitFor(async () => expect(await state()).toEqual(before), { timeout: 10_000, interval: 100 });
    });
  });

  test('GET /uploads/limits tells a client the size and formats of each kind before it sends anything', async () => {
    const { agent } = await draft();
    const reply = await agent.get('/api/v1/uploads/limits');
    expect(reply.status).toBe(200);
    expect(reply.body.limits).toEqual([
      {
        kind: 'deck',
        maxBytes: deckLimitMb * 1024 * 1024,
        maxFiles: 3,
        mimes: ['application/pdf'],
        formats: 'PDF',
      },
      {
        kind: 'video',
        maxBytes: videoLimitMb * 1024 * 1024,
        maxFiles: 2,
        mimes: ['video/mp4', 'video/webm'],
        formats: 'MP4 or WebM',
      },
      {
        kind: 'image',
        maxBytes: 0.25 * 1024 * 1024,
        maxFiles: 10,
        mimes: ['image/png', 'image/jpeg', 'image/webp'],
        formats: 'PNG, JPEG or WebP',
      },
    ]);
    expect((await t.agent().get('/api/v1/uploads/limits')).status).toBe(401);
    // The routes are in the OpenAPI document, the upload as multipart.
    const docs = await t.agent().get('/api/docs/json');
    expect(docs.status).toBe(200);
    const upload = docs.body.paths['/api/v1/entries/{entryId}/files'];
    expect(Object.keys(upload.post.requestBody?.content ?? {})).toContain('multipart/form-data');
    for (const path of [
      '/api/v1/files/{fileId}',
      '/api/v1/competitions/{competitionId}/entries/import',
      '/api/v1/me/teams',
    ]) {
      expect(docs.body.paths).toHaveProperty([path]);
    }
  });

  describe('GET /files/:id', () => {
    let owner: Awaited<ReturnType<typeof draft>>;
    let videoId: string;
    let deckId: string;
    const video = mp4Bytes(150_000);

    beforeAll(async () => {
      owner = await draft();
      videoId = (
        await upload(
          t,
          owner.agent,
          owner.entry.id,
          [{ name: 'file', filename: 'Démo vidéo (final) 100%.mp4', content: video }],
          { query: '?kind=video' },
        )
      ).body.file.id;
      deckId = (await upload(t, owner.agent, owner.entry.id, deckParts(pdfBytes(), 'deck.pdf'))).body.file.id;
    });

    test('sends the bytes as an attachment with an ETag and byte ranges', async () => {
      const reply = await t.app.inject({
        method: 'GET',
        url: `/api/v1/files/${videoId}`,
        headers: { cookie: owner.agent.cookie() },
      });
      expect(reply.statusCode).toBe(200);
      expect(reply.rawPayload.equals(video)).toBe(true);
      expect(reply.headers['content-type']).toBe('video/mp4');
      expect(reply.headers['content-length']).toBe(String(video.length));
      expect(reply.headers['accept-ranges']).toBe('bytes');
      expect(reply.headers.etag).toBe(`"${sha256(video)}"`);
      expect(reply.headers['content-disposition']).toBe(
        `attachment; filename="D_mo vid_o (final) 100_.mp4"; filename*=UTF-8''D%C3%A9mo%20vid%C3%A9o%20%28final%29%20100%25.mp4`,
      );
      const again = await t.app.inject({
        method: 'GET',
        url: `/api/v1/files/${videoId}`,
        headers: { cookie: owner.agent.cookie(), 'if-none-match': reply.headers.etag as string },
      });
      expect(again.statusCode).toBe(304);
      const inline = await t.app.inject({
        method: 'GET',
        url: `/api/v1/files/${deckId}?inline=1`,
        headers: { cookie: owner.agent.cookie() },
      });
      expect(inline.headers['content-disposition']).toMatch(/^inline; /);
      expect(inline.headers['content-type']).toBe('application/pdf');
    });

    test.each([
      ['bytes=0-99', 0, 99],
      ['bytes=1000-', 1000, 149_999],
      ['bytes=-500', 149_500, 149_999],
      ['bytes=149990-200000', 149_990, 149_999],
    ])('answers Range: %s with 206 and exactly those bytes', async (range, start, end) => {
      const reply = await t.app.inject({
        method: 'GET',
        url: `/api/v1/files/${videoId}`,
        headers: { cookie: owner.agent.cookie(), range },
      });
      expect(reply.statusCode).toBe(206);
      expect(reply.headers['content-range']).toBe(`bytes ${start}-${end}/${video.length}`);
      expect(reply.headers['content-length']).toBe(String(end - start + 1));
      expect(reply.rawPayload.equals(video.subarray(start, end + 1))).toBe(true);
    });

    test('a range past the end is 416; a range for another version (If-Range) gets the whole file', async () => {
      const past = await t.app.inject({
        method: 'GET',
        url: `/api/v1/files/${videoId}`,
        headers: { cookie: owner.agent.cookie(), range: 'bytes=200000-' },
      });
      expect(past.statusCode).toBe(416);
      expect(past.headers['content-range']).toBe(`bytes */${video.length}`);
      expect(past.json().error.code).toBe('files.range_not_satisfiable');
      const stale = await t.app.inject({
        method: 'GET',
        url: `/api/v1/files/${videoId}`,
        headers: { cookie: owner.agent.cookie(), range: 'bytes=0-9', 'if-range': '"something-else"' },
      });
      expect(stale.statusCode).toBe(200);
      expect(stale.rawPayload.length).toBe(video.length);
    });

    test('ranges work over real HTTP, as a video player seeks', async () => {
      const response = await fetch(new URL(`/api/v1/files/${videoId}`, t.baseUrl), {
        headers: { cookie: owner.agent.cookie(), range: 'bytes=100-199' },
      });
      expect(response.status).toBe(206);
      expect(Buffer.from(await response.arrayBuffer()).equals(video.subarray(100, 200))).toBe(true);
    });

    test('other teams and unassigned judges get 404; organizers and the assigned judge get the file', async () => {
      const other = await world.newTeam();
      const hidden = await other.agent.get(`/api/v1/files/${videoId}`);
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.code).toBe('request.not_found');
      expect((await t.agent().get(`/api/v1/files/${videoId}`)).status).toBe(401);
      expect((await world.organizer.get(`/api/v1/files/${deckId}`)).status).toBe(200);

      const { agent: judgeAgent, judgeId } = await world.newJudge();
      expect((await judgeAgent.get(`/api/v1/files/${deckId}`)).status).toBe(404);
      await world.assign(judgeId, owner.entry.id);
      // A judge sees the files of a submitted entry only (the draft stays the team's).
      expect((await judgeAgent.get(`/api/v1/files/${deckId}`)).status).toBe(404);
      await t.db.update(entries).set({ status: 'submitted' }).where(eq(entries.id, owner.entry.id));
      expect((await judgeAgent.get(`/api/v1/files/${deckId}`)).status).toBe(200);
      // Seeing is not changing: a judge cannot remove it.
      expect((await judgeAgent.delete(`/api/v1/files/${deckId}`)).status).toBe(403);
    });
  });

  describe('DELETE /files/:id', () => {
    test('another team gets 404; the owner removes the file, and its blob goes with the last row using it', async () => {
      const a = await draft();
      const b = await draft();
      const deck = pdfBytes('Shared deck');
      const first = (await upload(t, a.agent, a.entry.id, deckParts(deck))).body.file;
      const second = (await upload(t, b.agent, b.entry.id, deckParts(deck))).body.file;
      const blob = blobKey(sha256(deck));

      const before = await state();
      expect((await b.agent.delete(`/api/v1/files/${first.id}`)).status).toBe(404);
      expect(await state()).toEqual(before);

      expect((await a.agent.delete(`/api/v1/files/${first.id}`)).status).toBe(200);
      expect(await probe.blobs()).toContain(blob); // b still uses these bytes
      expect((await a.agent.get(`/api/v1/files/${first.id}`)).status).toBe(404);
      expect((await b.agent.get(`/api/v1/files/${second.id}`)).status).toBe(200);
      expect((await b.agent.delete(`/api/v1/files/${second.id}`)).status).toBe(200);
      expect(await probe.blobs()).not.toContain(blob);
      const actions = await t.db.execute<{ action: string }>(
        sql`select action from audit_log where entity_id in (${first.id}, ${second.id}) order by id`,
      );
      expect(actions.map((r) => r.action)).toEqual([
        'file.uploaded',
        'file.uploaded',
        'file.deleted',
        'file.deleted',
      ]);
    });

    test('the only deck of a submitted entry stays until another is uploaded', async () => {
      const { agent, entry } = await draft();
      const deck = (await upload(t, agent, entry.id, deckParts(pdfBytes('v1')))).body.file;
      expect((await agent.post(`/api/v1/entries/${entry.id}/submit`)).status).toBe(200);
      const refused = await agent.delete(`/api/v1/files/${deck.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('files.last_deck');
      await upload(t, agent, entry.id, deckParts(pdfBytes('v2')));
      expect((await agent.delete(`/api/v1/files/${deck.id}`)).status).toBe(200);
    });
  });

  test("the demo's decks are written where the platform reads files, and open", async () => {
    // As pnpm start and pnpm seed:demo do: the storage the configuration names.
    const storage = storageFromConfig(t.config);
    const blobsBefore = (await probe.blobs()).length;
    const seeded = await seedDemoOnce({ db: t.db, organizerEmail, storage }).finally(() => storage.close());
    expect(seeded).not.toBeNull();
    expect((await probe.blobs()).length).toBe(blobsBefore + seeded!.entries);
    const [deck] = await t.db.execute<{ id: string }>(
      sql`select f.id from files f join entries e on e.id = f.entry_id where e.competition_id = ${seeded!.competitionId} limit 1`,
    );
    const organizer = t.agent();
    await organizer.login(organizerEmail, organizerPassword);
    const reply = await t.app.inject({
      method: 'GET',
      url: `/api/v1/files/${deck!.id}`,
      headers: { cookie: organizer.cookie() },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
