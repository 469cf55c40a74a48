import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import { createCompetition } from '../support/fixtures.ts';
import {
  assign,
  type Entry,
  flat,
  type Judge,
  rubric,
  setupJudging,
  signedInOrganizer,
  waitForJob,
} from './reviews.fixtures.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof setupJudging>>;
let from: { id: string };
let to: { id: string };
let entryList: Entry[];

/**
 * Two tracks of four entries, raw means (method none) so the ranks are plain to see.
 * Track AI: 9, 8, 7, 7 (a tie at rank 3). Track MED: 9, 6, 5, 4.
 * Countries in turn: CN, DE, US, CN | DE, US, CN, DE.
 */
const scores = [9, 8, 7, 7, 9, 6, 5, 4];

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { LOGIN_RATE_LIMIT: 1000 } });
  world = await setupJudging(t, {
    entriesPerTrack: 4,
    judges: 2,
    rounds: [
      {
        name: 'Online preliminary',
        kind: 'review',
        reviewsPerEntry: 2,
        judgeCapacity: 10,
        criteria: rubric,
        normalization: 'none',
      },
      { name: 'Semi-final', kind: 'review', reviewsPerEntry: 2, judgeCapacity: 10, criteria: rubric },
      { name: 'Final roadshow', kind: 'live', reviewsPerEntry: 2, judgeCapacity: 10, criteria: rubric },
    ],
  });
  [from, to] = world.rounds;
  entryList = world.entries;
  const pairs = entryList.flatMap((e) => world.judges.map((j) => [e, j] as [Entry, Judge]));
  const ids = await assign(t, from.id, pairs);
  for (const [i, [e, j]] of pairs.entries()) {
    const reply = await j.agent.put(`/api/v1/assignments/${ids[i]}/review`, {
      scores: flat(scores[entryList.indexOf(e)]!),
      comment: '',
      submit: true,
    });
    expect(reply.status).toBe(200);
  }
});
afterAll(async () => t?.close());

const advanceUrl = () => `/api/v1/rounds/${from.id}/advance`;
const e = (i: number) => entryList[i]!.id;
/** Tied entries come in id order (ids are random here). */
const byId = (...ids: string[]) => [...ids].sort();

async function stored() {
  return {
    roundEntries: await countRows(t, 'round_entries'),
    advancements: await countRows(t, 'advancements'),
    audit: await countRows(t, 'audit_log'),
  };
}

test('before the round is tallied, advancing is refused', async () => {
  const organizer = await signedInOrganizer(t);
  const before = await stored();
  const reply = await organizer.post(advanceUrl(), { toRoundId: to.id, topPerTrack: 2, preview: true });
  expect(reply.status).toBe(409);
  expect(reply.body.error.code).toBe('advancement.no_tally');
  expect(await stored()).toEqual(before);
  const job = await waitForJob(
    organizer,
    (await organizer.post(`/api/v1/rounds/${from.id}/tally`, {})).body.jobId,
  );
  expect(job.state).toBe('completed');
});

