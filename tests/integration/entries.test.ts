import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assignments } from '../../server/src/modules/assignment/assignment.table.ts';
import { entries } from '../../server/src/modules/entries/entries.table.ts';
import { conflicts } from '../../server/src/modules/judges/judges.table.ts';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import { deckParts, setupCompetition, teamBody, tempStorageDir, upload } from './entries.fixtures.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof setupCompetition>>;

beforeAll(async () => {
  t = await startTestApp({ config: { LOGIN_RATE_LIMIT: 1000, STORAGE_DIR: tempStorageDir() } });
  world = await setupCompetition(t);
});
afterAll(async () => t?.close());

const auditActions = async (entityId: string) =>
  (
    await t.db.execute<{ action: string }>(
      sql`select action from audit_log where entity_id = ${entityId} order by id`,
    )
  ).map((r) => r.action);

/** The rows a refused request must leave as they were. */
const snapshot = async () => ({
  teams: await countRows(t, 'teams'),
  members: await countRows(t, 'team_members'),
  entries: await countRows(t, 'entries'),
  files: await countRows(t, 'files'),
  audit: await countRows(t, 'audit_log'),
});

describe('teams', () => {
  test('a signed-in user registers a team, becomes its owner, and finds it under /me/teams', async () => {
    const agent = t.agent();
    await agent.register('founder@westlake.example');
    const reply = await agent.post(
      `/api/v1/competitions/${world.competitionId}/teams`,
      teamBody({ country: 'cn' }),
    );
    expect(reply.status).toBe(201);
    const team = reply.body.team;
    expect(team).toMatchObject({
      competitionId: world.competitionId,
      name: 'Westlake Robotics',
      country: 'CN',
      hasOwner: true,
      members: [
        { name: 'Lin Xiaoyu', email: 'lin@westlake.example' },
        { name: 'Ada Chen', email: 'ada@westlake.example' },
      ],
    });
    expect((await agent.get(`/api/v1/teams/${team.id}`)).body.team).toEqual(team);
    const mine = await agent.get('/api/v1/me/teams');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({
      id: team.id,
      entries: 0,
      competition: { id: world.competitionId },
    });
    // The competition's Chinese name comes along, so a Chinese reader's team list shows it.
    const named = await world.organizer.patch(`/api/v1/competitions/${world.competitionId}`, {
      nameZh: '西湖杯创新大赛',
    });
    expect(named.status).toBe(200);
    expect((await agent.get('/api/v1/me/teams')).body.items[0].competition.nameZh).toBe('西湖杯创新大赛');
    expect(await auditActions(team.id)).toEqual(['team.created']);
    // Several teams per user are allowed.
    const second = await agent.post(
      `/api/v1/competitions/${world.competitionId}/teams`,
      teamBody({ name: 'Second team' }),
    );
    expect(second.status).toBe(201);
    expect((await agent.get('/api/v1/me/teams')).body.items).toHaveLength(2);
  });

  test.each([
    [{ country: 'XX' }, 'country'],
    [{ country: 'China' }, 'country'],
    [{ members: [] }, 'members'],
    [
      {
        members: [
          { name: 'A', email: 'a@x.example' },
          { name: 'B', email: 'a@x.example' },
        ],
      },
      'members',
    ],
    [{ members: [{ name: 'A', email: 'not-an-email' }] }, 'members.0.email'],
    [{ name: ' ' }, 'name'],
    [{ organization: '' }, 'organization'],
  ])('refuses %j with a 400 naming %s, storing nothing', async (overrides, field) => {
    const agent = t.agent();
    await agent.register(`bad-team-${Math.random()}@example.org`);
    const before = await snapshot();
    const reply = await agent.post(`/api/v1/competitions/${world.competitionId}/teams`, teamBody(overrides));
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('request.invalid');
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await snapshot()).toEqual(before);
  });

  test('signed out gets 401; an unknown competition 404; nothing stored', async () => {
    const agent = t.agent();
    await agent.register(`nowhere-${Math.random()}@example.org`);
    const before = await snapshot();
    expect(
      (await t.agent().post(`/api/v1/competitions/${world.competitionId}/teams`, teamBody())).status,
    ).toBe(401);
    const reply = await agent.post('/api/v1/competitions/no-such-competition/teams', teamBody());
    expect(reply.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  test('the owner edits the team (members replaced, audited); another user gets 404 and changes nothing', async () => {
    const { agent, team } = await world.newTeam();
    const reply = await agent.patch(`/api/v1/teams/${team.id}`, {
      name: 'Westlake Robotics II',
      members: [{ name: 'Zhang Wei', email: 'zhang@westlake.example' }],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.team).toMatchObject({
      name: 'Westlake Robotics II',
      members: [{ name: 'Zhang Wei', email: 'zhang@westlake.example' }],
    });
    const [record] = await t.db.execute<{ before: any; after: any }>(
      sql`select before, after from audit_log where entity_id = ${team.id} and action = 'team.updated'`,
    );
    expect(record?.before.name).toBe('Westlake Robotics');
    expect(record?.after.name).toBe('Westlake Robotics II');

    const other = await world.newTeam();
    const before = await snapshot();
    expect((await other.agent.get(`/api/v1/teams/${team.id}`)).status).toBe(404);
    const patch = await other.agent.patch(`/api/v1/teams/${team.id}`, { name: 'Hijacked' });
    expect(patch.status).toBe(404);
    expect(JSON.stringify(patch.body)).not.toContain('Westlake');
    expect(await snapshot()).toEqual(before);
    // The organizer sees every team.
    expect((await world.organizer.get(`/api/v1/teams/${team.id}`)).body.team.name).toBe(
      'Westlake Robotics II',
    );
  });
});

describe('entries', () => {
  test('the owner starts a draft; it lists what a submission still needs; audited', async () => {
    const { agent, team } = await world.newTeam();
    const reply = await agent.post(`/api/v1/competitions/${world.competitionId}/entries`, {
      teamId: team.id,
      trackId: world.trackIds[1],
      title: ' Retinal scan triage ',
      summary: '',
      description: 'Primary care clinics photograph the retina; a model flags who needs a specialist.',
      websiteUrl: 'https://retina.example',
      avoidOrganizations: ['Apollo Hospitals', 'Apollo Hospitals'],
    });
    expect(reply.status).toBe(201);
    expect(reply.body.entry).toMatchObject({
      teamId: team.id,
      trackId: world.trackIds[1],
      title: 'Retinal scan triage',
      status: 'draft',
      submittedAt: null,
      websiteUrl: 'https://retina.example',
      videoUrl: null,
      avoidOrganizations: ['Apollo Hospitals'],
      files: [],
      editable: true,
      missing: ['summary', 'deck'],
      team: { id: team.id, name: team.name, country: 'CN' },
    });
    expect(await auditActions(reply.body.entry.id)).toEqual(['entry.created']);
    // Several entries per team.
    await world.newEntry(agent, team.id, { title: 'Second idea' });
    expect((await agent.get('/api/v1/me/teams')).body.items[0].entries).toBe(2);
  });

  test('the summary is counted in characters: 300 Chinese characters pass, 301 do not', async () => {
    const { agent, team } = await world.newTeam();
    const ok = await world.newEntry(agent, team.id, { summary: '智'.repeat(300) });
    expect([...ok.summary]).toHaveLength(300);
    const before = await snapshot();
    const reply = await agent.post(`/api/v1/competitions/${world.competitionId}/entries`, {
      teamId: team.id,
      trackId: world.trackIds[0],
      title: 'Too long',
      summary: '😀'.repeat(301),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].path).toBe('summary');
    expect(reply.body.error.message).toMatch(/300 characters/);
    expect(await snapshot()).toEqual(before);
  });

  test.each([
    [{ title: '' }, 'title'],
    [{ websiteUrl: 'javascript:alert(1)' }, 'websiteUrl'],
    [{ trackId: undefined }, 'trackId'],
  ])('refuses an entry with %j (400 naming %s), storing nothing', async (overrides, field) => {
    const { agent, team } = await world.newTeam();
    const before = await snapshot();
    const reply = await agent.post(`/api/v1/competitions/${world.competitionId}/entries`, {
      teamId: team.id,
      trackId: world.trackIds[0],
      title: 'A title',
      summary: 'A summary.',
      ...overrides,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await snapshot()).toEqual(before);
  });

  test("a track of another competition is refused; another user's team answers 404; nothing stored", async () => {
    const { agent, team } = await world.newTeam();
    const elsewhere = await setupCompetition(t);
    const other = await world.newTeam();
    const before = await snapshot();
    const wrongTrack = await agent.post(`/api/v1/competitions/${world.competitionId}/entries`, {
      teamId: team.id,
      trackId: elsewhere.trackIds[0],
      title: 'A title',
    });
    expect(wrongTrack.status).toBe(400);
    expect(wrongTrack.body.error.code).toBe('entries.unknown_track');
    const notMine = await other.agent.post(`/api/v1/competitions/${world.competitionId}/entries`, {
      teamId: team.id,
      trackId: world.trackIds[0],
      title: 'On their behalf',
    });
    expect(notMine.status).toBe(404);
    // A team registered in one competition cannot enter another with it.
    const crossed = await agent.post(`/api/v1/competitions/${elsewhere.competitionId}/entries`, {
      teamId: team.id,
      trackId: elsewhere.trackIds[0],
      title: 'Crossed',
    });
    expect(crossed.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  test("another team's draft answers 404 to GET, PATCH, submit and withdraw, and leaks nothing", async () => {
    const { agent, team } = await world.newTeam();
    const entry = await world.newEntry(agent, team.id, { title: 'Secret sauce' });
    const other = await world.newTeam();
    const before = await snapshot();
    for (const reply of [
      await other.agent.get(`/api/v1/entries/${entry.id}`),
      await other.agent.patch(`/api/v1/entries/${entry.id}`, { title: 'Mine now' }),
      await other.agent.post(`/api/v1/entries/${entry.id}/submit`),
      await other.agent.post(`/api/v1/entries/${entry.id}/withdraw`),
    ]) {
      expect(reply.status).toBe(404);
      expect(JSON.stringify(reply.body)).not.toContain('Secret sauce');
    }
    // An unknown id gets the same answer as a hidden one.
    const unknown = await other.agent.get('/api/v1/entries/00000000-0000-0000-0000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      (await other.agent.get(`/api/v1/entries/${entry.id}`)).body.error.message,
    );
    expect(await snapshot()).toEqual(before);
    expect((await agent.get(`/api/v1/entries/${entry.id}`)).body.entry.title).toBe('Secret sauce');
    expect((await world.organizer.get(`/api/v1/entries/${entry.id}`)).body.entry.title).toBe('Secret sauce');
  });

  test('owner and organizer edit an entry; every edit is audited with before and after', async () => {
    const { agent, team } = await world.newTeam();
    const entry = await world.newEntry(agent, team.id);
    const reply = await agent.patch(`/api/v1/entries/${entry.id}`, {
      title: 'Edge LLM, now smaller',
      trackId: world.trackIds[1],
      videoUrl: 'https://video.example/pitch',
    });
    expect(reply.status).toBe(200);
    expect(reply.body.entry).toMatchObject({
      title: 'Edge LLM, now smaller',
      trackId: world.trackIds[1],
      videoUrl: 'https://video.example/pitch',
    });
    const cleared = await agent.patch(`/api/v1/entries/${entry.id}`, { videoUrl: '' });
    expect(cleared.body.entry.videoUrl).toBeNull();
    const byOrganizer = await world.organizer.patch(`/api/v1/entries/${entry.id}`, {
      summary: 'Fixed a typo.',
    });
    expect(byOrganizer.status).toBe(200);
    const [record] = await t.db.execute<{ before: any; after: any }>(
      sql`select before, after from audit_log where entity_id = ${entry.id} and action = 'entry.updated' order by id limit 1`,
    );
    expect(record?.before.title).toBe('Edge LLM for offline factories');
    expect(record?.after.title).toBe('Edge LLM, now smaller');
    expect(await auditActions(entry.id)).toEqual([
      'entry.created',
      'entry.updated',
      'entry.updated',
      'entry.updated',
    ]);
  });

  test('a submission needs a deck: refused with what is missing, then submitted once a deck is there', async () => {
    const { agent, team } = await world.newTeam();
    const entry = await world.newEntry(agent, team.id);
    const before = await snapshot();
    const early = await agent.post(`/api/v1/entries/${entry.id}/submit`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('entries.incomplete');
    expect(early.body.error.message).toMatch(/pitch deck/);
    expect(early.body.error.details).toEqual([{ path: 'deck', message: 'Upload a pitch deck (PDF).' }]);
    expect(await snapshot()).toEqual(before);

    expect((await upload(t, agent, entry.id, deckParts())).status).toBe(201);
    // Only the team submits: an organizer who may edit still may not submit for it.
    expect((await world.organizer.post(`/api/v1/entries/${entry.id}/submit`)).status).toBe(403);
    const submitted = await agent.post(`/api/v1/entries/${entry.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.entry).toMatchObject({ status: 'submitted', missing: [] });
    expect(submitted.body.entry.submittedAt).toEqual(expect.any(String));
    // Submitting twice changes nothing.
    const again = await agent.post(`/api/v1/entries/${entry.id}/submit`);
    expect(again.body.entry.submittedAt).toBe(submitted.body.entry.submittedAt);
    // A submitted entry cannot lose its summary without a withdrawal first.
    const emptied = await agent.patch(`/api/v1/entries/${entry.id}`, { summary: '' });
    expect(emptied.status).toBe(409);
    expect(emptied.body.error.code).toBe('entries.incomplete');

    const withdrawn = await agent.post(`/api/v1/entries/${entry.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.entry.status).toBe('withdrawn');
    // Back in before the deadline.
    expect((await agent.post(`/api/v1/entries/${entry.id}/submit`)).body.entry.status).toBe('submitted');
    expect(await auditActions(entry.id)).toEqual([
      'entry.created',
      'entry.submitted',
      'entry.withdrawn',
      'entry.submitted',
    ]);
  });

  test('a draft cannot be withdrawn', async () => {
    const { agent, team } = await world.newTeam();
    const entry = await world.newEntry(agent, team.id);
    const reply = await agent.post(`/api/v1/entries/${entry.id}/withdraw`);
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('entries.not_submitted');
  });
});

describe('who sees an entry', () => {
  test('a judge sees an entry only while assigned, not recused and without a declared conflict', async () => {
    const { agent, team } = await world.newTeam();
    const entry = await world.newEntry(agent, team.id);
    const { agent: judgeAgent, judgeId } = await world.newJudge('Judge Dredd');
    expect((await judgeAgent.get(`/api/v1/entries/${entry.id}`)).status).toBe(404);

    // Judges are assigned submitted entries; a draft stays the team's alone even if assigned.
    const assignment = await world.assign(judgeId, entry.id);
    expect((await judgeAgent.get(`/api/v1/entries/${entry.id}`)).status).toBe(404);
    await t.db.update(entries).set({ status: 'submitted' }).where(eq(entries.id, entry.id));
    expect((await judgeAgent.get(`/api/v1/entries/${entry.id}`)).status).toBe(200);

    await t.db.update(assignments).set({ status: 'recused' }).where(eq(assignments.id, assignment.id));
    expect((await judgeAgent.get(`/api/v1/entries/${entry.id}`)).status).toBe(404);

    await t.db.update(assignments).set({ status: 'started' }).where(eq(assignments.id, assignment.id));
    await t.db
      .insert(conflicts)
      .values({ competitionId: world.competitionId, judgeId, entryId: entry.id, source: 'judge' });
    expect((await judgeAgent.get(`/api/v1/entries/${entry.id}`)).status).toBe(404);
    // A judge never changes an entry.
    const patch = await judgeAgent.patch(`/api/v1/entries/${entry.id}`, { title: 'Judged' });
    expect(patch.status).toBe(404);
  });
});

describe('the entries list', () => {
  test('organizers filter by track, status and country, page with a cursor, and get counts per track and country', async () => {
    const list = await setupCompetition(t, {
      tracks: ['Artificial Intelligence', 'Digital Medicine', 'Open Source'],
    });
    const [ai, med, oss] = list.trackIds as [string, string, string];
    const plan: Array<[string, string, boolean]> = [
      ['CN', ai, true],
      ['CN', ai, false],
      ['DE', ai, true],
      ['DE', med, true],
      ['SG', med, false],
      ['CN', oss, true],
      ['US', oss, true],
    ];
    const owners = [];
    for (const [i, [country, trackId, submit]] of plan.entries()) {
      const owner = await list.newTeam({ country, name: `Team ${String.fromCharCode(65 + i)}` });
      const entry = await list.newEntry(owner.agent, owner.team.id, {
        trackId,
        title: `Project ${String.fromCharCode(71 - i)}`,
      });
      if (submit) {
        await upload(t, owner.agent, entry.id, deckParts());
        expect((await owner.agent.post(`/api/v1/entries/${entry.id}/submit`)).status).toBe(200);
      }
      owners.push({ ...owner, entry });
    }
    const base = `/api/v1/competitions/${list.competitionId}/entries`;
    const all = await list.organizer.get(base);
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(7);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.counts.total).toBe(7);
    expect(all.body.items[0]).toMatchObject({ fileCounts: expect.any(Object), team: expect.any(Object) });
    expect(all.body.items[0]).not.toHaveProperty('description');

    const submitted = await list.organizer.get(`${base}?status=submitted`);
    expect(submitted.body.items.map((e: { status: string }) => e.status)).toEqual(Array(5).fill('submitted'));
    const byTrack = Object.fromEntries(submitted.body.counts.byTrack.map((c: any) => [c.trackId, c.count]));
    expect(byTrack).toEqual({ [ai]: 2, [med]: 1, [oss]: 2 });
    const byCountry = Object.fromEntries(
      submitted.body.counts.byCountry.map((c: any) => [c.country, c.count]),
    );
    expect(byCountry).toEqual({ CN: 2, DE: 2, US: 1 });

    const cnAi = await list.organizer.get(`${base}?country=cn&trackId=${ai}`);
    expect(cnAi.body.items).toHaveLength(2);
    expect(cnAi.body.items.every((e: any) => e.team.country === 'CN' && e.trackId === ai)).toBe(true);
    // Each facet ignores its own filter, so the chart still shows every country of this track.
    expect(Object.fromEntries(cnAi.body.counts.byCountry.map((c: any) => [c.country, c.count]))).toEqual({
      CN: 2,
      DE: 1,
    });

    // Cursor pages by title, ascending: every entry once, in order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await list.organizer.get(
        `${base}?sort=title&order=asc&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((e: { title: string }) => e.title));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      'Project A',
      'Project B',
      'Project C',
      'Project D',
      'Project E',
      'Project F',
      'Project G',
    ]);

    // Sorted by country, descending, in pages of 2: the same seven, none twice.
    const countries: string[] = [];
    cursor = null;
    do {
      const page: any = await list.organizer.get(
        `${base}?sort=country&order=desc&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      countries.push(...page.body.items.map((e: any) => e.team.country));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(countries).toEqual(['US', 'SG', 'DE', 'DE', 'CN', 'CN', 'CN']);

    // A team sees only its own entries, counts included.
    const own = await owners[0]!.agent.get(base);
    expect(own.status).toBe(200);
    expect(own.body.items.map((e: any) => e.id)).toEqual([owners[0]!.entry.id]);
    expect(own.body.counts.total).toBe(1);

    const bad = await list.organizer.get(`${base}?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('entries.bad_cursor');
    expect((await list.organizer.get(`${base}?status=lost`)).status).toBe(400);

    // A stranger to the competition learns nothing.
    const stranger = t.agent();
    await stranger.register(`stranger-${Math.random()}@example.org`);
    expect((await stranger.get(base)).status).toBe(404);
  });
});
