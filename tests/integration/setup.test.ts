// Setting a competition up: tracks renamed, reordered and removed while empty; rounds edited freely
// until reviews start and then only where saved scores keep their meaning; co-organizers listed
// and removed.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { entries } from '../../server/src/modules/entries/entries.table.ts';
import { judges } from '../../server/src/modules/judges/judges.table.ts';
import { users } from '../../server/src/modules/users/users.table.ts';
import { countRows, organizerEmail, startTestApp, type TestApp } from '../support/app.ts';
import { createCompetition } from '../support/fixtures.ts';
import { assign, flat, rubric, setupJudging, signedInOrganizer } from './reviews.fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const auditActions = async (organizer: Awaited<ReturnType<typeof signedInOrganizer>>, id: string) =>
  (await organizer.get(`/api/v1/competitions/${id}/audit`)).body.items.map(
    (a: { action: string }) => a.action,
  );

describe('tracks', () => {
  test('an organizer renames a track and changes its code; duplicates are 409 and change nothing', async () => {
    const office = await signedInOrganizer(t);
    const { competition, tracks } = await createCompetition(office, { tracks: ['AI', 'Medicine'] });
    const renamed = await office.patch(`/api/v1/tracks/${tracks[0].id}`, {
      name: 'Artificial Intelligence',
      code: 'ai-x',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.track).toMatchObject({ name: 'Artificial Intelligence', code: 'AI-X', position: 1 });

    const taken = await office.patch(`/api/v1/tracks/${tracks[1].id}`, { name: 'artificial intelligence' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('tracks.name_taken');
    const takenCode = await office.patch(`/api/v1/tracks/${tracks[1].id}`, { code: 'AI-X' });
    expect(takenCode.status).toBe(409);
    expect((await office.patch(`/api/v1/tracks/${tracks[1].id}`, {})).status).toBe(400);
    expect((await office.patch(`/api/v1/tracks/${tracks[1].id}`, { name: 'x' })).status).toBe(400);

    const read = await office.get(`/api/v1/competitions/${competition.id}`);
    expect(read.body.competition.tracks.map((tr: { name: string }) => tr.name)).toEqual([
      'Artificial Intelligence',
      'Medicine',
    ]);
    expect(await auditActions(office, competition.id)).toContain('track.updated');
  });

  test('tracks are reordered with every track named once', async () => {
    const office = await signedInOrganizer(t);
    const { competition, tracks } = await createCompetition(office, { tracks: ['One', 'Two', 'Three'] });
    const [a, b, c] = tracks.map((tr: { id: string }) => tr.id);
    const reordered = await office.put(`/api/v1/competitions/${competition.id}/tracks/order`, {
      trackIds: [c, a, b],
    });
    expect(reordered.status).toBe(200);
    expect(
      reordered.body.items.map((tr: { name: string; position: number }) => [tr.name, tr.position]),
    ).toEqual([
      ['Three', 1],
      ['One', 2],
      ['Two', 3],
    ]);
    for (const trackIds of [
      [c, a],
      [c, a, a],
      [c, a, 'not-a-track'],
    ]) {
      const bad = await office.put(`/api/v1/competitions/${competition.id}/tracks/order`, { trackIds });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/each of the competition's 3 tracks/);
    }
    const read = await office.get(`/api/v1/competitions/${competition.id}`);
    expect(read.body.competition.tracks.map((tr: { name: string }) => tr.name)).toEqual([
      'Three',
      'One',
      'Two',
    ]);
  });

  test('a track is removed only while empty; judges lose it from their expertise', async () => {
    const {
      organizer,
      competition,
      tracks,
      judges: panel,
    } = await setupJudging(t, {
      tracks: ['Full', 'Empty', 'Last'],
      entriesPerTrack: 1,
      judges: 1,
    });
    // setupJudging put one entry in each track; empty the middle one.
    await t.db.delete(entries).where(eq(entries.trackId, tracks[1].id));
    await t.db
      .update(judges)
      .set({ expertise: [tracks[1].id, tracks[0].id] })
      .where(eq(judges.id, panel[0]!.id));

    const full = await organizer.delete(`/api/v1/tracks/${tracks[0].id}`);
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({ code: 'tracks.not_empty' });
    expect(full.body.error.message).toMatch(/"Full" still has 1 entry/);

    const before = await countRows(t, 'tracks');
    const removed = await organizer.delete(`/api/v1/tracks/${tracks[1].id}`);
    expect(removed.status).toBe(204);
    expect(await countRows(t, 'tracks')).toBe(before - 1);
    const [judge] = await t.db.select().from(judges).where(eq(judges.id, panel[0]!.id));
    expect(judge!.expertise).toEqual([tracks[0].id]);
    const read = await organizer.get(`/api/v1/competitions/${competition.id}`);
    expect(
      read.body.competition.tracks.map((tr: { name: string; position: number }) => [tr.name, tr.position]),
    ).toEqual([
      ['Full', 1],
      ['Last', 2],
    ]);
    expect(await auditActions(organizer, competition.id)).toContain('track.removed');
  });

  test('someone else may neither see, change, reorder nor remove a track', async () => {
    const office = await signedInOrganizer(t);
    const { competition, tracks } = await createCompetition(office, { tracks: ['Mine'] });
    const stranger = t.agent();
    await stranger.register('stranger-tracks@example.org');
    expect((await stranger.patch(`/api/v1/tracks/${tracks[0].id}`, { name: 'Theirs' })).status).toBe(404);
    expect((await stranger.delete(`/api/v1/tracks/${tracks[0].id}`)).status).toBe(404);
    expect(
      (
        await stranger.put(`/api/v1/competitions/${competition.id}/tracks/order`, {
          trackIds: [tracks[0].id],
        })
      ).status,
    ).toBe(404);
    expect((await office.delete('/api/v1/tracks/no-such-track')).status).toBe(404);
    const read = await office.get(`/api/v1/competitions/${competition.id}`);
    expect(read.body.competition.tracks[0].name).toBe('Mine');
  });
});

describe('rounds', () => {
  const round = {
    name: 'Preliminary',
    kind: 'review',
    reviewsPerEntry: 2,
    judgeCapacity: 10,
    criteria: rubric,
  };

  test('before reviews start, everything changes, the rubric included', async () => {
    const office = await signedInOrganizer(t);
    const { rounds } = await createCompetition(office, { rounds: [round] });
    const id = rounds[0].id;
    expect(rounds[0].reviewsStarted).toBe(false);
    const innovationId = rounds[0].criteria[0].id;
    const changed = await office.patch(`/api/v1/rounds/${id}`, {
      kind: 'live',
      reviewsPerEntry: 5,
      conflictPolicy: { sameCountry: true },
      normalization: 'zscore',
      criteria: [
        { ...rubric[0], weight: 2, max: 5, description: 'How new is it?' },
        { key: 'impact', label: 'Impact', weight: 1, min: 0, max: 5 },
      ],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.round).toMatchObject({
      kind: 'live',
      reviewsPerEntry: 5,
      normalization: 'zscore',
      conflictPolicy: { sameCountry: true },
      reviewsStarted: false,
    });
    expect(changed.body.round.criteria.map((c: { key: string; max: number }) => [c.key, c.max])).toEqual([
      ['innovation', 5],
      ['impact', 5],
    ]);
    // A criterion that keeps its key keeps its id.
    expect(changed.body.round.criteria[0].id).toBe(innovationId);

    const dup = await office.patch(`/api/v1/rounds/${id}`, { criteria: [rubric[0], rubric[0]] });
    expect(dup.status).toBe(400);
    const badScale = await office.patch(`/api/v1/rounds/${id}`, {
      criteria: [{ ...rubric[0], min: 4, max: 2 }],
    });
    expect(badScale.status).toBe(400);
    expect(badScale.body.error.details.map((d: { path: string }) => d.path)).toContain('criteria.0.max');
    const read = await office.get(`/api/v1/rounds/${id}`);
    expect(read.body.round.criteria).toHaveLength(2);
  });

  test('once a judge saved a review, only safe changes pass; the rest is a 409 sentence', async () => {
    const {
      organizer,
      rounds,
      entries,
      judges: panel,
    } = await setupJudging(t, {
      entriesPerTrack: 1,
      judges: 1,
      rounds: [round],
    });
    const id = rounds[0].id;
    const [assignmentId] = await assign(t, id, [[entries[0]!, panel[0]!]]);
    const draft = await panel[0]!.agent.put(`/api/v1/assignments/${assignmentId}/review`, {
      scores: flat(7),
      comment: '',
      submit: false,
    });
    expect(draft.status).toBe(200);

    const read = await organizer.get(`/api/v1/rounds/${id}`);
    expect(read.body.round.reviewsStarted).toBe(true);

    for (const [patch, field] of [
      [{ kind: 'live' }, 'kind'],
      [{ reviewsPerEntry: 3 }, 'reviews per entry'],
      [{ conflictPolicy: { sameCountry: true } }, 'conflict policy'],
      [{ criteria: [rubric[0], rubric[1]] }, 'rubric'],
      [{ criteria: [{ ...rubric[0], weight: 0.5 }, rubric[1], rubric[2]] }, 'rubric'],
      [{ criteria: [rubric[1], rubric[0], rubric[2]] }, 'rubric'],
    ] as const) {
      const refused = await organizer.patch(`/api/v1/rounds/${id}`, { ...patch, name: 'Should not stick' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('rounds.reviews_started');
      expect(refused.body.error.message).toContain(field);
      expect(refused.body.error.message).toMatch(/started reviewing in Preliminary/);
    }
    expect((await organizer.get(`/api/v1/rounds/${id}`)).body.round.name).toBe('Preliminary');

    const safe = await organizer.patch(`/api/v1/rounds/${id}`, {
      name: 'Online preliminary',
      judgeCapacity: 20,
      normalization: 'none',
      closesAt: '2027-01-01T00:00:00Z',
      reviewsPerEntry: 2,
      criteria: rubric.map((c) => ({ ...c, label: `${c.label} (reworded)`, description: 'Clearer words.' })),
    });
    expect(safe.status).toBe(200);
    expect(safe.body.round).toMatchObject({
      name: 'Online preliminary',
      judgeCapacity: 20,
      reviewsStarted: true,
    });
    expect(safe.body.round.criteria[0]).toMatchObject({
      label: 'Innovation (reworded)',
      id: rounds[0].criteria[0].id,
    });
    // The saved draft still has its scores.
    const review = await panel[0]!.agent.get(`/api/v1/assignments/${assignmentId}`);
    expect(review.body.assignment.review.scores).toEqual(flat(7));
  });

  test('a judge or a stranger cannot change a round', async () => {
    const { rounds, judges: panel } = await setupJudging(t, {
      entriesPerTrack: 1,
      judges: 1,
      rounds: [round],
    });
    const id = rounds[0].id;
    expect((await panel[0]!.agent.patch(`/api/v1/rounds/${id}`, { criteria: rubric })).status).toBe(403);
    const stranger = t.agent();
    await stranger.register('stranger-rounds@example.org');
    expect((await stranger.patch(`/api/v1/rounds/${id}`, { name: 'Mine' })).status).toBe(404);
  });
});

describe('co-organizers', () => {
  test('are listed and removed, never the last one', async () => {
    const office = await signedInOrganizer(t);
    const { competition } = await createCompetition(office, { tracks: [] });
    const colleague = t.agent();
    const user = await colleague.register('colleague@example.org', 'Colleague');
    // Only a confirmed address may be made an organizer.
    await t.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
    expect(
      (
        await office.post(`/api/v1/competitions/${competition.id}/organizers`, {
          email: 'colleague@example.org',
        })
      ).status,
    ).toBe(201);
    const list = await office.get(`/api/v1/competitions/${competition.id}/organizers`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: { email: string }) => o.email)).toEqual([
      organizerEmail,
      'colleague@example.org',
    ]);

    const stranger = t.agent();
    await stranger.register('stranger-orgs@example.org');
    expect((await stranger.get(`/api/v1/competitions/${competition.id}/organizers`)).status).toBe(404);
    expect(
      (await stranger.delete(`/api/v1/competitions/${competition.id}/organizers/${user.id}`)).status,
    ).toBe(404);

    const removed = await office.delete(`/api/v1/competitions/${competition.id}/organizers/${user.id}`);
    expect(removed.status).toBe(204);
    expect((await colleague.get(`/api/v1/competitions/${competition.id}`)).status).toBe(404);
    expect(await auditActions(office, competition.id)).toContain('competition.organizer_removed');

    const officeId = list.body.items[0].id;
    const last = await office.delete(`/api/v1/competitions/${competition.id}/organizers/${officeId}`);
    expect(last.status).toBe(409);
    expect(last.body.error.message).toMatch(/at least one organizer/);
    expect((await office.get(`/api/v1/competitions/${competition.id}`)).status).toBe(200);
  });
});
