import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import { deckParts, setupCompetition, tempStorageDir, upload } from './entries.fixtures.ts';

/**
 * Issue 10, hole 11: imported entries arrive submitted without a deck, and the completeness rule
 * of a team's submission refused every organizer edit of them (409 entries.incomplete). An
 * organizer may now edit a submitted entry, also after the deadline; the import takes
 * avoidOrganizations per entry; teams keep their rules.
 */

// The server's clock, moved by the test.
let clock = new Date('2026-06-30T12:00:00Z');
const closesAt = '2026-06-30T15:59:59.000Z';
let t: TestApp;
let world: Awaited<ReturnType<typeof setupCompetition>>;

beforeAll(async () => {
  t = await startTestApp({
    now: () => clock,
    config: { LOGIN_RATE_LIMIT: 1000, STORAGE_DIR: tempStorageDir() },
  });
  world = await setupCompetition(t, { submissionClosesAt: closesAt });
});
afterAll(async () => t?.close());

const snapshot = async () => ({
  entries: await countRows(t, 'entries'),
  audit: await countRows(t, 'audit_log'),
  updatedAt: (await t.db.execute<{ m: string }>(sql`select max(updated_at)::text as m from entries`))[0]?.m,
});

const importUrl = () => `/api/v1/competitions/${world.competitionId}/entries/import`;
const importOne = (entry: Record<string, unknown>) =>
  world.organizer.post(importUrl(), {
    teams: [
      {
        name: `Imported ${Math.random()}`,
        organization: 'Imported Org',
        country: 'DE',
        members: [],
        entries: [{ trackId: world.trackIds[0], title: 'Imported idea', summary: 'What it does.', ...entry }],
      },
    ],
  });

describe('the import takes avoidOrganizations per entry', () => {
  test('stored as sent (trimmed, without repeats) and shown on the entry', async () => {
    const reply = await importOne({
      avoidOrganizations: [' Apollo Hospitals ', 'Apollo Hospitals', 'Siemens'],
    });
    expect(reply.status).toBe(201);
    const entryId = reply.body.teams[0].entryIds[0];
    const entry = (await world.organizer.get(`/api/v1/entries/${entryId}`)).body.entry;
    expect(entry.avoidOrganizations).toEqual(['Apollo Hospitals', 'Siemens']);
  });

  test.each([
    [Array.from({ length: 21 }, (_, i) => `Org ${i}`), 'at most 20'],
    [['x'.repeat(201)], ''],
    [[''], ''],
  ])('refuses an unbounded list (%#) with 400, storing nothing', async (avoidOrganizations, words) => {
    const before = await snapshot();
    const reply = await importOne({ avoidOrganizations });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('entries.import_invalid');
    expect(JSON.stringify(reply.body.error.details)).toContain('avoidOrganizations');
    if (words) expect(reply.body.error.message + JSON.stringify(reply.body.error.details)).toContain(words);
    expect(await snapshot()).toEqual(before);
  });
});

describe('an organizer edits a submitted entry', () => {
  test('an imported entry (submitted, no deck) takes avoidOrganizations from the organizer, audited', async () => {
    const imported = await importOne({});
    const entryId = imported.body.teams[0].entryIds[0];
    const reply = await world.organizer.patch(`/api/v1/entries/${entryId}`, {
      avoidOrganizations: ['Apollo Hospitals'],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.entry).toMatchObject({ status: 'submitted', avoidOrganizations: ['Apollo Hospitals'] });
    const [record] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where entity_id = ${entryId} and action = 'entry.updated'`,
    );
    expect(record?.n).toBe(1);
    // What was there may still not be cleared: the summary of a submitted entry stays.
    const before = await snapshot();
    const cleared = await world.organizer.patch(`/api/v1/entries/${entryId}`, { summary: '' });
    expect(cleared.status).toBe(409);
    expect(cleared.body.error.code).toBe('entries.incomplete');
    expect(cleared.body.error.details).toEqual([{ path: 'summary', message: expect.any(String) }]);
    expect(await snapshot()).toEqual(before);
  });

  test('after the deadline the organizer still corrects a submitted entry; the team gets 409', async () => {
    const owner = await world.newTeam();
    const entry = await world.newEntry(owner.agent, owner.team.id);
    expect((await upload(t, owner.agent, entry.id, deckParts())).status).toBe(201);
    expect((await owner.agent.post(`/api/v1/entries/${entry.id}/submit`)).status).toBe(200);
    const imported = (await importOne({})).body.teams[0].entryIds[0];

    clock = new Date('2026-07-01T09:00:00Z');
    try {
      const before = await snapshot();
      const late = await owner.agent.patch(`/api/v1/entries/${entry.id}`, {
        avoidOrganizations: ['Late Corp'],
      });
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('entries.deadline_passed');
      expect(await snapshot()).toEqual(before);

      for (const id of [entry.id, imported]) {
        const reply = await world.organizer.patch(`/api/v1/entries/${id}`, {
          avoidOrganizations: ['Tencent'],
        });
        expect(reply.status).toBe(200);
        expect(reply.body.entry.avoidOrganizations).toEqual(['Tencent']);
      }
    } finally {
      clock = new Date('2026-06-30T12:00:00Z');
    }
  });

  test('the team keeps its rules: a submitted entry without its summary is refused', async () => {
    const owner = await world.newTeam();
    const entry = await world.newEntry(owner.agent, owner.team.id);
    expect((await upload(t, owner.agent, entry.id, deckParts())).status).toBe(201);
    expect((await owner.agent.post(`/api/v1/entries/${entry.id}/submit`)).status).toBe(200);
    const before = await snapshot();
    const reply = await owner.agent.patch(`/api/v1/entries/${entry.id}`, { summary: '' });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('entries.incomplete');
    expect(await snapshot()).toEqual(before);
  });

  test('another team cannot edit it: 404, nothing changed', async () => {
    const imported = (await importOne({})).body.teams[0].entryIds[0];
    const other = await world.newTeam();
    const before = await snapshot();
    const reply = await other.agent.patch(`/api/v1/entries/${imported}`, { avoidOrganizations: ['X'] });
    expect(reply.status).toBe(404);
    expect(JSON.stringify(reply.body)).not.toContain('Imported idea');
    expect(await snapshot()).toEqual(before);
  });
});