describe('preview', () => {
  test('top 2 per track, with reasons, and nothing stored', async () => {
    const organizer = await signedInOrganizer(t);
    const before = await stored();
    const reply = await organizer.post(advanceUrl(), { toRoundId: to.id, topPerTrack: 2, preview: true });
    expect(reply.status).toBe(200);
    const { advancement } = reply.body;
    expect(advancement).toMatchObject({
      id: null,
      preview: true,
      fromRoundId: from.id,
      toRoundId: to.id,
      method: 'none',
      createdAt: null,
    });
    // Track by track, best first.
    expect(advancement.advancing.map((a: { entryId: string }) => a.entryId)).toEqual([
      e(0),
      e(1),
      e(4),
      e(5),
    ]);
    expect(advancement.advancing[0]).toMatchObject({
      reason: 'rank',
      trackRank: 1,
      score: 9,
      title: entryList[0]!.title,
      country: 'CN',
      alreadyInRound: false,
    });
    expect(advancement.perCountry).toEqual({ CN: 1, DE: 2, US: 1 });
    expect(await stored()).toEqual(before);
  });

  test('a tie at the cutoff lets every tied entry through, flagged', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.post(advanceUrl(), { toRoundId: to.id, topPerTrack: 3, preview: true });
    const { advancement } = reply.body;
    const ai = advancement.advancing.filter((a: { trackId: string }) => a.trackId === world.tracks[0].id);
    expect(ai.map((a: { entryId: string; reason: string }) => [a.entryId, a.reason])).toEqual([
      [e(0), 'rank'],
      [e(1), 'rank'],
      ...byId(e(2), e(3)).map((id) => [id, 'tie']),
    ]);
    expect(advancement.tiesAtCutoff).toEqual([
      {
        trackId: world.tracks[0].id,
        trackName: world.tracks[0].name,
        trackRank: 3,
        entryIds: byId(e(2), e(3)),
      },
    ]);
    expect(
      advancement.advancing.filter((a: { trackId: string }) => a.trackId === world.tracks[1].id),
    ).toHaveLength(3);
  });

  test('a quota per country skips to the next eligible entry', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.post(advanceUrl(), {
      toRoundId: to.id,
      topPerTrack: 2,
      quotas: { de: 1 },
      preview: true,
    });
    expect(reply.status).toBe(200);
    const { advancement } = reply.body;
    // MED #1 (DE) takes the one DE place, so AI #2 (DE) is skipped and AI #3 moves up; AI #3 and #4
    // are tied, so both come through.
    expect(advancement.perCountry.DE).toBe(1);
    expect(advancement.skipped).toEqual([
      expect.objectContaining({ entryId: e(1), reason: 'quota', country: 'DE' }),
    ]);
    expect(
      advancement.advancing.map((a: { entryId: string; reason: string }) => [a.entryId, a.reason]),
    ).toEqual([[e(0), 'rank'], ...byId(e(2), e(3)).map((id) => [id, 'tie']), [e(4), 'rank'], [e(5), 'rank']]);
  });

  test('wildcards and exclusions', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.post(advanceUrl(), {
      toRoundId: to.id,
      topPerTrack: 1,
      entryIds: [e(7)],
      excludeEntryIds: [e(0)],
      preview: true,
    });
    const { advancement } = reply.body;
    expect(
      advancement.advancing.map((a: { entryId: string; reason: string }) => [a.entryId, a.reason]),
    ).toEqual([
      [e(1), 'rank'],
      [e(4), 'rank'],
      [e(7), 'wildcard'],
    ]);
    expect(advancement.skipped).toEqual([expect.objectContaining({ entryId: e(0), reason: 'excluded' })]);
  });
});

describe('commit', () => {
  test('adds the entries to the next round in one transaction, with an advancement row and an audit record', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.post(advanceUrl(), { toRoundId: to.id, topPerTrack: 2, entryIds: [e(6)] });
    expect(reply.status).toBe(201);
    const { advancement } = reply.body;
    expect(advancement.preview).toBe(false);
    expect(advancement.id).toEqual(expect.any(String));
    const rows = await t.db.execute<{ entry_id: string; source: string }>(
      sql`select entry_id, source from round_entries where round_id = ${to.id} order by entry_id`,
    );
    expect(rows.map((r) => [r.entry_id, r.source]).sort()).toEqual(
      [
        [e(0), 'advancement'],
        [e(1), 'advancement'],
        [e(4), 'advancement'],
        [e(5), 'advancement'],
        [e(6), 'wildcard'],
      ].sort(),
    );
    const [record] = await t.db.execute<{ snapshot_id: string; entry_ids: string[] }>(
      sql`select snapshot_id, entry_ids from advancements`,
    );
    expect(record!.snapshot_id).toBe(advancement.snapshotId);
    expect(record!.entry_ids).toHaveLength(5);
    const [audit] = await t.db.execute<{ action: string; entity_id: string }>(
      sql`select action, entity_id from audit_log order by id desc limit 1`,
    );
    expect(audit).toEqual({ action: 'round.advanced', entity_id: advancement.id });
    // The semi-final now sees them (round membership is what the assignment and the tally read).
    const organizerRound = await organizer.get(`/api/v1/rounds/${to.id}`);
    expect(organizerRound.status).toBe(200);
  });

  test('a second preview shows who is already in', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.post(advanceUrl(), { toRoundId: to.id, topPerTrack: 2, preview: true });
    expect(reply.body.advancement.advancing.every((a: { alreadyInRound: boolean }) => a.alreadyInRound)).toBe(
      true,
    );
  });
});

