// Every CSV export goes through the one writer, which neutralizes spreadsheet formulas in text a
// team, a judge or an organizer typed (a team titled =HYPERLINK(...) must stay text in Excel).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { entries, teams } from '../../server/src/modules/entries/entries.table.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { insertFinalSnapshot, insertReview, setupAwards } from './awards.fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const formulas = {
  title: '=HYPERLINK("http://evil.example","Open")',
  team: '+cmd|" /C calc"!A0',
  comment: '-2+3 was my first thought',
  citation: '@SUM(1+1)',
};

/** Each formula occurs in the body, and every occurrence is preceded by the apostrophe that defuses it. */
const expectDefused = (body: string, texts: string[]) => {
  for (const text of texts) {
    const core = text.replaceAll('"', '""').slice(0, 12);
    const occurrences = body.split(core).length - 1;
    expect(occurrences, `${text} in the export`).toBeGreaterThan(0);
    expect(body.split(`'${core}`).length - 1, `${text} defused everywhere`).toBe(occurrences);
  }
};

test('awards.csv, results.csv, reviews.csv and a round’s results.csv defuse formulas in every cell', async () => {
  const s = await setupAwards(t, { perTrack: 2 });
  const first = s.entries[0]!;
  await t.db.update(entries).set({ title: formulas.title }).where(eq(entries.id, first.id));
  await t.db.update(teams).set({ name: formulas.team }).where(eq(teams.id, first.teamId));
  await insertFinalSnapshot(t, { roundId: s.final.id, ranked: s.entries });
  await insertReview(t, {
    roundId: s.rounds[0]!.id,
    entryId: first.id,
    judgeId: s.judge.id,
    comment: formulas.comment,
    privateNote: '=1+1',
  });
  const award = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/awards`, {
    name: 'Grand Prize',
    kind: 'prize',
    level: 1,
    slots: 1,
  });
  expect(award.status).toBe(201);
  const winners = await s.organizer.put(`/api/v1/awards/${award.body.award.id}/winners`, [
    { entryId: first.id, citation: formulas.citation },
  ]);
  expect(winners.status).toBe(200);

  const get = async (url: string) => {
    const reply = await s.organizer.get(url);
    expect(reply.status, url).toBe(200);
    expect(String(reply.headers['content-type'])).toMatch(/^text\/csv/);
    return String(reply.body);
  };
  const base = `/api/v1/competitions/${s.competition.id}`;
  expectDefused(await get(`${base}/awards.csv`), [formulas.title, formulas.team, formulas.citation]);
  expectDefused(await get(`${base}/results.csv`), [formulas.title, formulas.team]);
  expectDefused(await get(`${base}/reviews.csv`), [formulas.title, formulas.team, formulas.comment, '=1+1']);
  expectDefused(await get(`/api/v1/rounds/${s.final.id}/results.csv?method=none`), [
    formulas.title,
    formulas.team,
  ]);
});
