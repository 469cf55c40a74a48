import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import {
  addToRound,
  declareConflict,
  type Entry,
  flat,
  type Judge,
  rubric,
  setupJudging,
  signedInOrganizer,
} from './reviews.fixtures.ts';

let clock = new Date('2026-09-10T09:00:00Z');
let t: TestApp;
let world: Awaited<ReturnType<typeof setupJudging>>;
let live: { id: string };
let finalists: Entry[];
let panel: Judge[];
let outsider: Judge;

beforeAll(async () => {
  t = await startTestApp({ now: () => clock, config: { LOGIN_RATE_LIMIT: 1000 } });
  world = await setupJudging(t, {
    entriesPerTrack: 2,
    judges: 7,
    rounds: [
      { name: 'Online preliminary', kind: 'review', reviewsPerEntry: 2, judgeCapacity: 10, criteria: rubric },
      {
        name: 'Final roadshow',
        kind: 'live',
        reviewsPerEntry: 5,
        judgeCapacity: 100,
        criteria: rubric,
        normalization: 'none',
      },
    ],
  });
  live = world.rounds[1];
  // Pitch order: the second AI entry first, then the first AI entry, then both medicine entries.
  finalists = [world.entries[1]!, world.entries[0]!, world.entries[2]!, world.entries[3]!];
  await addToRound(
    t,
    live.id,
    finalists.map((e) => e.id),
  );
  panel = world.judges.slice(0, 6);
  outsider = world.judges[6]!;
});
afterAll(async () => t?.close());

const liveUrl = () => `/api/v1/rounds/${live.id}/live`;

