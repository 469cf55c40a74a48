// The public results and feed come from a per-process cache with ETags: a 304 while nothing public
// changed, and fresh bytes at once after a reveal, a publication or a citation correction, on this
// API process and on another one sharing the database (each checks the version in PostgreSQL).
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../server/src/app/server.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type Setup, setupAwards } from './awards.fixtures.ts';

let t: TestApp;
/** A second API process on the same database and Redis, as behind a load balancer. */
let other: FastifyInstance;

beforeAll(async () => {
  t = await startTestApp();
  other = await buildApp({ config: t.config });
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

async function prizes(s: Setup, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/awards`, {
      name: `Prize ${i + 1}`,
      kind: 'prize',
      level: i + 1,
      slots: 1,
    });
    expect(created.status).toBe(201);
    const winners = await s.organizer.put(`/api/v1/awards/${created.body.award.id}/winners`, [
      { entryId: s.entries[i]!.id, citation: `First words for prize ${i + 1}` },
    ]);
    expect(winners.status).toBe(200);
    ids.push(created.body.award.id);
  }
  return ids;
}

const resultsUrl = (s: Setup) => `/api/v1/public/competitions/${s.slug}/results`;
const feedUrl = (s: Setup) => `/api/v1/public/competitions/${s.slug}/feed.json`;

async function read(app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  const reply = await app.inject({ method: 'GET', url, headers });
  return {
    status: reply.statusCode,
    etag: String(reply.headers.etag ?? ''),
    headers: reply.headers,
    body: reply.body,
    json: () => reply.json(),
  };
}

const citations = (results: { awards: Array<{ winners: Array<{ citation: string }> }> }) =>
  results.awards.flatMap((a) => a.winners.map((w) => w.citation));

describe('public results cache', () => {
  test('an unchanged result answers 304 to its ETag, on either process, with no body', async () => {
    const s = await setupAwards(t, { perTrack: 2 });
    const [first] = await prizes(s, 1);
    expect(
      (await s.organizer.post(`/api/v1/competitions/${s.competition.id}/reveal`, { awardId: first })).status,
    ).toBe(200);

    const fresh = await read(t.app, resultsUrl(s));
    expect(fresh.status).toBe(200);
    expect(fresh.etag).toMatch(/^W\/"[\w-]+"$/);
    expect(fresh.headers['cache-control']).toBe('no-cache');
    expect(fresh.json().awards).toHaveLength(1);

    for (const app of [t.app, other]) {
      const again = await read(app, resultsUrl(s), { 'if-none-match': fresh.etag });
      expect(again.status).toBe(304);
      expect(again.body).toBe('');
      expect(again.etag).toBe(fresh.etag);
    }
    // A different ETag (an older page) gets the whole results.
    const stale = await read(t.app, resultsUrl(s), { 'if-none-match': 'W/"something-else"' });
    expect(stale.status).toBe(200);
    expect(stale.json()).toEqual(fresh.json());
  });

  test('a reveal and a publication show at once on both processes, with a new ETag', async () => {
    const s = await setupAwards(t, { perTrack: 2 });
    const [first, second, third] = await prizes(s, 3);
    const before = await read(t.app, resultsUrl(s));
    expect(before.json().awards).toHaveLength(0);
    // The other process holds a copy too.
    expect((await read(other, resultsUrl(s))).etag).toBe(before.etag);

    await s.organizer.post(`/api/v1/competitions/${s.competition.id}/reveal`, { awardId: first });
    for (const app of [other, t.app]) {
      const after = await read(app, resultsUrl(s), { 'if-none-match': before.etag });
      expect(after.status).toBe(200);
      expect(after.json().awards.map((a: { id: string }) => a.id)).toEqual([first]);
      expect(after.etag).not.toBe(before.etag);
    }

    const revealed = await read(other, resultsUrl(s));
    const published = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`, {});
    expect(published.status).toBe(200);
    const all = await read(other, resultsUrl(s), { 'if-none-match': revealed.etag });
    expect(all.status).toBe(200);
    expect(
      all
        .json()
        .awards.map((a: { id: string }) => a.id)
        .sort(),
    ).toEqual([first, second, third].sort());
    expect(all.json().competition.resultsPublishedAt).not.toBeNull();
  });

  test('a citation correction shows at once on both processes, in the results and the feed', async () => {
    const s = await setupAwards(t, { perTrack: 2 });
    const [first] = await prizes(s, 1);
    await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`, {});
    const results = await read(other, resultsUrl(s));
    const feed = await read(other, feedUrl(s));
    expect(citations(results.json())).toEqual(['First words for prize 1']);
    expect(feed.etag).toMatch(/^W\//);
    expect((await read(other, feedUrl(s), { 'if-none-match': feed.etag })).status).toBe(304);

    const corrected = await s.organizer.put(`/api/v1/awards/${first}/citations`, [
      { entryId: s.entries[0]!.id, citation: 'Corrected words for prize 1' },
    ]);
    expect(corrected.status).toBe(200);
    for (const app of [other, t.app]) {
      const now = await read(app, resultsUrl(s), { 'if-none-match': results.etag });
      expect(now.status).toBe(200);
      expect(citations(now.json())).toEqual(['Corrected words for prize 1']);
      const nowFeed = await read(app, feedUrl(s), { 'if-none-match': feed.etag });
      expect(nowFeed.status).toBe(200);
      expect(nowFeed.body).toContain('Corrected words for prize 1');
      expect(nowFeed.headers['content-type']).toMatch(/application\/feed\+json/);
    }
    // Corrected back to the first words: the first ETag is right again (it names the bytes).
    await s.organizer.put(`/api/v1/awards/${first}/citations`, [
      { entryId: s.entries[0]!.id, citation: 'First words for prize 1' },
    ]);
    expect((await read(t.app, resultsUrl(s), { 'if-none-match': results.etag })).status).toBe(304);
  });

  test("a winner's team or track renamed after publication shows at once on both processes", async () => {
    const s = await setupAwards(t, { perTrack: 2 });
    await prizes(s, 1);
    await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`, {});
    const [winner] = s.entries;
    let before = await read(other, resultsUrl(s));
    expect(before.body).toContain(winner!.team);

    // The organizer corrects the team's name (the team itself may not after the deadline).
    const team = await s.organizer.patch(`/api/v1/teams/${winner!.teamId}`, { name: 'Lumen Renamed' });
    expect(team.status, JSON.stringify(team.body)).toBe(200);
    for (const app of [other, t.app]) {
      const now = await read(app, resultsUrl(s), { 'if-none-match': before.etag });
      expect(now.status).toBe(200);
      expect(now.body).toContain('Lumen Renamed');
      expect(now.body).not.toContain(winner!.team);
    }

    before = await read(other, resultsUrl(s));
    const track = await s.organizer.patch(`/api/v1/tracks/${winner!.trackId}`, { name: 'Renamed Track' });
    expect(track.status, JSON.stringify(track.body)).toBe(200);
    for (const app of [other, t.app]) {
      const now = await read(app, resultsUrl(s), { 'if-none-match': before.etag });
      expect(now.status).toBe(200);
      expect(now.body).toContain('Renamed Track');
    }
  });

  test('winners chosen for an unpublished award change nothing public', async () => {
    const s = await setupAwards(t, { perTrack: 2 });
    const [first] = await prizes(s, 1);
    await s.organizer.post(`/api/v1/competitions/${s.competition.id}/reveal`, { awardId: first });
    const before = await read(t.app, resultsUrl(s));
    const hidden = await s.organizer.post(`/api/v1/competitions/${s.competition.id}/awards`, {
      name: 'Secret Special',
      kind: 'special',
      slots: 1,
    });
    await s.organizer.put(`/api/v1/awards/${hidden.body.award.id}/winners`, [
      { entryId: s.entries[1]!.id, citation: 'Not public yet' },
    ]);
    const after = await read(t.app, resultsUrl(s), { 'if-none-match': before.etag });
    expect(after.status).toBe(304);
    const whole = await read(other, resultsUrl(s));
    expect(whole.body).not.toContain('Not public yet');
    expect(whole.body).not.toContain('Secret Special');
  });

  test('sent compressed as the client accepts, the same results in every encoding', async () => {
    const s = await setupAwards(t, { perTrack: 4 });
    await prizes(s, 6);
    await s.organizer.post(`/api/v1/competitions/${s.competition.id}/publish`, {});
    const plain = await t.app.inject({ method: 'GET', url: resultsUrl(s) });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    const br = await t.app.inject({
      method: 'GET',
      url: resultsUrl(s),
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
    const gz = await t.app.inject({
      method: 'GET',
      url: resultsUrl(s),
      headers: { 'accept-encoding': 'gzip, br;q=0' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());
  });

  test('an unknown competition is a 404 in the one error format, a malformed slug a 400', async () => {
    const missing = await read(t.app, '/api/v1/public/competitions/no-such-cup/results');
    expect(missing.status).toBe(404);
    expect(missing.json().error.code).toBe('request.not_found');
    expect(missing.json().requestId).toBeTruthy();
    expect(missing.etag).toBe('');
    const feed = await read(other, '/api/v1/public/competitions/no-such-cup/feed.json');
    expect(feed.status).toBe(404);
    const bad = await read(t.app, '/api/v1/public/competitions/Not%20A%20Slug/results');
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBeTruthy();
  });
});
