import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { users } from '../../server/src/modules/users/users.table.ts';
import {
  type Agent,
  countRows,
  organizerEmail,
  organizerPassword,
  startTestApp,
  type TestApp,
} from '../support/app.ts';
import { createCompetition, rubric } from '../support/fixtures.ts';

let t: TestApp;
let office: Agent;
beforeAll(async () => {
  t = await startTestApp();
  office = t.agent();
  await office.login(organizerEmail, organizerPassword);
});
afterAll(async () => t?.close());

const body = (slug: string) => ({
  name: 'Straight to Wuzhen 2027',
  slug,
  description: 'Global Internet Competition',
  timezone: 'Asia/Shanghai',
  submissionClosesAt: '2027-06-30T15:59:59Z',
});

describe('competitions', () => {
  test('the office creates one, becomes its organizer, and reads it back', async () => {
    const created = await office.post('/api/v1/competitions', body('wuzhen-2027'));
    expect(created.status).toBe(201);
    const { competition } = created.body;
    expect(competition).toMatchObject({
      slug: 'wuzhen-2027',
      timezone: 'Asia/Shanghai',
      submissionClosesAt: '2027-06-30T15:59:59.000Z',
      tracks: [],
      myRoles: ['organizer'],
    });
    const fetched = await office.get(`/api/v1/competitions/${competition.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.competition.name).toBe('Straight to Wuzhen 2027');
    const list = await office.get('/api/v1/competitions');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(competition.id);
    expect(list.body.nextCursor).toBeNull();
    const me = await office.get('/api/v1/auth/me');
    expect(me.body.user.memberships).toContainEqual({
      competitionId: competition.id,
      competitionName: 'Straight to Wuzhen 2027',
      role: 'organizer',
    });
  });

  test.each([
    [{ ...body('x'), slug: 'Bad Slug!' }, 'slug'],
    [{ ...body('okay-slug'), timezone: 'Mars/Olympus' }, 'timezone'],
    [{ ...body('okay-slug'), submissionClosesAt: 'next friday' }, 'submissionClosesAt'],
    [{ ...body('okay-slug'), name: 'A' }, 'name'],
  ])('refuses bad input %# with a 400 naming the field and stores nothing', async (input, field) => {
    const before = await countRows(t, 'competitions');
    const reply = await office.post('/api/v1/competitions', input);
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await countRows(t, 'competitions')).toBe(before);
  });

  test('a taken slug is a 409 naming the slug', async () => {
    await office.post('/api/v1/competitions', body('taken-slug'));
    const reply = await office.post('/api/v1/competitions', body('taken-slug'));
    expect(reply.status).toBe(409);
    expect(reply.body.error.message).toContain('taken-slug');
  });

  test('an ordinary user may not create a competition (403) and sees no one else’s (404)', async () => {
    const { competition } = await createCompetition(office);
    const stranger = t.agent();
    await stranger.register('stranger@example.org');
    const before = await countRows(t, 'competitions');
    const refused = await stranger.post('/api/v1/competitions', body('stranger-cup'));
    expect(refused.status).toBe(403);
    expect(await countRows(t, 'competitions')).toBe(before);
    const hidden = await stranger.get(`/api/v1/competitions/${competition.id}`);
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain(competition.name);
    expect(
      (await stranger.patch(`/api/v1/competitions/${competition.id}`, { name: 'Hijacked' })).status,
    ).toBe(404);
    expect((await stranger.get('/api/v1/competitions')).body.items).toEqual([]);
    // a made-up id reads the same as a hidden one
    expect((await stranger.get('/api/v1/competitions/does-not-exist')).status).toBe(404);
  });

  test('an organizer updates it; the audit log records before and after, newest first', async () => {
    const { competition } = await createCompetition(office);
    const patched = await office.patch(`/api/v1/competitions/${competition.id}`, {
      name: 'Renamed Cup',
      timezone: 'Europe/Berlin',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.competition).toMatchObject({ name: 'Renamed Cup', timezone: 'Europe/Berlin' });
    const audit = await office.get(`/api/v1/competitions/${competition.id}/audit`);
    expect(audit.status).toBe(200);
    const [latest] = audit.body.items;
    expect(latest).toMatchObject({ action: 'competition.updated', actorName: 'Competition Office' });
    expect(latest.before.name).toBe(competition.name);
    expect(latest.after.name).toBe('Renamed Cup');
    const ids = audit.body.items.map((i: { id: string }) => Number(i.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  test('the audit log is append-only in the database itself', async () => {
    const { sql } = await import('drizzle-orm');
    await expect(t.db.execute(sql`update audit_log set action = 'tampered'`)).rejects.toThrow();
    await expect(t.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });

  test('organizers can make another registered user with a confirmed address an organizer of their competition', async () => {
    const { competition } = await createCompetition(office);
    const colleague = t.agent();
    const user = await colleague.register('colleague@example.org');
    // The address confirmed by mail (account-takeover.test.ts covers the unconfirmed case).
    await t.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
    expect((await colleague.get(`/api/v1/competitions/${competition.id}`)).status).toBe(404);
    const unknown = await office.post(`/api/v1/competitions/${competition.id}/organizers`, {
      email: 'ghost@example.org',
    });
    expect(unknown.status).toBe(400);
    const added = await office.post(`/api/v1/competitions/${competition.id}/organizers`, {
      email: 'colleague@example.org',
    });
    expect(added.status).toBe(201);
    const seen = await colleague.get(`/api/v1/competitions/${competition.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.competition.myRoles).toEqual(['organizer']);
    // but the colleague cannot create competitions of their own
    expect((await colleague.post('/api/v1/competitions', body('colleague-cup'))).status).toBe(403);
  });
});

describe('tracks and rounds', () => {
  test('tracks get codes and keep their order; duplicates are 409', async () => {
    const { competition } = await createCompetition(office, { tracks: [] });
    const ai = await office.post(`/api/v1/competitions/${competition.id}/tracks`, {
      name: 'Artificial Intelligence',
    });
    expect(ai.status).toBe(201);
    expect(ai.body.track).toMatchObject({ name: 'Artificial Intelligence', code: 'AI', position: 1 });
    const med = await office.post(`/api/v1/competitions/${competition.id}/tracks`, {
      name: 'Digital Medicine',
      code: 'med',
    });
    expect(med.body.track).toMatchObject({ code: 'MED', position: 2 });
    const before = await countRows(t, 'tracks');
    expect(
      (
        await office.post(`/api/v1/competitions/${competition.id}/tracks`, {
          name: 'Medicine 2',
          code: 'MED',
        })
      ).status,
    ).toBe(409);
    expect((await office.post(`/api/v1/competitions/${competition.id}/tracks`, { name: 'x' })).status).toBe(
      400,
    );
    // a generated code never collides: "Applied Informatics" would be AI too
    const second = await office.post(`/api/v1/competitions/${competition.id}/tracks`, {
      name: 'Applied Informatics',
    });
    expect(second.body.track.code).toBe('AI2');
    expect(await countRows(t, 'tracks')).toBe(before + 1);
    const fetched = await office.get(`/api/v1/competitions/${competition.id}`);
    expect(fetched.body.competition.tracks.map((tr: { code: string }) => tr.code)).toEqual([
      'AI',
      'MED',
      'AI2',
    ]);
  });

  test('rounds carry their rubric, order and policy', async () => {
    const { competition } = await createCompetition(office, { rounds: [] });
    const review = await office.post(`/api/v1/competitions/${competition.id}/rounds`, {
      name: 'Preliminary',
      kind: 'review',
      reviewsPerEntry: 3,
      judgeCapacity: 12,
      criteria: rubric,
      conflictPolicy: { sameCountry: true },
    });
    expect(review.status).toBe(201);
    expect(review.body.round).toMatchObject({
      position: 1,
      normalization: 'bias',
      conflictPolicy: { sameCountry: true },
    });
    expect(review.body.round.criteria.map((c: { key: string }) => c.key)).toEqual([
      'innovation',
      'market',
      'team',
    ]);
    const live = await office.post(`/api/v1/competitions/${competition.id}/rounds`, {
      name: 'Final',
      kind: 'live',
      reviewsPerEntry: 5,
      judgeCapacity: 100,
      criteria: rubric,
      normalization: 'none',
    });
    expect(live.body.round.position).toBe(2);
    const list = await office.get(`/api/v1/competitions/${competition.id}/rounds`);
    expect(list.body.items.map((r: { name: string }) => r.name)).toEqual(['Preliminary', 'Final']);
  });

  test.each([
    [{ criteria: [] }, 'criteria'],
    [{ criteria: [{ ...rubric[0], min: 5, max: 5 }] }, 'criteria.0.max'],
    [{ criteria: [rubric[0], rubric[0]] }, 'criteria'],
    [{ criteria: [{ ...rubric[0], weight: 0 }] }, 'criteria.0.weight'],
    [{ reviewsPerEntry: 0 }, 'reviewsPerEntry'],
    [{ kind: 'poll' }, 'kind'],
  ])('refuses a bad round %# (%s) and stores nothing', async (change, field) => {
    const { competition } = await createCompetition(office, { rounds: [] });
    const [roundsBefore, criteriaBefore] = [await countRows(t, 'rounds'), await countRows(t, 'criteria')];
    const reply = await office.post(`/api/v1/competitions/${competition.id}/rounds`, {
      name: 'Bad',
      kind: 'review',
      reviewsPerEntry: 3,
      judgeCapacity: 10,
      criteria: rubric,
      ...change,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect([await countRows(t, 'rounds'), await countRows(t, 'criteria')]).toEqual([
      roundsBefore,
      criteriaBefore,
    ]);
  });

  test('a judge of the competition may read rounds but not change them (403)', async () => {
    const { competition, rounds } = await createCompetition(office);
    const judge = t.agent();
    const user = await judge.register('judge@example.org');
    const { competitionMembers } = await import(
      '../../server/src/modules/competitions/competitions.table.ts'
    );
    await t.db
      .insert(competitionMembers)
      .values({ competitionId: competition.id, userId: user.id, role: 'judge' });
    expect((await judge.get(`/api/v1/rounds/${rounds[0].id}`)).status).toBe(200);
    expect((await judge.patch(`/api/v1/rounds/${rounds[0].id}`, { name: 'Mine now' })).status).toBe(403);
    expect(
      (await judge.post(`/api/v1/competitions/${competition.id}/tracks`, { name: 'Judges track' })).status,
    ).toBe(403);
    expect((await judge.get(`/api/v1/competitions/${competition.id}/audit`)).status).toBe(403);
  });
});

describe('public competition pages', () => {
  test('anyone can find a competition to enter, with its tracks and whether submissions are open', async () => {
    const { competition, slug } = await createCompetition(office);
    const anonymous = t.agent();
    const one = await anonymous.get(`/api/v1/public/competitions/${slug}`);
    expect(one.status).toBe(200);
    expect(one.body.competition).toMatchObject({ id: competition.id, submissionsOpen: true });
    expect(one.body.competition.tracks).toHaveLength(2);
    expect((await anonymous.get('/api/v1/public/competitions/no-such-cup')).status).toBe(404);
  });
});