describe('the panel of a live round', () => {
  test('the organizer puts judges on the panel: one assignment per entry, declared conflicts left out', async () => {
    await declareConflict(t, world.competition.id, panel[5]!.id, finalists[3]!.id);
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.post(`/api/v1/rounds/${live.id}/panel`, {
      judgeIds: panel.map((j) => j.id),
    });
    expect(reply.status).toBe(201);
    expect(reply.body.created).toBe(6 * 4 - 1);
    expect(reply.body.skippedConflicts).toEqual([{ judgeId: panel[5]!.id, entryId: finalists[3]!.id }]);
    const rows = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from assignments where round_id = ${live.id} and source = 'panel'`,
    );
    expect(rows[0]!.n).toBe(23);
    // Again: nothing doubles.
    const again = await organizer.post(`/api/v1/rounds/${live.id}/panel`, {
      judgeIds: panel.map((j) => j.id),
    });
    expect(again.body.created).toBe(0);
    const [audit] = await t.db.execute<{ action: string }>(
      sql`select action from audit_log order by id desc limit 1`,
    );
    expect(audit!.action).toBe('live.panel_assigned');
  });

  test('a panel of one track covers only that track', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.post(`/api/v1/rounds/${live.id}/panel`, {
      judgeIds: [outsider.id],
      trackId: world.tracks[1].id,
    });
    expect(reply.status).toBe(201);
    expect(reply.body.created).toBe(2);
    // Undo, so the outsider stays off the panel for the tests below.
    await t.db.execute(sql`delete from assignments where judge_id = ${outsider.id}`);
  });

  test('bad panels are refused and store nothing', async () => {
    const organizer = await signedInOrganizer(t);
    const before = await countRows(t, 'assignments');
    const unknown = await organizer.post(`/api/v1/rounds/${live.id}/panel`, { judgeIds: ['not-a-judge'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('live.unknown_judge');
    expect((await organizer.post(`/api/v1/rounds/${live.id}/panel`, { judgeIds: [] })).status).toBe(400);
    const track = await organizer.post(`/api/v1/rounds/${live.id}/panel`, {
      judgeIds: [outsider.id],
      trackId: 'nope',
    });
    expect(track.body.error.code).toBe('live.unknown_track');
    const reviewRound = await organizer.post(`/api/v1/rounds/${world.rounds[0].id}/panel`, {
      judgeIds: [outsider.id],
    });
    expect(reviewRound.status).toBe(409);
    expect(reviewRound.body.error.code).toBe('live.not_live_round');
    expect(
      (await panel[0]!.agent.post(`/api/v1/rounds/${live.id}/panel`, { judgeIds: [panel[0]!.id] })).status,
    ).toBe(403);
    expect(await countRows(t, 'assignments')).toBe(before);
  });
});

describe("a live round is not a review round: judges' lists and reminders", () => {
  test("a panel judge's list says its entries are in a live round", async () => {
    const mine = await panel[0]!.agent.get('/api/v1/me/assignments');
    expect(mine.status).toBe(200);
    const onPanel = mine.body.items.filter((a: { roundId: string }) => a.roundId === live.id);
    expect(onPanel).toHaveLength(finalists.length);
    expect(new Set(onPanel.map((a: { roundKind: string }) => a.roundKind))).toEqual(new Set(['live']));
    const online = mine.body.items.filter((a: { roundId: string }) => a.roundId !== live.id);
    for (const a of online) expect(a.roundKind).toBe('review');
  });

  test('a reminder for a live round is refused with a sentence; nothing is recorded or mailed', async () => {
    const organizer = await signedInOrganizer(t);
    const counts = async () => ({
      reminders: await countRows(t, 'reminders'),
      mails: await countRows(t, 'mails'),
      audit: await countRows(t, 'audit_log'),
    });
    const before = await counts();
    for (const body of [{ late: true }, { judgeIds: [panel[0]!.id] }]) {
      const reply = await organizer.post(`/api/v1/rounds/${live.id}/reminders`, body);
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe('reviews.live_round_reminder');
      expect(reply.body.error.message).toBe(
        'Final roadshow is a live round: its judges score each pitch on the panel as it happens, so there are no reviews to remind them of. Reminders are for review rounds.',
      );
    }
    expect(await counts()).toEqual(before);
  });
});

describe('the pitch and its 8+7 timer', () => {
  test('before any pitch the board is empty; the organizer sees the line-up in pitch order', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.get(liveUrl());
    expect(reply.status).toBe(200);
    expect(reply.body.live).toMatchObject({
      entry: null,
      timerStartedAt: null,
      pitchSeconds: 480,
      questionSeconds: 420,
      mine: null,
      panel: [],
    });
    expect(reply.body.live.lineup.map((e: { id: string }) => e.id)).toEqual(finalists.map((e) => e.id));
    expect(reply.body.live.lineup[0]).toMatchObject({
      position: 1,
      scores: 0,
      panelSize: 6,
      trimmedMean: null,
    });
  });

  test('"next" calls the first pitch without starting the timer; "start" starts it; judges see both', async () => {
    const organizer = await signedInOrganizer(t);
    const next = await organizer.post(liveUrl(), { action: 'next' });
    expect(next.status).toBe(200);
    expect(next.body.live.entry.id).toBe(finalists[0]!.id);
    expect(next.body.live.timerStartedAt).toBeNull();
    const start = await organizer.post(liveUrl(), { action: 'start' });
    expect(start.body.live.timerStartedAt).toBe(clock.toISOString());
    const judgeView = await panel[0]!.agent.get(liveUrl());
    expect(judgeView.status).toBe(200);
    expect(judgeView.body.live).toMatchObject({
      entry: { id: finalists[0]!.id, title: finalists[0]!.title, position: 1 },
      timerStartedAt: clock.toISOString(),
      serverNow: clock.toISOString(),
      panel: null,
      lineup: null,
      mine: { status: 'assigned', review: null },
    });
    const actions = await t.db.execute<{ action: string }>(
      sql`select action from audit_log where action in ('live.next_pitch', 'live.pitch_started', 'live.timer_stopped') order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual(['live.next_pitch', 'live.pitch_started']);
  });

  test('each judge scores through the same review endpoint; the organizer sees who has scored', async () => {
    const totals = [9, 3, 6, 7, 8];
    for (const [i, total] of totals.entries()) {
      const view = await panel[i]!.agent.get(liveUrl());
      const reply = await panel[i]!.agent.put(
        `/api/v1/assignments/${view.body.live.mine.assignmentId}/review`,
        {
          scores: flat(total),
          comment: '',
          submit: true,
        },
      );
      expect(reply.status).toBe(200);
    }
    const organizer = await signedInOrganizer(t);
    const board = (await organizer.get(liveUrl())).body.live;
    const byJudge = new Map(board.panel.map((p: { judgeId: string }) => [p.judgeId, p]));
    expect(byJudge.get(panel[0]!.id)).toMatchObject({ status: 'submitted', total: 9 });
    expect(byJudge.get(panel[5]!.id)).toMatchObject({ status: 'assigned', total: null });
    // Five scores: the highest (9) and the lowest (3) are dropped: (6 + 7 + 8) / 3 = 7.
    expect(board.lineup[0]).toMatchObject({ id: finalists[0]!.id, scores: 5, trimmedMean: 7 });
    // A judge sees their own score, never the others'.
    const judgeView = (await panel[1]!.agent.get(liveUrl())).body.live;
    expect(judgeView.mine.review.total).toBe(3);
    expect(JSON.stringify(judgeView)).not.toContain(panel[0]!.name);
  });

  test('with fewer than five scores the entry score is the plain mean', async () => {
    const organizer = await signedInOrganizer(t);
    await organizer.post(liveUrl(), { action: 'next' });
    await organizer.post(liveUrl(), { action: 'start' });
    for (const [i, total] of [10, 2, 6].entries()) {
      const view = await panel[i]!.agent.get(liveUrl());
      expect(view.body.live.entry.id).toBe(finalists[1]!.id);
      await panel[i]!.agent.put(`/api/v1/assignments/${view.body.live.mine.assignmentId}/review`, {
        scores: flat(total),
        comment: '',
        submit: true,
      });
    }
    const board = (await organizer.get(liveUrl())).body.live;
    expect(board.lineup[1]).toMatchObject({ scores: 3, trimmedMean: 6 });
  });

  test('the timer stops; a pitch can be called out of order; after the last one "next" is refused', async () => {
    const organizer = await signedInOrganizer(t);
    clock = new Date(clock.getTime() + 60_000);
    const started = await organizer.post(liveUrl(), { action: 'start' });
    expect(started.body.live.timerStartedAt).toBe(clock.toISOString());
    const stopped = await organizer.post(liveUrl(), { action: 'stop' });
    expect(stopped.body.live.timerStartedAt).toBeNull();
    expect(stopped.body.live.entry.id).toBe(finalists[1]!.id);
    const jump = await organizer.post(liveUrl(), { action: 'next', entryId: finalists[3]!.id });
    expect(jump.body.live.entry.id).toBe(finalists[3]!.id);
    // Judge 6 declared a conflict with this entry: no assignment, so nothing to score.
    expect((await panel[5]!.agent.get(liveUrl())).body.live.mine).toBeNull();
    const last = await organizer.post(liveUrl(), { action: 'next' });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('live.last_pitch');
  });

  test('bad actions are refused and change nothing', async () => {
    const organizer = await signedInOrganizer(t);
    const before = (await organizer.get(liveUrl())).body.live;
    const notInRound = await organizer.post(liveUrl(), { action: 'start', entryId: 'elsewhere' });
    expect(notInRound.status).toBe(400);
    expect(notInRound.body.error.code).toBe('live.entry_not_in_round');
    expect((await organizer.post(liveUrl(), { action: 'dance' })).status).toBe(400);
    const reviewRound = await organizer.post(`/api/v1/rounds/${world.rounds[0].id}/live`, {
      action: 'start',
      entryId: world.entries[0]!.id,
    });
    expect(reviewRound.status).toBe(409);
    expect((await panel[0]!.agent.post(liveUrl(), { action: 'next' })).status).toBe(403);
    const after = (await organizer.get(liveUrl())).body.live;
    expect({ ...after, serverNow: '' }).toEqual({ ...before, serverNow: '' });
  });

  test("a panel judge's page lists the live round and what is pitching; others see none", async () => {
    const mineList = await panel[0]!.agent.get('/api/v1/me/live-rounds');
    expect(mineList.status).toBe(200);
    expect(mineList.body.items).toEqual([
      expect.objectContaining({
        roundId: live.id,
        roundName: 'Final roadshow',
        entryTitle: finalists[3]!.title,
      }),
    ]);
    expect((await outsider.agent.get('/api/v1/me/live-rounds')).body.items).toEqual([]);
  });

  test('a judge off the panel, a stranger or a team cannot watch the board', async () => {
    // A judge of the competition sees the round, so is refused with 403 (the one refusal rule of
    // the access module); a stranger learns nothing (404).
    expect((await outsider.agent.get(liveUrl())).status).toBe(403);
    const stranger = t.agent();
    await stranger.register('stranger@live.test');
    expect((await stranger.get(liveUrl())).status).toBe(404);
    expect((await t.agent().get(liveUrl())).status).toBe(401);
  });
});

