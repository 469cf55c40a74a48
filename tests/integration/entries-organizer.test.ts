// The organizer's entries tab at full size: search, exports, and what an organizer does to one
// entry (withdraw, disqualify, reinstate, extend its deadline), each with a reason in the audit log.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Agent, countRows, startTestApp, type TestApp } from '../support/app.ts';
import { deckParts, setupCompetition, tempStorageDir, upload } from './entries.fixtures.ts';

// The server's clock, moved by the test: deadlines are compared with it.
let clock = new Date('2026-06-01T00:00:00Z');
const closesAt = '2026-06-30T16:00:00.000Z';
let t: TestApp;
let world: Awaited<ReturnType<typeof setupCompetition>>;
let owner: Awaited<ReturnType<typeof world.newTeam>>;
let stranger: Awaited<ReturnType<typeof world.newTeam>>;
let entryId: string;
let formulaEntryId: string;

beforeAll(async () => {
  t = await startTestApp({
    now: () => clock,
    // The clock moves by days: sessions must outlive it.
    config: { LOGIN_RATE_LIMIT: 1000, SESSION_TTL_HOURS: 24 * 60, STORAGE_DIR: tempStorageDir() },
  });
  world = await setupCompetition(t, { submissionClosesAt: closesAt });
  owner = await world.newTeam({ name: 'Lumen Labs', organization: 'Lumen Robotics', country: 'SG' });
  stranger = await world.newTeam({ name: 'Other Team', organization: 'Elsewhere Inc', country: 'DE' });
  const entry = await world.newEntry(owner.agent, owner.team.id, { title: 'Quiet harvest drones' });
  entryId = entry.id;
  await upload(t, owner.agent, entryId, deckParts());
  expect((await owner.agent.post(`/api/v1/entries/${entryId}/submit`)).status).toBe(200);
  // A title a spreadsheet would run as a formula, were it not written as text.
  formulaEntryId = (
    await world.newEntry(stranger.agent, stranger.team.id, {
      title: '=HYPERLINK("http://evil.example","Click")',
      trackId: world.trackIds[1],
    })
  ).id;
  const imported = await world.organizer.post(`/api/v1/competitions/${world.competitionId}/entries/import`, {
    teams: Array.from({ length: 30 }, (_, i) => ({
      name: `Imported ${i + 1}`,
      organization: i % 2 ? 'Zhejiang University' : 'Fraunhofer',
      country: i % 2 ? 'CN' : 'DE',
      members: [{ name: `Member ${i + 1}`, email: `member${i + 1}@import.example` }],
      entries: [{ trackId: world.trackIds[i % 2]!, title: `Imported idea ${i + 1}`, summary: 'Short.' }],
    })),
  });
  expect(imported.status).toBe(201);
});
afterAll(async () => t?.close());

const entriesUrl = () => `/api/v1/competitions/${world.competitionId}/entries`;
const exportOf = async (agent: Agent, query: string) => {
  const reply = await t.app.inject({
    method: 'GET',
    url: `${entriesUrl()}/export?${query}`,
    headers: agent.cookie() ? { cookie: agent.cookie() } : {},
  });
  return reply;
};
const auditOf = async (query = '') =>
  (await world.organizer.get(`/api/v1/competitions/${world.competitionId}/audit?${query}`)).body;

