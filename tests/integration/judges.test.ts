import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assignments } from '../../server/src/modules/assignment/assignment.table.ts';
import { competitionMembers } from '../../server/src/modules/competitions/competitions.table.ts';
import { judges } from '../../server/src/modules/judges/judges.table.ts';
import { users } from '../../server/src/modules/users/users.table.ts';
import { type Agent, countRows, startTestApp, type TestApp } from '../support/app.ts';
import { createCompetition } from '../support/fixtures.ts';
import { acceptAsJudge, addEntry, addJudge, signedInOrganizer, tokenOf } from './assignment.fixtures.ts';

let t: TestApp;
let office: Agent;
beforeAll(async () => {
  t = await startTestApp();
  office = await signedInOrganizer(t);
});
afterAll(async () => t?.close());

const judgeBody = (over: Record<string, unknown> = {}) => ({
  name: 'Prof. Zhao Min',
  email: `zhao.${Math.random().toString(36).slice(2, 8)}@zju.edu.cn`,
  organization: 'Zhejiang University',
  country: 'cn',
  expertise: [],
  ...over,
});
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('adding judges', () => {
  test('creates the judge and a link whose token only the link holds; no account until it is accepted', async () => {
    const { competition, tracks } = await createCompetition(office);
    const reply = await office.post(`/api/v1/competitions/${competition.id}/judges`, {
      ...judgeBody({
        email: 'Zhao.Min@ZJU.edu.cn',
        expertise: [tracks[1]!.id, tracks[0]!.code.toLowerCase()],
        capacity: 12,
      }),
    });
    expect(reply.status).toBe(201);
    const { judge, invitationUrl } = reply.body;
    expect(judge).toMatchObject({
      competitionId: competition.id,
      name: 'Prof. Zhao Min',
      email: 'zhao.min@zju.edu.cn',
      organization: 'Zhejiang University',
      country: 'CN',
      expertise: [tracks[1]!.id, tracks[0]!.id],
      capacity: 12,
      invitationStatus: 'pending',
      invitationAcceptedAt: null,
    });
    const token = tokenOf(invitationUrl);
    expect(invitationUrl).toMatch(new RegExp(`/invite/${token}$`));
    expect(token.length).toBeGreaterThanOrEqual(32);
    const [row] = await t.db.select().from(judges).where(eq(judges.id, judge.id));
    expect(row!.invitationTokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(reply.body)).not.toContain(row!.invitationTokenHash!);
    // No account is made for the address: accepting the invitation makes it.
    expect(judge.userId).toBeNull();
    expect(await t.db.select().from(users).where(eq(users.email, 'zhao.min@zju.edu.cn'))).toEqual([]);
    const audit = await office.get(`/api/v1/competitions/${competition.id}/audit`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toContain('judge.created');
    expect(JSON.stringify(audit.body)).not.toContain(token);
  });

  test('an account that verified the address is linked at once, not duplicated', async () => {
    const { competition } = await createCompetition(office);
    const person = t.agent();
    const user = await person.register('already@here.example', 'Already Here');
    await t.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
    const usersBefore = await countRows(t, 'users');
    const reply = await office.post(
      `/api/v1/competitions/${competition.id}/judges`,
      judgeBody({ email: 'ALREADY@here.example' }),
    );
    expect(reply.status).toBe(201);
    expect(reply.body.judge.userId).toBe(user.id);
    expect(await countRows(t, 'users')).toBe(usersBefore);
    // The person is a judge there at once, with their own sign-in.
    const me = await person.get(`/api/v1/competitions/${competition.id}/judges/me`);
    expect(me.status).toBe(200);
    expect(me.body.judge.id).toBe(reply.body.judge.id);
    const members = await t.db
      .select()
      .from(competitionMembers)
      .where(eq(competitionMembers.userId, user.id));
    expect(members.map((m) => [m.competitionId, m.role])).toEqual([[competition.id, 'judge']]);
  });

  test.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ country: 'China' }, 'country'],
    [{ name: '  ' }, 'name'],
    [{ capacity: -1 }, 'capacity'],
    [{ capacity: 2.5 }, 'capacity'],
    [{ expertise: 'AI' }, 'expertise'],
    [{ organization: 'x'.repeat(201) }, 'organization'],
  ])('refuses %j with a 400 naming %s and stores nothing', async (over, field) => {
    const { competition } = await createCompetition(office);
    const before = [
      await countRows(t, 'judges'),
      await countRows(t, 'users'),
      await countRows(t, 'competition_members'),
    ];
    const reply = await office.post(`/api/v1/competitions/${competition.id}/judges`, judgeBody(over));
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('request.invalid');
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect([
      await countRows(t, 'judges'),
      await countRows(t, 'users'),
      await countRows(t, 'competition_members'),
    ]).toEqual(before);
  });

  test('an unknown expertise track is a 400 naming it, and a second judge with one email is a 409', async () => {
    const { competition } = await createCompetition(office);
    const before = await countRows(t, 'judges');
    const unknown = await office.post(
      `/api/v1/competitions/${competition.id}/judges`,
      judgeBody({ expertise: ['NOPE'] }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('judges.unknown_track');
    expect(unknown.body.error.details[0].path).toBe('expertise.0');
    expect(unknown.body.error.message).toContain('NOPE');
    expect(await countRows(t, 'judges')).toBe(before);

    const body = judgeBody();
    expect((await office.post(`/api/v1/competitions/${competition.id}/judges`, body)).status).toBe(201);
    const twice = await office.post(`/api/v1/competitions/${competition.id}/judges`, {
      ...body,
      name: 'Other',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('judges.exists');
    expect(await countRows(t, 'judges')).toBe(before + 1);
  });

  test('only organizers add judges: a judge gets 403, a stranger 404, and nothing is stored', async () => {
    const { competition } = await createCompetition(office);
    const { invitationUrl } = await addJudge(office, competition.id);
    const judgeAgent = await acceptAsJudge(t, invitationUrl);
    const stranger = t.agent();
    await stranger.register(`stranger${Date.now()}@example.org`);
    const before = await countRows(t, 'judges');
    const asJudge = await judgeAgent.post(`/api/v1/competitions/${competition.id}/judges`, judgeBody());
    expect(asJudge.status).toBe(403);
    const asStranger = await stranger.post(`/api/v1/competitions/${competition.id}/judges`, judgeBody());
    expect(asStranger.status).toBe(404);
    expect((await t.agent().post(`/api/v1/competitions/${competition.id}/judges`, judgeBody())).status).toBe(
      401,
    );
    expect(await countRows(t, 'judges')).toBe(before);
    expect((await judgeAgent.get(`/api/v1/competitions/${competition.id}/judges`)).status).toBe(403);
    const hidden = await stranger.get(`/api/v1/competitions/${competition.id}/judges`);
    expect(hidden.status).toBe(404);
  });
});

describe('importing judges', () => {
  test('imports a list and answers with each judge and link, in order', async () => {
    const { competition, tracks } = await createCompetition(office);
    const reply = await office.post(`/api/v1/competitions/${competition.id}/judges/import`, {
      judges: [
        judgeBody({ name: 'A', email: 'a@import.example', expertise: [tracks[0]!.code] }),
        judgeBody({ name: 'B', email: 'b@import.example', capacity: 5 }),
        judgeBody({ name: 'C', email: 'c@import.example', expertise: [tracks[1]!.id, tracks[0]!.id] }),
      ],
    });
    expect(reply.status).toBe(201);
    expect(reply.body.items.map((i: { judge: { name: string } }) => i.judge.name)).toEqual(['A', 'B', 'C']);
    expect(reply.body.items[0].judge.expertise).toEqual([tracks[0]!.id]);
    expect(reply.body.items[1].judge.capacity).toBe(5);
    const tokens = reply.body.items.map((i: { invitationUrl: string }) => tokenOf(i.invitationUrl));
    expect(new Set(tokens).size).toBe(3);
    const list = await office.get(`/api/v1/competitions/${competition.id}/judges`);
    expect(list.body.items).toHaveLength(3);
  });

  test('is all or nothing: every bad row is named with its reason, and nothing is stored', async () => {
    const { competition } = await createCompetition(office);
    await addJudge(office, competition.id, { email: 'taken@import.example' });
    const before = [await countRows(t, 'judges'), await countRows(t, 'users')];
    const reply = await office.post(`/api/v1/competitions/${competition.id}/judges/import`, {
      judges: [
        judgeBody({ email: 'fine@import.example' }),
        judgeBody({ email: 'track@import.example', expertise: ['XYZ'] }),
        judgeBody({ email: 'taken@import.example' }),
        judgeBody({ email: 'twice@import.example' }),
        judgeBody({ email: 'twice@import.example' }),
      ],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('judges.import_invalid');
    expect(reply.body.error.details).toEqual([
      expect.objectContaining({
        path: 'judges.1.expertise.0',
        row: 2,
        message: expect.stringContaining('XYZ'),
      }),
      expect.objectContaining({
        path: 'judges.2.email',
        row: 3,
        message: expect.stringContaining('already a judge'),
      }),
      expect.objectContaining({ path: 'judges.4.email', row: 5, message: expect.stringContaining('twice') }),
    ]);
    expect([await countRows(t, 'judges'), await countRows(t, 'users')]).toEqual(before);
  });

  test('a malformed row is a 400 with its path, storing nothing; organizers only', async () => {
    const { competition } = await createCompetition(office);
    const before = await countRows(t, 'judges');
    const reply = await office.post(`/api/v1/competitions/${competition.id}/judges/import`, {
      judges: [judgeBody(), judgeBody({ email: 'nope' })],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain('judges.1.email');
    expect(
      (await office.post(`/api/v1/competitions/${competition.id}/judges/import`, { judges: [] })).status,
    ).toBe(400);
    const stranger = t.agent();
    await stranger.register(`importer${Date.now()}@example.org`);
    expect(
      (await stranger.post(`/api/v1/competitions/${competition.id}/judges/import`, { judges: [judgeBody()] }))
        .status,
    ).toBe(404);
    expect(await countRows(t, 'judges')).toBe(before);
  });
});

describe('changing and removing judges', () => {
  test('an organizer changes a judge; a bad track changes nothing; another competition’s judge is a 404', async () => {
    const { competition, tracks } = await createCompetition(office);
    const other = await createCompetition(office);
    const { judge } = await addJudge(office, competition.id, { capacity: 4 });
    const patched = await office.patch(`/api/v1/competitions/${competition.id}/judges/${judge.id}`, {
      capacity: null,
      expertise: [tracks[1]!.code],
      organization: 'Fudan University',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.judge).toMatchObject({
      capacity: null,
      expertise: [tracks[1]!.id],
      organization: 'Fudan University',
    });
    const bad = await office.patch(`/api/v1/competitions/${competition.id}/judges/${judge.id}`, {
      expertise: ['NOPE'],
      name: 'X',
    });
    expect(bad.status).toBe(400);
    const [row] = await t.db.select().from(judges).where(eq(judges.id, judge.id));
    expect(row!.name).toBe(judge.name);
    expect(
      (await office.patch(`/api/v1/competitions/${other.competition.id}/judges/${judge.id}`, { name: 'X' }))
        .status,
    ).toBe(404);
    const audit = await office.get(`/api/v1/competitions/${competition.id}/audit`);
    expect(audit.body.items.find((a: { action: string }) => a.action === 'judge.updated')).toMatchObject({
      before: expect.objectContaining({ organization: expect.any(String) }),
      after: expect.objectContaining({ organization: 'Fudan University' }),
    });
  });

  test('a judge reads and edits their own profile but not their capacity, and not another judge', async () => {
    const { competition } = await createCompetition(office);
    const mine = await addJudge(office, competition.id, { capacity: 7 });
    const theirs = await addJudge(office, competition.id);
    const judgeAgent = await acceptAsJudge(t, mine.invitationUrl);
    const me = await judgeAgent.get(`/api/v1/competitions/${competition.id}/judges/me`);
    expect(me.status).toBe(200);
    expect(me.body.judge).toMatchObject({ id: mine.judge.id, invitationStatus: 'accepted' });
    const patched = await judgeAgent.patch(`/api/v1/competitions/${competition.id}/judges/me`, {
      organization: 'New Lab',
      capacity: 99,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.judge).toMatchObject({ organization: 'New Lab', capacity: 7 });
    const bad = await judgeAgent.patch(`/api/v1/competitions/${competition.id}/judges/me`, {
      country: 'Nowhere',
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await judgeAgent.patch(`/api/v1/competitions/${competition.id}/judges/${theirs.judge.id}`, {
          name: 'X',
        })
      ).status,
    ).toBe(403);
    // An organizer who is not a judge there has no judge profile.
    expect((await office.get(`/api/v1/competitions/${competition.id}/judges/me`)).status).toBe(403);
  });

  test('removing a judge drops their membership; refused while a review of theirs is under way', async () => {
    const { competition, tracks, rounds } = await createCompetition(office);
    const keep = await addJudge(office, competition.id);
    const busy = await addJudge(office, competition.id);
    const entry = await addEntry(t, competition.id, { trackId: tracks[0]!.id });
    await t.db
      .insert(assignments)
      .values({ roundId: rounds[0]!.id, entryId: entry.id, judgeId: busy.judge.id, status: 'started' });
    const refused = await office.delete(`/api/v1/competitions/${competition.id}/judges/${busy.judge.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('judges.reviews_under_way');
    expect(await countRows(t, 'assignments')).toBeGreaterThan(0);

    const judgeAgent = await acceptAsJudge(t, keep.invitationUrl);
    expect(
      (await judgeAgent.delete(`/api/v1/competitions/${competition.id}/judges/${busy.judge.id}`)).status,
    ).toBe(403);
    const removed = await office.delete(`/api/v1/competitions/${competition.id}/judges/${keep.judge.id}`);
    expect(removed.status).toBe(204);
    expect(await t.db.select().from(judges).where(eq(judges.id, keep.judge.id))).toEqual([]);
    expect((await judgeAgent.get(`/api/v1/competitions/${competition.id}`)).status).toBe(404);
    expect(
      (await office.delete(`/api/v1/competitions/${competition.id}/judges/${keep.judge.id}`)).status,
    ).toBe(404);
  });

  test('a new invitation link replaces the old one; none once accepted', async () => {
    const { competition } = await createCompetition(office);
    const { judge, invitationUrl } = await addJudge(office, competition.id);
    const renewed = await office.post(`/api/v1/competitions/${competition.id}/judges/${judge.id}/invitation`);
    expect(renewed.status).toBe(201);
    expect(renewed.body.invitationUrl).not.toBe(invitationUrl);
    expect((await t.agent().get(`/api/v1/invitations/${tokenOf(invitationUrl)}`)).status).toBe(404);
    await acceptAsJudge(t, renewed.body.invitationUrl);
    const again = await office.post(`/api/v1/competitions/${competition.id}/judges/${judge.id}/invitation`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('judges.invitation_accepted');
  });

  test('the list shows each judge with assignment and conflict counts', async () => {
    const { competition, tracks, rounds } = await createCompetition(office);
    const a = await addJudge(office, competition.id, { organization: 'Helix Labs' });
    const b = await addJudge(office, competition.id);
    const entry = await addEntry(t, competition.id, { trackId: tracks[0]!.id, organization: 'HELIX  labs' });
    await t.db.insert(assignments).values({ roundId: rounds[0]!.id, entryId: entry.id, judgeId: b.judge.id });
    const list = await office.get(`/api/v1/competitions/${competition.id}/judges`);
    expect(list.status).toBe(200);
    const byId = new Map(list.body.items.map((j: { id: string }) => [j.id, j]));
    expect(byId.get(a.judge.id)).toMatchObject({ assignments: 0, conflicts: 1, invitationStatus: 'pending' });
    expect(byId.get(b.judge.id)).toMatchObject({ assignments: 1, conflicts: 0 });
    expect(JSON.stringify(list.body)).not.toMatch(/tokenHash|passwordHash/);
  });
});

describe('invitations', () => {
  test('greets the invitee, sets the password, signs in, and works only once', async () => {
    const { competition } = await createCompetition(office);
    const { judge, invitationUrl } = await addJudge(office, competition.id, {
      name: 'Dr. Noa Levi',
      email: 'noa@technion.example',
    });
    const token = tokenOf(invitationUrl);
    const greeting = await t.agent().get(`/api/v1/invitations/${token}`);
    expect(greeting.status).toBe(200);
    expect(greeting.body.invitation).toEqual({
      judgeName: 'Dr. Noa Levi',
      email: 'noa@technion.example',
      competitionId: competition.id,
      competitionName: competition.name,
      hasPassword: false,
    });

    const agent = t.agent();
    const short = await agent.post(`/api/v1/invitations/${token}/accept`, { password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0].path).toBe('password');
    expect((await t.agent().get(`/api/v1/invitations/${token}`)).status).toBe(200);

    const accepted = await agent.post(`/api/v1/invitations/${token}/accept`, {
      password: 'a-new-password-1',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.competitionId).toBe(competition.id);
    expect(accepted.body.user.memberships).toContainEqual({
      competitionId: competition.id,
      competitionName: competition.name,
      role: 'judge',
    });
    expect(String(accepted.headers['set-cookie'])).toMatch(/wz_session=.*HttpOnly/i);
    expect((await agent.get('/api/v1/auth/me')).body.user.email).toBe('noa@technion.example');
    const [row] = await t.db.select().from(judges).where(eq(judges.id, judge.id));
    expect(row).toMatchObject({ invitationTokenHash: null, invitationAcceptedAt: expect.any(Date) });

    expect((await t.agent().get(`/api/v1/invitations/${token}`)).status).toBe(404);
    const reused = await t
      .agent()
      .post(`/api/v1/invitations/${token}/accept`, { password: 'another-password-2' });
    expect(reused.status).toBe(404);
    // The password set by the invitation signs in; the reused link changed nothing.
    await t.agent().login('noa@technion.example', 'a-new-password-1');
    expect((await t.agent().get('/api/v1/invitations/not-a-real-token-at-all')).status).toBe(404);
  });

  test('an account that confirmed its address accepts with its password and never gets it changed', async () => {
    const { competition } = await createCompetition(office);
    const owner = await t.agent().register('has.password@example.org', 'Has Password', 'my-own-password-1');
    await t.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, owner.id));
    const { invitationUrl } = await addJudge(office, competition.id, { email: 'has.password@example.org' });
    const token = tokenOf(invitationUrl);
    expect((await t.agent().get(`/api/v1/invitations/${token}`)).body.invitation.hasPassword).toBe(true);
    const wrong = await t
      .agent()
      .post(`/api/v1/invitations/${token}/accept`, { password: 'takeover-attempt-1' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invitations.wrong_password');
    const [user] = await t.db.select().from(users).where(eq(users.email, 'has.password@example.org'));
    const right = await t
      .agent()
      .post(`/api/v1/invitations/${token}/accept`, { password: 'my-own-password-1' });
    expect(right.status).toBe(200);
    const [after] = await t.db.select().from(users).where(eq(users.email, 'has.password@example.org'));
    expect(after!.passwordHash).toBe(user!.passwordHash);
  });
});

describe('an invitation to someone on a team', () => {
  test('is refused on accepting with a 409 in words; the person is not made a judge', async () => {
    const { competition, tracks } = await createCompetition(office);
    const person = t.agent();
    const owner = await person.register('owner.and.judge@example.org', 'Owner Judge', 'owner-password-1');
    await addEntry(t, competition.id, { trackId: tracks[0]!.id, ownerId: owner.id });
    const { invitationUrl } = await addJudge(office, competition.id, {
      email: 'owner.and.judge@example.org',
    });
    const token = tokenOf(invitationUrl);
    const membersBefore = await countRows(t, 'competition_members');

    const refused = await t
      .agent()
      .post(`/api/v1/invitations/${token}/accept`, { password: 'owner-password-1' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('invitations.on_team');
    expect(refused.body.error.message).toMatch(/work on a team in .+, so you cannot also judge it/);
    expect(await countRows(t, 'competition_members')).toBe(membersBefore);
    // The link still works once the person has left the team.
    expect((await t.agent().get(`/api/v1/invitations/${token}`)).status).toBe(200);
    expect((await person.get(`/api/v1/competitions/${competition.id}/judges/me`)).status).not.toBe(200);
  });
});

describe('conflicts', () => {
  async function judgedCompetition() {
    const { competition, tracks, rounds } = await createCompetition(office);
    const judge = await addJudge(office, competition.id, {
      organization: 'Nimbus Systems',
      email: 'lee@nimbus.example',
      country: 'KR',
    });
    const other = await addJudge(office, competition.id, {
      organization: 'Quiet Ventures',
      email: 'q@quiet.example',
      country: 'JP',
    });
    const plain = await addEntry(t, competition.id, {
      trackId: tracks[0]!.id,
      organization: 'Plain Co',
      country: 'DE',
      memberEmails: ['x@plain.example'],
    });
    return { competition, tracks, round: rounds[0]!, judge, other, plain };
  }

  test('an organizer declares and removes one; the list shows it with its source', async () => {
    const { competition, judge, plain } = await judgedCompetition();
    const created = await office.post(`/api/v1/competitions/${competition.id}/conflicts`, {
      judgeId: judge.judge.id,
      entryId: plain.id,
      reason: 'Invested in the team',
    });
    expect(created.status).toBe(201);
    expect(created.body.conflict).toMatchObject({
      judgeId: judge.judge.id,
      entryId: plain.id,
      source: 'organizer',
      reason: 'Invested in the team',
    });
    const list = await office.get(`/api/v1/competitions/${competition.id}/conflicts`);
    expect(list.body.items).toEqual([
      {
        judgeId: judge.judge.id,
        entryId: plain.id,
        judgeName: judge.judge.name,
        entryTitle: plain.title,
        sources: [
          { source: 'organizer', reason: 'Invested in the team', conflictId: created.body.conflict.id },
        ],
      },
    ]);
    const twice = await office.post(`/api/v1/competitions/${competition.id}/conflicts`, {
      judgeId: judge.judge.id,
      entryId: plain.id,
      reason: '',
    });
    expect(twice.status).toBe(409);
    const removed = await office.delete(
      `/api/v1/competitions/${competition.id}/conflicts/${created.body.conflict.id}`,
    );
    expect(removed.status).toBe(204);
    expect((await office.get(`/api/v1/competitions/${competition.id}/conflicts`)).body.items).toEqual([]);
    const audit = await office.get(`/api/v1/competitions/${competition.id}/audit`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['conflict.declared', 'conflict.removed']),
    );
  });

  test('bad input is refused and stores nothing', async () => {
    const { competition, judge, plain } = await judgedCompetition();
    const elsewhere = await createCompetition(office);
    const foreignEntry = await addEntry(t, elsewhere.competition.id, { trackId: elsewhere.tracks[0]!.id });
    const foreignJudge = await addJudge(office, elsewhere.competition.id);
    const before = await countRows(t, 'conflicts');
    const url = `/api/v1/competitions/${competition.id}/conflicts`;
    expect((await office.post(url, { entryId: plain.id, reason: '' })).status).toBe(400);
    expect(
      (await office.post(url, { judgeId: judge.judge.id, entryId: plain.id, reason: 'x'.repeat(501) }))
        .status,
    ).toBe(400);
    expect(
      (await office.post(url, { judgeId: judge.judge.id, entryId: foreignEntry.id, reason: '' })).status,
    ).toBe(404);
    expect(
      (await office.post(url, { judgeId: foreignJudge.judge.id, entryId: plain.id, reason: '' })).status,
    ).toBe(404);
    expect((await office.post(url, { judgeId: 'nobody', entryId: plain.id, reason: '' })).status).toBe(404);
    expect(await countRows(t, 'conflicts')).toBe(before);
  });

  test('a judge declares for themself on an entry they can see, never for another judge or an unseen entry', async () => {
    const { competition, tracks, round, judge, other, plain } = await judgedCompetition();
    const unseen = await addEntry(t, competition.id, { trackId: tracks[1]!.id });
    await t.db.insert(assignments).values({ roundId: round.id, entryId: plain.id, judgeId: judge.judge.id });
    const judgeAgent = await acceptAsJudge(t, judge.invitationUrl);
    const url = `/api/v1/competitions/${competition.id}/conflicts`;
    const before = await countRows(t, 'conflicts');
    const forOther = await judgeAgent.post(url, { judgeId: other.judge.id, entryId: plain.id, reason: '' });
    expect(forOther.status).toBe(403);
    const onUnseen = await judgeAgent.post(url, { judgeId: judge.judge.id, entryId: unseen.id, reason: '' });
    expect(onUnseen.status).toBe(404);
    expect(await countRows(t, 'conflicts')).toBe(before);

    const own = await judgeAgent.post(url, {
      judgeId: judge.judge.id,
      entryId: plain.id,
      reason: 'My former student',
    });
    expect(own.status).toBe(201);
    expect(own.body.conflict.source).toBe('judge');
    const mine = await judgeAgent.get(url);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ entryId: plain.id, sources: [expect.objectContaining({ source: 'judge' })] }),
    ]);
    expect((await judgeAgent.delete(`${url}/${own.body.conflict.id}`)).status).toBe(403);
    const stranger = t.agent();
    await stranger.register(`conflict-stranger${Date.now()}@example.org`);
    expect((await stranger.get(url)).status).toBe(404);
    expect(
      (await stranger.post(url, { judgeId: judge.judge.id, entryId: plain.id, reason: '' })).status,
    ).toBe(404);
    // The entry is now conflicted: the judge no longer sees it.
    expect((await judgeAgent.get('/api/v1/me/assignments')).body.items).toEqual([]);
  });

  test('detected conflicts are listed with their source: organization, email domain, the team’s list, and country by policy', async () => {
    const { competition, tracks, judge } = await judgedCompetition();
    const track = tracks[0]!.id;
    const sameOrg = await addEntry(t, competition.id, {
      trackId: track,
      organization: 'NIMBUS-systems',
      country: 'DE',
    });
    const sameDomain = await addEntry(t, competition.id, {
      trackId: track,
      memberEmails: ['cto@nimbus.example'],
      country: 'DE',
    });
    const publicDomain = await addEntry(t, competition.id, {
      trackId: track,
      memberEmails: ['founder@gmail.com'],
      country: 'DE',
    });
    const avoided = await addEntry(t, competition.id, {
      trackId: track,
      avoidOrganizations: ['Nimbus Systems'],
      country: 'DE',
    });
    const sameCountry = await addEntry(t, competition.id, { trackId: track, country: 'KR' });
    const draft = await addEntry(t, competition.id, {
      trackId: track,
      organization: 'Nimbus Systems',
      status: 'draft',
    });
    const strict = await office.post(`/api/v1/competitions/${competition.id}/rounds`, {
      name: 'Strict round',
      kind: 'review',
      reviewsPerEntry: 1,
      judgeCapacity: 5,
      criteria: [{ key: 'overall', label: 'Overall', weight: 1, min: 1, max: 10 }],
      conflictPolicy: { sameCountry: true },
    });
    const firstRoundId = (await office.get(`/api/v1/competitions/${competition.id}/rounds`)).body.items[0].id;

    const sourcesFor = async (query: string) => {
      const list = await office.get(
        `/api/v1/competitions/${competition.id}/conflicts?judgeId=${judge.judge.id}${query}`,
      );
      expect(list.status).toBe(200);
      return Object.fromEntries(
        list.body.items.map((c: { entryId: string; sources: Array<{ source: string }> }) => [
          c.entryId,
          c.sources.map((s) => s.source),
        ]),
      );
    };
    const lenient = await sourcesFor(`&roundId=${firstRoundId}`);
    expect(lenient).toEqual({
      [sameOrg.id]: ['organization'],
      [sameDomain.id]: ['email_domain'],
      [avoided.id]: ['team'],
    });
    expect(lenient[publicDomain.id]).toBeUndefined();
    expect(lenient[draft.id]).toBeUndefined();
    const strictSources = await sourcesFor(`&roundId=${strict.body.round.id}`);
    expect(strictSources[sameCountry.id]).toEqual(['country']);
    // Without a round named, the strictest policy of any round applies.
    expect((await sourcesFor(''))[sameCountry.id]).toEqual(['country']);
    expect((await office.get(`/api/v1/competitions/${competition.id}/conflicts?roundId=nope`)).status).toBe(
      404,
    );
  });
  test('a judge whose own address is on a team, as its owner or a listed member, is conflicted with it at any provider', async () => {
    const { competition, tracks } = await createCompetition(office);
    const person = await t.agent().register('wei.judge@gmail.com', 'Wei Judge', 'wei-password-1');
    const judge = await addJudge(office, competition.id, {
      email: 'Wei.Judge@gmail.com',
      organization: 'Judge Org',
    });
    const owned = await addEntry(t, competition.id, {
      trackId: tracks[0]!.id,
      ownerId: person.id,
      memberEmails: [],
    });
    const listed = await addEntry(t, competition.id, {
      trackId: tracks[0]!.id,
      memberEmails: ['cto@startup.example', ' wei.judge@GMAIL.com'],
    });
    // Another Gmail user on a team is no one in particular: no conflict.
    const stranger = await addEntry(t, competition.id, {
      trackId: tracks[0]!.id,
      memberEmails: ['someone@gmail.com'],
    });
    const list = await office.get(
      `/api/v1/competitions/${competition.id}/conflicts?judgeId=${judge.judge.id}`,
    );
    expect(list.status).toBe(200);
    const sources = Object.fromEntries(
      list.body.items.map((c: { entryId: string; sources: Array<{ source: string }> }) => [
        c.entryId,
        c.sources.map((x) => x.source),
      ]),
    );
    expect(sources).toEqual({ [owned.id]: ['member'], [listed.id]: ['member'] });
    expect(sources[stranger.id]).toBeUndefined();
  });
});