describe('the scoring window of a pitch (issue 10, hole 12)', () => {
  const scoreCurrent = async (judge: Judge, total: number) => {
    const view = await judge.agent.get(liveUrl());
    return judge.agent.put(`/api/v1/assignments/${view.body.live.mine.assignmentId}/review`, {
      scores: flat(total),
      comment: '',
      submit: true,
    });
  };

  test('a panel judge cannot score an entry before its pitch starts', async () => {
    const organizer = await signedInOrganizer(t);
    const called = await organizer.post(liveUrl(), { action: 'next', entryId: finalists[2]!.id });
    expect(called.body.live.entry).toMatchObject({ id: finalists[2]!.id, scoring: 'waiting' });
    const early = await scoreCurrent(panel[0]!, 7);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('live.pitch_not_started');
    const stored = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from reviews r join assignments a on a.id = r.assignment_id
          where a.round_id = ${live.id} and a.entry_id = ${finalists[2]!.id}`,
    );
    expect(stored[0]!.n).toBe(0);
    const started = await organizer.post(liveUrl(), { action: 'start' });
    expect(started.body.live.entry.scoring).toBe('open');
    expect((await scoreCurrent(panel[0]!, 7)).status).toBe(200);
  });

  test('once the organizer closes a pitch its scores no longer change; reopening lets them', async () => {
    const organizer = await signedInOrganizer(t);
    const closed = await organizer.post(liveUrl(), { action: 'close' });
    expect(closed.status).toBe(200);
    expect(closed.body.live.entry.scoring).toBe('closed');
    const late = await scoreCurrent(panel[0]!, 2);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('live.scoring_closed');
    // A past pitch too: the first finalist's scores, given while it was open, stay as they were.
    const firstView = await panel[1]!.agent.get('/api/v1/me/assignments');
    expect(firstView.status).toBe(200);
    await organizer.post(liveUrl(), { action: 'close', entryId: finalists[0]!.id });
    const [past] = await t.db.execute<{ id: string }>(
      sql`select id from assignments where round_id = ${live.id} and entry_id = ${finalists[0]!.id} and judge_id = ${panel[1]!.id}`,
    );
    const changed = await panel[1]!.agent.put(`/api/v1/assignments/${past!.id}/review`, {
      scores: flat(10),
      comment: '',
      submit: true,
    });
    expect(changed.status).toBe(409);
    const reopened = await organizer.post(liveUrl(), { action: 'reopen' });
    expect(reopened.body.live.entry.scoring).toBe('open');
    expect((await scoreCurrent(panel[1]!, 6)).status).toBe(200);
    const audits = await t.db.execute<{ action: string }>(
      sql`select action from audit_log where action in ('live.scoring_closed', 'live.scoring_reopened') order by id`,
    );
    expect(audits.map((a) => a.action)).toEqual([
      'live.scoring_closed',
      'live.scoring_closed',
      'live.scoring_reopened',
    ]);
  });

  test('a pitch of a round past its closing time does not reopen, and the refusal names the time in the competition zone', async () => {
    const organizer = await signedInOrganizer(t);
    await organizer.post(liveUrl(), { action: 'close' });
    const [was] = await t.db.execute<{ at: string | null }>(
      sql`select closes_at::text as at from rounds where id = ${live.id}`,
    );
    await t.db.execute(sql`update rounds set closes_at = '2026-09-10T08:00:00Z' where id = ${live.id}`);
    try {
      const refused = await organizer.post(liveUrl(), { action: 'reopen' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('reviews.round_closed');
      expect(refused.body.error.message).toBe(
        'The round closed on 10 September 2026 at 16:00 (Asia/Shanghai time); reviews can no longer be changed.',
      );
    } finally {
      await t.db.execute(sql`update rounds set closes_at = ${was!.at}::timestamptz where id = ${live.id}`);
    }
  });

  test('after the results are published no score changes and no pitch reopens', async () => {
    const organizer = await signedInOrganizer(t);
    await t.db.execute(
      sql`update competitions set results_published_at = now() where id = ${world.competition.id}`,
    );
    const after = await scoreCurrent(panel[2]!, 8);
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('reviews.results_published');
    await organizer.post(liveUrl(), { action: 'close' });
    const reopen = await organizer.post(liveUrl(), { action: 'reopen' });
    expect(reopen.status).toBe(409);
    expect(reopen.body.error.code).toBe('reviews.results_published');
    await t.db.execute(
      sql`update competitions set results_published_at = null where id = ${world.competition.id}`,
    );
  });
});