describe('search and filters', () => {
  test('every word of a search must match the title, team, organization or a member', async () => {
    const byTitle = await world.organizer.get(`${entriesUrl()}?q=${encodeURIComponent('harvest DRONES')}`);
    expect(byTitle.status).toBe(200);
    expect(byTitle.body.items.map((e: { id: string }) => e.id)).toEqual([entryId]);
    expect(byTitle.body.counts.total).toBe(1);

    const byMember = await world.organizer.get(`${entriesUrl()}?q=member17%40import`);
    expect(byMember.body.items.map((e: { title: string }) => e.title)).toEqual(['Imported idea 17']);

    const byOrganization = await world.organizer.get(`${entriesUrl()}?q=zhejiang&country=CN&limit=100`);
    expect(byOrganization.body.counts.total).toBe(15);

    // % and _ are letters in a search, not wildcards.
    const literal = await world.organizer.get(`${entriesUrl()}?q=${encodeURIComponent('%_')}`);
    expect(literal.body.items).toEqual([]);
  });

  test('a search longer than 200 characters is refused with a sentence', async () => {
    const reply = await world.organizer.get(`${entriesUrl()}?q=${'a'.repeat(201)}`);
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body.error)).toContain('at most 200 characters');
  });

  test('a team searching sees only its own entries', async () => {
    const reply = await stranger.agent.get(`${entriesUrl()}?q=harvest`);
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([]);
  });
});

