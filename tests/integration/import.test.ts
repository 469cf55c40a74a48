import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import { setupCompetition, tempStorageDir } from './entries.fixtures.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof setupCompetition>>;
let codes: string[];

beforeAll(async () => {
  t = await startTestApp({ config: { LOGIN_RATE_LIMIT: 1000, STORAGE_DIR: tempStorageDir() } });
  world = await setupCompetition(t, {
    tracks: [
      'Artificial Intelligence',
      'Digital Medicine',
      'Connected Vehicles',
      'Industrial Internet',
      'Intelligent Sensing',
      'Open Source',
    ],
  });
  codes = world.world.tracks.map((tr: { code: string }) => tr.code);
});
afterAll(async () => t?.close());

const countries = [
  'CN',
  'US',
  'DE',
  'GB',
  'FR',
  'JP',
  'KR',
  'SG',
  'IL',
  'IN',
  'BR',
  'AE',
  'IT',
  'ES',
  'NL',
  'CH',
  'SE',
  'FI',
  'CA',
  'AU',
  'MY',
  'TH',
  'VN',
  'ID',
];

/** The 2022 edition's size: 1,110 projects from 24 countries and regions, one team each. */
const edition = (n = 1110) => ({
  teams: Array.from({ length: n }, (_, i) => ({
    name: `Team ${i + 1}`,
    organization: `Org ${i % 400}`,
    country: countries[i % countries.length],
    members: [
      { name: `Founder ${i + 1}`, email: `founder${i + 1}@org${i % 400}.example` },
      { name: `Engineer ${i + 1}`, email: `engineer${i + 1}@org${i % 400}.example` },
    ],
    entries: [
      {
        // Tracks by id or by code, as a spreadsheet would name them.
        trackId:
          i % 2 === 0 ? world.trackIds[i % world.trackIds.length] : codes[i % codes.length]!.toLowerCase(),
        title: `Project ${i + 1}`,
        summary: `What project ${i + 1} does, in a sentence.`,
        description: `## Problem\nProject ${i + 1} solves something.\n\n## Solution\n${'Details. '.repeat(40)}`,
      },
    ],
  })),
});

const snapshot = async () => ({
  teams: await countRows(t, 'teams'),
  members: await countRows(t, 'team_members'),
  entries: await countRows(t, 'entries'),
  audit: await countRows(t, 'audit_log'),
});

const url = () => `/api/v1/competitions/${world.competitionId}/entries/import`;

describe('POST /competitions/:id/entries/import', () => {
  test('one bad row among 1,110 refuses the whole import, naming every bad row and why; nothing stored', async () => {
    const body = edition();
    body.teams[41]!.country = 'ZZ';
    body.teams[41]!.entries[0]!.summary = 'x'.repeat(301);
    body.teams[707]!.entries[0]!.trackId = 'NO-SUCH-TRACK';
    (body.teams[999] as any).members = [{ name: 'No email' }];
    const before = await snapshot();
    const reply = await world.organizer.post(url(), body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('entries.import_invalid');
    expect(reply.body.error.message).toMatch(/^4 problems in 3 rows; nothing was imported\. First, row 42/);
    expect(reply.body.error.details).toEqual([
      { row: 42, path: 'teams[41].country', message: expect.stringMatching(/ISO 3166-1/) },
      {
        row: 42,
        entry: 1,
        path: 'teams[41].entries[0].summary',
        message: expect.stringMatching(/300 characters/),
      },
      {
        row: 708,
        entry: 1,
        path: 'teams[707].entries[0].trackId',
        message: 'No track of this competition has the id or code "NO-SUCH-TRACK".',
      },
      { row: 1000, path: 'teams[999].members[0].email', message: expect.any(String) },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  test('1,110 entries import in one call: submitted, ownerless, in their tracks and countries, audited', async () => {
    const before = await snapshot();
    const reply = await world.organizer.post(url(), edition());
    expect(reply.status).toBe(201);
    expect(reply.body.imported).toEqual({ teams: 1110, entries: 1110 });
    expect(reply.body.teams).toHaveLength(1110);
    expect(reply.body.teams[0]).toEqual({
      id: expect.any(String),
      name: 'Team 1',
      entryIds: [expect.any(String)],
    });
    const after = await snapshot();
    expect(after.teams - before.teams).toBe(1110);
    expect(after.members - before.members).toBe(2220);
    expect(after.entries - before.entries).toBe(1110);
    // One record per team and per entry.
    expect(after.audit - before.audit).toBe(2220);

    const [stats] = await t.db.execute<{
      submitted: number;
      ownerless: number;
      countries: number;
      tracks: number;
    }>(sql`
      select count(*) filter (where e.status = 'submitted' and e.submitted_at is not null)::int as submitted,
             count(*) filter (where t.owner_id is null)::int as ownerless,
             count(distinct t.country)::int as countries,
             count(distinct e.track_id)::int as tracks
      from entries e join teams t on t.id = e.team_id where e.competition_id = ${world.competitionId}`);
    expect(stats).toEqual({ submitted: 1110, ownerless: 1110, countries: 24, tracks: 6 });

    // The organizer's list sees them, counted per track and country.
    const list = await world.organizer.get(`/api/v1/competitions/${world.competitionId}/entries?limit=100`);
    expect(list.body.counts.total).toBe(1110);
    expect(list.body.counts.byCountry).toHaveLength(24);
    expect(list.body.counts.byTrack.reduce((s: number, c: { count: number }) => s + c.count, 0)).toBe(1110);
    expect(list.body.items).toHaveLength(100);
    expect(list.body.nextCursor).toEqual(expect.any(String));
  });

  test('an empty or malformed body is refused; only organizers may import', async () => {
    const before = await snapshot();
    expect((await world.organizer.post(url(), { teams: [] })).status).toBe(400);
    expect((await world.organizer.post(url(), { teams: 'all of them' })).status).toBe(400);
    const notAList = await world.organizer.post(url(), { teams: [42] });
    expect(notAList.status).toBe(400);
    expect(notAList.body.error.details[0]).toMatchObject({ row: 1, path: 'teams[0]' });
    const team = await world.newTeam();
    const asTeam = await team.agent.post(url(), edition(2));
    expect(asTeam.status).toBe(403);
    const stranger = t.agent();
    await stranger.register('stranger-import@example.org');
    expect((await stranger.post(url(), edition(2))).status).toBe(404);
    expect((await snapshot()).entries).toBe(before.entries);
  });
});
