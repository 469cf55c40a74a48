import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { entries } from '../../server/src/modules/entries/entries.table.ts';
import { tallySnapshots } from '../../server/src/modules/tally/tally.table.ts';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
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
let round: { id: string };
let judges: Judge[];
let entryList: Entry[];
const assignmentOf = new Map<string, string>(); // `${entryId}:${judgeId}` → assignment id

/**
 * Six entries in two tracks, four judges, three reviews per entry. Judge D is harsh: two points
 * below the others on everything. Entry quality: 8, 7, 6 (track A) and 8, 5, 4 (track B).
 */
const quality = [8, 7, 6, 8, 5, 4];
const panelOf = (e: number) => [0, 1, 2, 3].filter((j) => j !== e % 4).slice(0, 3);

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { LOGIN_RATE_LIMIT: 1000 } });
  world = await setupJudging(t, {
    entriesPerTrack: 3,
    judges: 4,
    rounds: [
      { name: 'Online preliminary', kind: 'review', reviewsPerEntry: 3, judgeCapacity: 10, criteria: rubric },
      { name: 'Final', kind: 'live', reviewsPerEntry: 3, judgeCapacity: 10, criteria: rubric },
    ],
  });
  round = world.rounds[0];
  judges = world.judges;
  entryList = world.entries;
  // Entry 1's title would run as a formula in a spreadsheet.
  await t.db
    .update(entries)
    .set({ title: '=HYPERLINK("http://evil")' })
    .where(eq(entries.id, entryList[0]!.id));
  const pairs: Array<[Entry, Judge]> = entryList.flatMap((e, i) =>
    panelOf(i).map((j) => [e, judges[j]!] as [Entry, Judge]),
  );
  const ids = await assign(t, round.id, pairs);
  for (const [i, [e, j]] of pairs.entries()) assignmentOf.set(`${e.id}:${j.id}`, ids[i]!);
  for (const [i, e] of entryList.entries()) {
    for (const j of panelOf(i)) {
      const score = quality[i]! - (j === 3 ? 2 : 0);
      const reply = await judges[j]!.agent.put(
        `/api/v1/assignments/${assignmentOf.get(`${e.id}:${judges[j]!.id}`)}/review`,
        {
          scores: flat(score),
          comment: `Scored ${score}`,
          submit: true,
        },
      );
      expect(reply.status).toBe(200);
    }
  }
});
afterAll(async () => t?.close());

const tallyUrl = () => `/api/v1/rounds/${round.id}/tally`;
const resultsUrl = (query = '') => `/api/v1/rounds/${round.id}/results${query}`;

async function runTally(body: Record<string, unknown> = {}) {
  const organizer = await signedInOrganizer(t);
  const reply = await organizer.post(tallyUrl(), body);
  expect(reply.status).toBe(202);
  expect(reply.body.jobId).toMatch(/^tally-/);
  const job = await waitForJob(organizer, reply.body.jobId);
  expect(job.state).toBe('completed');
  return job.result as { snapshotId: string; inputHash: string; created: boolean };
}

describe('results before any tally', () => {
  test('GET results answers 404 with what to do', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.get(resultsUrl());
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatchObject({
      code: 'tally.no_snapshot',
      message: 'No tally yet: run the tally first.',
    });
    expect((await organizer.get(`/api/v1/rounds/${round.id}/results.csv`)).status).toBe(404);
  });
});

