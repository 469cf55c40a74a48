import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import {
  deckParts,
  mp4Bytes,
  pdfBytes,
  setupCompetition,
  tempStorageDir,
  upload,
} from './entries.fixtures.ts';

/**
 * Issue 10, hole 9: an entry held any number of files (63 on one draft). Each kind now has a
 * per-entry limit from the configuration (defaults: 3 decks, 2 videos, 10 images); one more is
 * refused with 409 and leaves no row, no audit record and no blob, also when uploads race.
 */

const listDir = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? listDir(path.join(dir, d.name)) : [path.join(dir, d.name)],
      )
    : [];

let t: TestApp;
let world: Awaited<ReturnType<typeof setupCompetition>>;
const storageDir = tempStorageDir();

beforeAll(async () => {
  t = await startTestApp({ config: { LOGIN_RATE_LIMIT: 1000, STORAGE_DIR: storageDir } });
  world = await setupCompetition(t);
});
afterAll(async () => t?.close());

const state = async () => ({
  files: await countRows(t, 'files'),
  audit: await countRows(t, 'audit_log'),
  blobs: listDir(path.join(storageDir, 'blobs')).length,
  temps: listDir(path.join(storageDir, 'tmp')).length,
});

async function draft() {
  const owner = await world.newTeam();
  const entry = await world.newEntry(owner.agent, owner.team.id);
  return { ...owner, entry };
}

const fileCount = async (entryId: string, kind: string) =>
  (await world.organizer.get(`/api/v1/entries/${entryId}`)).body.entry.files.filter(
    (f: { kind: string }) => f.kind === kind,
  ).length;

describe('files per entry', () => {
  test('GET /uploads/limits names how many files of each kind an entry may hold', async () => {
    const { agent } = await draft();
    const reply = await agent.get('/api/v1/uploads/limits');
    expect(reply.status).toBe(200);
    expect(
      Object.fromEntries(
        reply.body.limits.map((l: { kind: string; maxFiles: number }) => [l.kind, l.maxFiles]),
      ),
    ).toEqual({ deck: 3, video: 2, image: 10 });
  });

  test('a fourth deck is refused with 409 and a sentence; nothing is stored; removing one makes room', async () => {
    const { agent, entry } = await draft();
    const ids: string[] = [];
    for (let i = 1; i <= 3; i += 1) {
      const reply = await upload(t, agent, entry.id, deckParts(pdfBytes(`Deck ${i}`), `deck-${i}.pdf`));
      expect(reply.status).toBe(201);
      ids.push(reply.body.file.id);
    }
    const before = await state();
    const refused = await upload(t, agent, entry.id, deckParts(pdfBytes('Deck 4'), 'deck-4.pdf'));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'uploads.too_many',
      message: 'This entry already has 3 decks, the most allowed. Remove one before adding another.',
    });
    expect(refused.body.requestId).toEqual(expect.any(String));
    expect(await state()).toEqual(before);
    // The organizer is held to the same limit.
    const byOrganizer = await upload(t, world.organizer, entry.id, deckParts(pdfBytes('Deck 5'), 'd5.pdf'));
    expect(byOrganizer.status).toBe(409);
    expect(await state()).toEqual(before);
    expect(await fileCount(entry.id, 'deck')).toBe(3);

    expect((await agent.delete(`/api/v1/files/${ids[0]}`)).status).toBe(200);
    const again = await upload(t, agent, entry.id, deckParts(pdfBytes('Deck 4'), 'deck-4.pdf'));
    expect(again.status).toBe(201);
    expect(await fileCount(entry.id, 'deck')).toBe(3);
  });

  test('a third video is refused before its bytes are read when the address names the kind', async () => {
    const { agent, entry } = await draft();
    for (let i = 0; i < 2; i += 1) {
      const reply = await upload(
        t,
        agent,
        entry.id,
        [{ name: 'file', filename: `demo-${i}.mp4`, content: mp4Bytes(50_000), type: 'video/mp4' }],
        { query: '?kind=video' },
      );
      expect(reply.status).toBe(201);
    }
    const before = await state();
    const refused = await upload(
      t,
      agent,
      entry.id,
      [{ name: 'file', filename: 'demo-3.mp4', content: mp4Bytes(50_000), type: 'video/mp4' }],
      { query: '?kind=video' },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'This entry already has 2 videos, the most allowed. Remove one before adding another.',
    );
    expect(await state()).toEqual(before);
    // Other kinds are counted on their own.
    expect((await upload(t, agent, entry.id, deckParts(pdfBytes('A deck'), 'deck.pdf'))).status).toBe(201);
  });

  test('racing uploads cannot overshoot the limit: 6 at once leave exactly 3 decks and 3 blobs', async () => {
    const { agent, entry } = await draft();
    const before = await state();
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        upload(t, agent, entry.id, deckParts(pdfBytes(`Racing deck ${i}`), `race-${i}.pdf`)),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409]);
    for (const r of replies.filter((r) => r.status === 409))
      expect(r.body.error.code).toBe('uploads.too_many');
    expect(await fileCount(entry.id, 'deck')).toBe(3);
    const after = await state();
    expect(after.files - before.files).toBe(3);
    expect(after.blobs - before.blobs).toBe(3);
    expect(after.temps).toBe(before.temps);
  });
});