describe('refusals', () => {
  test.each([
    ['the same round', () => ({ toRoundId: from.id, topPerTrack: 2 }), 409, 'advancement.bad_target'],
    [
      'a round of another competition',
      () => ({ toRoundId: otherRound, topPerTrack: 2 }),
      409,
      'advancement.bad_target',
    ],
    ['an unknown round', () => ({ toRoundId: 'nope', topPerTrack: 2 }), 409, 'advancement.bad_target'],
    [
      'an entry outside the tally',
      () => ({ toRoundId: to.id, topPerTrack: 1, entryIds: ['nope'] }),
      400,
      'advancement.unknown_entry',
    ],
    [
      'an entry both added and excluded',
      () => ({ toRoundId: to.id, topPerTrack: 1, entryIds: [e(7)], excludeEntryIds: [e(7)] }),
      400,
      'advancement.added_and_excluded',
    ],
    ['no rule at all', () => ({ toRoundId: to.id }), 400, 'request.invalid'],
    [
      'a bad quota',
      () => ({ toRoundId: to.id, topPerTrack: 1, quotas: { China: 2 } }),
      400,
      'request.invalid',
    ],
    ['a negative top N', () => ({ toRoundId: to.id, topPerTrack: -1 }), 400, 'request.invalid'],
  ])('%s is refused and nothing changes', async (_name, body, status, code) => {
    const organizer = await signedInOrganizer(t);
    const before = await stored();
    const reply = await organizer.post(advanceUrl(), body());
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
    expect(await stored()).toEqual(before);
  });

  test('an earlier round is not a target', async () => {
    const organizer = await signedInOrganizer(t);
    const job = await waitForJob(
      organizer,
      (await organizer.post(`/api/v1/rounds/${to.id}/tally`, {})).body.jobId,
    );
    expect(job.state).toBe('completed');
    const before = await stored();
    const reply = await organizer.post(`/api/v1/rounds/${to.id}/advance`, {
      toRoundId: from.id,
      topPerTrack: 1,
    });
    expect(reply.status).toBe(409);
    expect(await stored()).toEqual(before);
  });

  test('judges may not advance (403), strangers learn nothing (404)', async () => {
    const stranger = t.agent();
    await stranger.register('stranger@advance.test');
    const before = await stored();
    expect(
      (await world.judges[0]!.agent.post(advanceUrl(), { toRoundId: to.id, topPerTrack: 2 })).status,
    ).toBe(403);
    expect((await stranger.post(advanceUrl(), { toRoundId: to.id, topPerTrack: 2 })).status).toBe(404);
    expect(await stored()).toEqual(before);
  });
});

let otherRound = '';
beforeAll(async () => {
  const organizer = await signedInOrganizer(t);
  const other = await createCompetition(organizer, {
    rounds: [
      { name: 'R1', kind: 'review', reviewsPerEntry: 1, judgeCapacity: 5, criteria: rubric },
      { name: 'R2', kind: 'review', reviewsPerEntry: 1, judgeCapacity: 5, criteria: rubric },
    ],
  });
  otherRound = other.rounds[1].id;
});