describe('the tally job', () => {
  let first: { snapshotId: string; inputHash: string };

  test('runs in the worker, reports progress, and stores a snapshot with the hash of its inputs', async () => {
    first = await runTally();
    expect(first.inputHash).toMatch(/^[0-9a-f]{64}$/);
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.get(resultsUrl());
    expect(reply.status).toBe(200);
    const { snapshot } = reply.body;
    expect(snapshot).toMatchObject({
      id: first.snapshotId,
      inputHash: first.inputHash,
      method: 'bias',
      cutoffPerTrack: 5,
      availableMethods: ['bias'],
    });
    expect(snapshot.entries).toHaveLength(6);
    const best = snapshot.entries.find((e: { entryId: string }) => e.entryId === entryList[0]!.id);
    expect(best).toMatchObject({
      title: '=HYPERLINK("http://evil")',
      teamName: expect.stringMatching(/^Team/),
      country: entryList[0]!.country,
      trackName: 'Artificial Intelligence',
      reviews: 3,
      trackRank: 1,
    });
    expect(best.interval).toHaveLength(2);
    // Entries 1 and 4 are equally good (8), but judge D (two points harsh) scored entry 1 only:
    // its raw mean trails by 2/3 of a point; the calibrated score lifts it back close to entry 4.
    const fourth = snapshot.entries.find((e: { entryId: string }) => e.entryId === entryList[3]!.id);
    expect(best.rawScore).toBeCloseTo(22 / 3, 6);
    expect(fourth.rawScore).toBeCloseTo(8, 6);
    expect(best.calibratedScore).toBeGreaterThan(best.rawScore);
    expect(Math.abs(fourth.calibratedScore - best.calibratedScore)).toBeLessThan(
      (fourth.rawScore - best.rawScore) / 2,
    );
    // Ranks follow the known quality within each track.
    const trackOrder = (trackId: string) =>
      snapshot.entries
        .filter((e: { trackId: string }) => e.trackId === trackId)
        .sort((a: { trackRank: number }, b: { trackRank: number }) => a.trackRank - b.trackRank)
        .map((e: { entryId: string }) => e.entryId);
    expect(trackOrder(world.tracks[0].id)).toEqual(entryList.slice(0, 3).map((e) => e.id));
    expect(trackOrder(world.tracks[1].id)).toEqual(entryList.slice(3).map((e) => e.id));
    // Judge statistics with names: D is the harsh one.
    const d = snapshot.judges.find((j: { judgeId: string }) => j.judgeId === judges[3]!.id);
    expect(d.name).toBe(judges[3]!.name);
    expect(d.severity).toBeLessThan(-1);
    expect(Math.min(...snapshot.judges.map((j: { severity: number }) => j.severity))).toBe(d.severity);
    expect(snapshot.reliability.map((r: { trackName: string }) => r.trackName).sort()).toEqual([
      'Artificial Intelligence',
      'Digital Medicine',
    ]);
    expect(snapshot.components).toEqual({ count: 1, sizes: [6] });
    const [audit] = await t.db.execute<{ action: string; entity_id: string }>(
      sql`select action, entity_id from audit_log where entity_type = 'tally_snapshot'`,
    );
    expect(audit).toMatchObject({ action: 'tally.computed', entity_id: first.snapshotId });
  });

  test('a re-run on the same inputs lands on the same, byte-identical snapshot row', async () => {
    const [before] = await t.db.select().from(tallySnapshots).where(eq(tallySnapshots.id, first.snapshotId));
    const again = await runTally();
    expect(again).toMatchObject({ snapshotId: first.snapshotId, inputHash: first.inputHash, created: false });
    const rows = await t.db.select().from(tallySnapshots);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.result).toBe(before!.result);
    expect(await countRows(t, 'tally_runs')).toBe(2);
    const actions = await t.db.execute<{ action: string }>(
      sql`select action from audit_log where entity_type = 'tally_snapshot' order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual(['tally.computed', 'tally.recomputed_unchanged']);
  });

  test('a changed review makes a new snapshot; changing it back makes the first one the latest again', async () => {
    const [e, j] = [entryList[2]!, judges[0]!];
    const id = assignmentOf.get(`${e.id}:${j.id}`)!;
    await j.agent.put(`/api/v1/assignments/${id}/review`, {
      scores: flat(10),
      comment: 'changed my mind',
      submit: true,
    });
    const changed = await runTally();
    expect(changed.created).toBe(true);
    expect(changed.inputHash).not.toBe(first.inputHash);
    const organizer = await signedInOrganizer(t);
    expect((await organizer.get(resultsUrl())).body.snapshot.id).toBe(changed.snapshotId);
    await j.agent.put(`/api/v1/assignments/${id}/review`, { scores: flat(6), comment: 'back', submit: true });
    const reverted = await runTally();
    expect(reverted).toMatchObject({ snapshotId: first.snapshotId, created: false });
    expect((await organizer.get(resultsUrl())).body.snapshot.id).toBe(first.snapshotId);
  });

  test('drafts do not count', async () => {
    // Judge B (index 1) sits out entry 6 (index 5); give them a draft there.
    const [extra] = await assign(t, round.id, [[entryList[5]!, judges[1]!]]);
    const draft = await judges[1]!.agent.put(`/api/v1/assignments/${extra}/review`, {
      scores: { innovation: 1 },
      comment: '',
      submit: false,
    });
    expect(draft.status).toBe(200);
    const result = await runTally();
    expect(result.snapshotId).toBe(first.snapshotId);
    const organizer = await signedInOrganizer(t);
    const snapshot = (await organizer.get(resultsUrl())).body.snapshot;
    expect(snapshot.entries.find((e: { entryId: string }) => e.entryId === entryList[5]!.id).reviews).toBe(3);
  });

  test('another method makes its own snapshot, chosen with ?method=; the round default stays', async () => {
    const organizer = await signedInOrganizer(t);
    const none = await organizer.get(resultsUrl('?method=zscore'));
    expect(none.status).toBe(404);
    expect(none.body.error.message).toBe(
      'No tally with the zscore method yet: run the tally with that method first.',
    );
    const z = await runTally({ method: 'zscore', cutoffPerTrack: 1 });
    expect(z.snapshotId).not.toBe(first.snapshotId);
    const zs = (await organizer.get(resultsUrl('?method=zscore'))).body.snapshot;
    expect(zs).toMatchObject({ method: 'zscore', cutoffPerTrack: 1, availableMethods: ['bias', 'zscore'] });
    expect((await organizer.get(resultsUrl())).body.snapshot.method).toBe('bias');
    const raw = (await organizer.get(resultsUrl('?method=none'))).status;
    expect(raw).toBe(404);
    expect((await organizer.get(resultsUrl('?method=median'))).status).toBe(400);
  });

  test('the CSV export has a header and one row per entry in rank order, formulas defused', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.get(`/api/v1/rounds/${round.id}/results.csv`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/csv/);
    expect(reply.headers['content-disposition']).toMatch(
      /attachment; filename="online-preliminary-results-bias\.csv"/,
    );
    const lines = String(reply.body).trim().split('\n');
    expect(lines[0]).toBe(
      'rank,track_rank,track,entry_id,title,team,country,raw_score,calibrated_score_bias,interval_low,interval_high,reviews,tie,close_call',
    );
    expect(lines).toHaveLength(7);
    const ranks = lines.slice(1).map((l) => Number(l.split(',')[0]));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks[0]).toBe(1);
    expect(String(reply.body)).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  test('a live round is tallied with the trimmed mean', async () => {
    const organizer = await signedInOrganizer(t);
    const live = world.rounds[1];
    await t.db.execute(
      sql`insert into round_entries (id, round_id, entry_id, source, position, pitch_started_at) values (gen_random_uuid()::text, ${live.id}, ${entryList[0]!.id}, 'advancement', 1, now())`,
    );
    const ids = await assign(
      t,
      live.id,
      judges.map((j) => [entryList[0]!, j] as [Entry, Judge]),
      'panel',
    );
    for (const [i, score] of [2, 6, 7, 9].entries()) {
      await judges[i]!.agent.put(`/api/v1/assignments/${ids[i]}/review`, {
        scores: flat(score),
        comment: '',
        submit: true,
      });
    }
    const reply = await organizer.post(`/api/v1/rounds/${live.id}/tally`, {});
    const job = await waitForJob(organizer, reply.body.jobId);
    expect(job.state).toBe('completed');
    const snapshot = (await organizer.get(`/api/v1/rounds/${live.id}/results`)).body.snapshot;
    // Four scores: the plain mean (the trim starts at five). A live round's method is always 'none'.
    expect(snapshot.method).toBe('none');
    expect(snapshot.warnings).toEqual([]);
    expect(snapshot.entries[0]).toMatchObject({ entryId: entryList[0]!.id, rawScore: 6, reviews: 4 });
  });
});

describe('who may tally and read results', () => {
  test('judges get 403 and strangers 404, for the tally, the results and the CSV; no job is queued', async () => {
    const stranger = t.agent();
    await stranger.register('stranger@tally.test');
    const runsBefore = await countRows(t, 'tally_runs');
    for (const [agent, status] of [
      [judges[0]!.agent, 403],
      [stranger, 404],
    ] as const) {
      expect((await agent.post(tallyUrl(), {})).status).toBe(status);
      const results = await agent.get(resultsUrl());
      expect(results.status).toBe(status);
      expect(JSON.stringify(results.body)).not.toContain('inputHash');
      expect((await agent.get(`/api/v1/rounds/${round.id}/results.csv`)).status).toBe(status);
    }
    expect((await t.agent().get(resultsUrl())).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await countRows(t, 'tally_runs')).toBe(runsBefore);
  });

  test('a bad tally request is refused', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.post(tallyUrl(), { cutoffPerTrack: 0 });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].path).toBe('cutoffPerTrack');
    expect((await organizer.post(tallyUrl(), { method: 'median' })).status).toBe(400);
    expect((await organizer.post('/api/v1/rounds/no-such-round/tally', {})).status).toBe(404);
  });
});