describe('exports', () => {
  test('CSV: every entry matching the filters, the formula title written as text', async () => {
    const reply = await exportOf(world.organizer, 'format=csv');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('text/csv');
    expect(reply.headers['content-disposition']).toMatch(/attachment; filename=".+-entries\.csv"/);
    const lines = reply.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toMatch(/^id,title,status,trackCode,track,team,organization,country,members,emails/);
    expect(lines).toHaveLength(1 + 32);
    expect(reply.body).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);

    const filtered = await exportOf(world.organizer, 'format=csv&country=CN&q=imported');
    expect(
      filtered.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n'),
    ).toHaveLength(1 + 15);
  });

  test('XLSX: the same rows, text kept as text (no formula cell)', async () => {
    const reply = await exportOf(world.organizer, 'format=xlsx&status=draft');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(reply.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(1).getCell(2).value).toBe('title');
    const cell = sheet.getRow(2).getCell(2);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://evil.example","Click")');
    expect(cell.formula).toBeUndefined();
  });

  test('a bad format is a 400; a team or a stranger gets nothing', async () => {
    expect((await exportOf(world.organizer, 'format=pdf')).statusCode).toBe(400);
    const team = await exportOf(owner.agent, 'format=csv');
    expect(team.statusCode).toBe(403);
    expect(team.body).not.toContain('Imported idea');
    const anonymous = await exportOf(t.agent(), 'format=csv');
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('withdraw, disqualify, reinstate', () => {
  test('each needs a reason; nothing changes without one', async () => {
    const audit = await countRows(t, 'audit_log');
    const reply = await world.organizer.post(`/api/v1/entries/${entryId}/moderation`, {
      action: 'withdraw',
      reason: '  ',
    });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body.error)).toContain('reason');
    const unknown = await world.organizer.post(`/api/v1/entries/${entryId}/moderation`, {
      action: 'delete',
      reason: 'Because',
    });
    expect(unknown.status).toBe(400);
    expect(await countRows(t, 'audit_log')).toBe(audit);
    expect((await world.organizer.get(`/api/v1/entries/${entryId}`)).body.entry.status).toBe('submitted');
  });

  test('the team and a stranger cannot; they learn nothing new', async () => {
    const audit = await countRows(t, 'audit_log');
    const body = { action: 'disqualify', reason: 'Trying my luck' };
    const own = await owner.agent.post(`/api/v1/entries/${entryId}/moderation`, body);
    expect(own.status).toBe(403);
    const other = await stranger.agent.post(`/api/v1/entries/${entryId}/moderation`, body);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('harvest');
    expect(await countRows(t, 'audit_log')).toBe(audit);
  });

  test('withdraw, then disqualify, then reinstate: each audited with its reason', async () => {
    const steps = [
      { action: 'withdraw', reason: 'The team asked by phone', status: 'withdrawn' },
      { action: 'disqualify', reason: 'Same project entered twice', status: 'disqualified' },
      { action: 'reinstate', reason: 'The duplicate was another team', status: 'submitted' },
    ];
    for (const step of steps) {
      const reply = await world.organizer.post(`/api/v1/entries/${entryId}/moderation`, {
        action: step.action,
        reason: step.reason,
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body.entry.status).toBe(step.status);
    }
    const log = await auditOf(`entityType=entry&entityId=${entryId}`);
    expect(log.items.slice(0, 3).map((r: { action: string }) => r.action)).toEqual([
      'entry.reinstated',
      'entry.disqualified',
      'entry.withdrawn_by_organizer',
    ]);
    expect(log.items[1]).toMatchObject({
      before: { status: 'withdrawn' },
      after: { status: 'disqualified', reason: 'Same project entered twice' },
    });
  });

  test('a step the status does not allow is a 409 that says what the entry is', async () => {
    const reply = await world.organizer.post(`/api/v1/entries/${entryId}/moderation`, {
      action: 'reinstate',
      reason: 'Already in',
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.message).toContain('This entry is submitted');
  });

  test('a disqualified entry cannot be resubmitted by its team', async () => {
    await world.organizer.post(`/api/v1/entries/${entryId}/moderation`, {
      action: 'disqualify',
      reason: 'Plagiarised deck',
    });
    const reply = await owner.agent.post(`/api/v1/entries/${entryId}/submit`);
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('entries.disqualified');
    const back = await world.organizer.post(`/api/v1/entries/${entryId}/moderation`, {
      action: 'reinstate',
      reason: 'Appeal upheld',
    });
    expect(back.body.entry.status).toBe('submitted');
  });
});

describe("one team's deadline", () => {
  test('after the deadline the team is refused; an extension lets it edit until then', async () => {
    clock = new Date('2026-07-01T00:00:00Z');
    const late = await owner.agent.patch(`/api/v1/entries/${entryId}`, { summary: 'Too late.' });
    expect(late.status).toBe(409);
    const lateDeck = await upload(t, owner.agent, entryId, deckParts());
    expect(lateDeck.status).toBe(409);
    expect(lateDeck.body.error.code).toBe('entries.deadline_passed');

    const until = '2026-07-03T12:00:00.000Z';
    const extended = await world.organizer.put(`/api/v1/entries/${entryId}/deadline`, {
      until,
      reason: 'Their city had a power cut',
    });
    expect(extended.status).toBe(200);
    expect(extended.body.entry).toMatchObject({ deadlineExtendedUntil: until, editable: true });

    const edit = await owner.agent.patch(`/api/v1/entries/${entryId}`, { summary: 'Now in time.' });
    expect(edit.status).toBe(200);
    // Its files too: the upload keeps to the same rule as every other change.
    const deck = await upload(t, owner.agent, entryId, deckParts());
    expect(deck.status).toBe(201);
    // Only this entry: the other team is still after the deadline.
    const other = await stranger.agent.patch(`/api/v1/entries/${formulaEntryId}`, { summary: 'Me too?' });
    expect(other.status).toBe(409);

    clock = new Date('2026-07-03T12:00:00Z');
    const over = await owner.agent.patch(`/api/v1/entries/${entryId}`, { summary: 'One second late.' });
    expect(over.status).toBe(409);

    const [record] = (await auditOf(`action=entry.deadline_extended&entityId=${entryId}`)).items;
    expect(record).toMatchObject({
      before: { deadlineExtendedUntil: null },
      after: { deadlineExtendedUntil: until, reason: 'Their city had a power cut' },
    });
  });

  test('an extension earlier than now, or without a reason, is refused and stores nothing', async () => {
    clock = new Date('2026-07-05T00:00:00Z');
    const audit = await countRows(t, 'audit_log');
    const early = await world.organizer.put(`/api/v1/entries/${entryId}/deadline`, {
      until: '2026-07-04T00:00:00Z',
      reason: 'Oops',
    });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('later than both now and the competition deadline');
    const noReason = await world.organizer.put(`/api/v1/entries/${entryId}/deadline`, {
      until: '2026-07-09T00:00:00Z',
    });
    expect(noReason.status).toBe(400);
    const bad = await world.organizer.put(`/api/v1/entries/${entryId}/deadline`, {
      until: 'next tuesday',
      reason: 'Vague',
    });
    expect(bad.status).toBe(400);
    expect(await countRows(t, 'audit_log')).toBe(audit);
  });

  test('the team cannot extend its own deadline; null lifts an extension', async () => {
    const own = await owner.agent.put(`/api/v1/entries/${entryId}/deadline`, {
      until: '2026-07-09T00:00:00Z',
      reason: 'Please',
    });
    expect(own.status).toBe(403);
    const lifted = await world.organizer.put(`/api/v1/entries/${entryId}/deadline`, {
      until: null,
      reason: 'Extension no longer needed',
    });
    expect(lifted.status).toBe(200);
    expect(lifted.body.entry.deadlineExtendedUntil).toBeNull();
  });
});

describe('the audit log', () => {
  test('filters by who, what, entity and time, newest first, with pages', async () => {
    const all = await auditOf('limit=500');
    expect(all.items.length).toBeGreaterThan(60);
    const organizerId = all.items.find((r: { action: string }) => r.action === 'entry.imported').actorId;
    const byActor = await auditOf(`actorId=${organizerId}&action=entry.imported&limit=10`);
    expect(byActor.items).toHaveLength(10);
    expect(byActor.nextCursor).not.toBeNull();
    const next = await auditOf(
      `actorId=${organizerId}&action=entry.imported&limit=10&cursor=${byActor.nextCursor}`,
    );
    expect(next.items).toHaveLength(10);
    expect(Number(next.items[0].id)).toBeLessThan(Number(byActor.items[9].id));

    const teams = await auditOf('entityType=team&limit=500');
    expect(teams.items.every((r: { entityType: string }) => r.entityType === 'team')).toBe(true);
    expect(teams.items.length).toBe(32);

    // The log keeps microseconds; a period given to the millisecond is widened by one to hold it.
    const oldest = all.items.at(-1).createdAt as string;
    const justAfter = new Date(Date.parse(oldest) + 1).toISOString();
    const window = await auditOf(`from=${encodeURIComponent(oldest)}&to=${encodeURIComponent(justAfter)}`);
    expect(window.items.length).toBeGreaterThan(0);
    expect(window.items.length).toBeLessThan(all.items.length);
    expect(window.items.every((r: { createdAt: string }) => r.createdAt <= justAfter)).toBe(true);
    const future = await auditOf(`from=${encodeURIComponent('2099-01-01T00:00:00Z')}`);
    expect(future.items).toEqual([]);
  });

  test('the facets list the actors, actions and entity types that occur', async () => {
    const reply = await world.organizer.get(`/api/v1/competitions/${world.competitionId}/audit/facets`);
    expect(reply.status).toBe(200);
    expect(reply.body.actions).toEqual(expect.arrayContaining(['entry.disqualified', 'entry.imported']));
    expect(reply.body.entityTypes).toEqual(expect.arrayContaining(['entry', 'team']));
    expect(reply.body.actors.map((a: { email: string }) => a.email)).toContain(owner.user.email);
  });

  test('a period that ends before it starts is a 400; teams get 403, strangers 404', async () => {
    const reversed = await world.organizer.get(
      `/api/v1/competitions/${world.competitionId}/audit?from=2026-07-02T00:00:00Z&to=2026-07-01T00:00:00Z`,
    );
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(reversed.body.error)).toContain('swap them');
    for (const path of ['audit', 'audit/facets']) {
      const team = await owner.agent.get(`/api/v1/competitions/${world.competitionId}/${path}`);
      expect(team.status).toBe(403);
      expect(JSON.stringify(team.body)).not.toContain('entry.');
    }
    const outsider = t.agent();
    await outsider.register(`outsider-${Date.now()}@example.org`, 'Outsider');
    expect((await outsider.get(`/api/v1/competitions/${world.competitionId}/audit/facets`)).status).toBe(404);
  });
});
