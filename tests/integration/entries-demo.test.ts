import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDemoOnce } from '../../server/src/modules/demo/demo.service.ts';
import { countRows, organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { tempStorageDir } from './entries.fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { STORAGE_DIR: tempStorageDir() } });
});
afterAll(async () => t?.close());

test('every demo entry has a one-page PDF deck with its title, which an organizer can open in the page', async () => {
  const seeded = await seedDemoOnce({ db: t.db, organizerEmail, storageDir: t.config.STORAGE_DIR });
  expect(seeded).not.toBeNull();
  expect(await countRows(t, 'files')).toBe(seeded!.entries);
  const organizer = t.agent();
  await organizer.login(organizerEmail, organizerPassword);
  const list = await organizer.get(`/api/v1/competitions/${seeded!.competitionId}/entries?limit=5`);
  expect(
    list.body.items.every(
      (e: { fileCounts: { deck: number }; missing: string[] }) =>
        e.fileCounts.deck === 1 && e.missing.length === 0,
    ),
  ).toBe(true);
  const entry = (await organizer.get(`/api/v1/entries/${list.body.items[0].id}`)).body.entry;
  const deck = entry.files[0];
  expect(deck).toMatchObject({ kind: 'deck', mime: 'application/pdf' });
  const reply = await t.app.inject({
    method: 'GET',
    url: `/api/v1/files/${deck.id}?inline=1`,
    headers: { cookie: organizer.cookie() },
  });
  expect(reply.statusCode).toBe(200);
  expect(reply.headers['content-disposition']).toMatch(/^inline;/);
  expect(reply.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  expect(reply.rawPayload.toString('latin1')).toContain(`(${entry.title}) Tj`);
});
