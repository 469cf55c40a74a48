// The demo competition is ready for a ceremony: its ladder and special awards exist, and an
// organizer can name winners from the suggestions (ranked by the preliminary's tally while the
// final is still to run), reveal them and see the public results update.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDemoOnce } from '../../server/src/modules/demo/demo.service.ts';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { tempStorageDir } from './entries.fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ config: { STORAGE_DIR: tempStorageDir() } });
});
afterAll(async () => t?.close());

test('the demo comes with its awards, and a ceremony can be run on it', async () => {
  const seeded = await seedDemoOnce({ db: t.db, organizerEmail, storageDir: t.config.STORAGE_DIR });
  const organizer = t.agent();
  await organizer.login(organizerEmail, organizerPassword);
  const awards = (await organizer.get(`/api/v1/competitions/${seeded!.competitionId}/awards`)).body.items;
  expect(awards.map((a: { name: string }) => a.name)).toEqual([
    'Digital Medical Care Award',
    'Artificial Intelligence Breakthrough Award',
    'Open Source Contribution Award',
    'Rising Star Award',
    'Third Prize',
    'Second Prize',
    'First Prize',
    'Grand Prize',
  ]);
  const medical = awards[0];
  expect(medical.eligibleTrackIds).toHaveLength(1);

  // The final is still to run: the preliminary's tally ranks the finalists of the award's track.
  const suggestions = await organizer.get(`/api/v1/awards/${medical.id}/suggestions`);
  expect(suggestions.status).toBe(200);
  expect(suggestions.body.round.name).toBe('Online preliminary');
  expect(suggestions.body.items.length).toBeGreaterThan(0);
  expect(
    suggestions.body.items.every((s: { trackId: string }) => s.trackId === medical.eligibleTrackIds[0]),
  ).toBe(true);
  const pick = suggestions.body.items[0];
  const chosen = await organizer.put(`/api/v1/awards/${medical.id}/winners`, [
    { entryId: pick.entryId, citation: 'Care for every village.' },
  ]);
  expect(chosen.status).toBe(200);
  const reveal = await organizer.post(`/api/v1/competitions/${seeded!.competitionId}/reveal`, {
    awardId: medical.id,
  });
  expect(reveal.status).toBe(200);
  const results = await t.agent().get('/api/v1/public/competitions/wuzhen-2026/results');
  expect(results.body.awards.map((a: { name: string }) => a.name)).toEqual(['Digital Medical Care Award']);
  expect(results.body.competition.timezone).toBe('Asia/Shanghai');
  expect(results.body.awards[0].winners[0]).toMatchObject({
    entryId: pick.entryId,
    title: pick.title,
    citation: 'Care for every village.',
  });
});
