// Rounds end cleanly: the tally counts the reviews still missing and flags the entries ranked on
// fewer than they need; submissions close when the first round starts or awards are published.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { competitions } from '../../server/src/modules/competitions/competitions.table.ts';
import { type Agent, startTestApp, type TestApp } from '../support/app.ts';
import { teamBody } from './entries.fixtures.ts';
import { assign, flat, setupJudging, waitForJob } from './reviews.fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: true });
});
afterAll(async () => t?.close());

async function tally(organizer: Agent, roundId: string) {
  const run = await organizer.post(`/api/v1/rounds/${roundId}/tally`, {});
  expect(run.status).toBe(202);
  expect((await waitForJob(organizer, run.body.jobId)).state).toBe('completed');
  return (await organizer.get(`/api/v1/rounds/${roundId}/results`)).body.snapshot;
}

describe('missing reviews', () => {
  test('are counted before the tally, and an entry with 2 of 3 reviews is flagged in its results', async () => {
    const w = await setupJudging(t, { entriesPerTrack: 2, judges: 3 });
    const round = w.rounds[0]!;
    const pairs = w.entries.flatMap((e) => w.judges.map((j) => [e, j] as [typeof e, typeof j]));
    const ids = await assign(t, round.id, pairs);
    // Every review but judge C's on the first entry.
    for (const [i, [entry, judge]] of pairs.entries()) {
      if (entry === w.entries[0] && judge === w.judges[2]) continue;
      const saved = await judge.agent.put(`/api/v1/assignments/${ids[i]}/review`, {
        scores: flat(5 + (i % 4)),
        comment: '',
        submit: true,
      });
      expect(saved.status).toBe(200);
    }
    // An entry that no judge was given lacks all its reviews.
    const progress = await w.organizer.get(`/api/v1/rounds/${round.id}/progress`);
    expect(progress.body.missing).toEqual({ entries: 1, reviews: 1 });

    const snapshot = await tally(w.organizer, round.id);
    expect(snapshot.missing).toEqual({ entries: 1, reviews: 1 });
    const first = snapshot.entries.find((e: { entryId: string }) => e.entryId === w.entries[0]!.id);
    expect(first).toMatchObject({ reviews: 2, missingReviews: 1 });
    expect(
      snapshot.entries
        .filter((e: { missingReviews: number }) => e.missingReviews > 0)
        .map((e: { entryId: string }) => e.entryId),
    ).toEqual([w.entries[0]!.id]);

    // The last review arrives: the ranking still rests on two until the tally runs again.
    const last = pairs.findIndex(([e, j]) => e === w.entries[0] && j === w.judges[2]);
    await w.judges[2]!.agent.put(`/api/v1/assignments/${ids[last]}/review`, {
      scores: flat(6),
      comment: '',
      submit: true,
    });
    expect((await w.organizer.get(`/api/v1/rounds/${round.id}/progress`)).body.missing).toEqual({
      entries: 0,
      reviews: 0,
    });
    expect((await w.organizer.get(`/api/v1/rounds/${round.id}/results`)).body.snapshot.missing).toEqual({
      entries: 1,
      reviews: 1,
    });
    expect((await tally(w.organizer, round.id)).missing).toEqual({ entries: 0, reviews: 0 });
  });

  test('an entry nobody was assigned lacks all its reviews; judges read no counts', async () => {
    const w = await setupJudging(t, { entriesPerTrack: 1, judges: 3 });
    const round = w.rounds[0]!;
    await assign(
      t,
      round.id,
      w.judges.map((j) => [w.entries[0]!, j]),
    );
    const progress = await w.organizer.get(`/api/v1/rounds/${round.id}/progress`);
    // Two entries, three reviews each: none submitted, and the second entry has no judge at all.
    expect(progress.body.missing).toEqual({ entries: 2, reviews: 6 });
    const judge = await w.judges[0]!.agent.get(`/api/v1/rounds/${round.id}/progress`);
    expect(judge.status).toBe(403);
    expect(judge.body.missing).toBeUndefined();
  });
});

describe('submissions close', () => {
  test('when the first round starts: the deadline moves to that moment, audited, and teams get 409', async () => {
    const w = await setupJudging(t, { entriesPerTrack: 2, judges: 3 });
    const round = w.rounds[0]!;
    const team = t.agent();
    await team.register(`late-team-${Date.now()}@example.org`, 'Late team');
    const created = await team.post(`/api/v1/competitions/${w.competition.id}/teams`, teamBody());
    expect(created.status).toBe(201);
    const draft = await team.post(`/api/v1/competitions/${w.competition.id}/entries`, {
      teamId: created.body.team.id,
      trackId: w.tracks[0]!.id,
      title: 'Started before the round',
      summary: 'A draft.',
      description: '',
    });
    expect(draft.status).toBe(201);
    const before = Date.now();

    const run = await w.organizer.post(`/api/v1/rounds/${round.id}/assign`, {});
    expect((await waitForJob(w.organizer, run.body.jobId)).state).toBe('completed');

    const [row] = await t.db.select().from(competitions).where(eq(competitions.id, w.competition.id));
    expect(row!.submissionClosesAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row!.submissionClosesAt.getTime()).toBeLessThanOrEqual(Date.now());
    const edit = await team.patch(`/api/v1/entries/${draft.body.entry.id}`, { title: 'Too late' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('entries.deadline_passed');
    const another = await team.post(`/api/v1/competitions/${w.competition.id}/entries`, {
      teamId: created.body.team.id,
      trackId: w.tracks[0]!.id,
      title: 'Another one',
      summary: 'Too late.',
      description: '',
    });
    expect(another.status).toBe(409);
    const [audit] = await t.db.execute<{ n: number; after: { because: string } }>(
      sql`select count(*)::int as n, max(after::text)::jsonb as after from audit_log
          where competition_id = ${w.competition.id} and action = 'competition.submissions_closed'`,
    );
    expect(audit).toMatchObject({ n: 1, after: { because: 'first_round_started' } });

    // A second run changes nothing more.
    const again = await w.organizer.post(`/api/v1/rounds/${round.id}/assign`, {});
    expect((await waitForJob(w.organizer, again.body.jobId)).state).toBe('completed');
    const [same] = await t.db.select().from(competitions).where(eq(competitions.id, w.competition.id));
    expect(same!.submissionClosesAt).toEqual(row!.submissionClosesAt);
  });

  test('when awards are published, also with no round run', async () => {
    const w = await setupJudging(t, { entriesPerTrack: 1, judges: 1 });
    const award = await w.organizer.post(`/api/v1/competitions/${w.competition.id}/awards`, {
      name: 'Rising Star Award',
      kind: 'special',
      slots: 1,
    });
    expect(award.status).toBe(201);
    expect(
      (
        await w.organizer.put(`/api/v1/awards/${award.body.award.id}/winners`, [
          { entryId: w.entries[0]!.id, citation: 'Bright.' },
        ])
      ).status,
    ).toBe(200);
    const [open] = await t.db.select().from(competitions).where(eq(competitions.id, w.competition.id));
    expect(open!.submissionClosesAt.getTime()).toBeGreaterThan(Date.now());
    expect((await w.organizer.post(`/api/v1/competitions/${w.competition.id}/publish`, {})).status).toBe(200);
    const [closed] = await t.db
      .select()
      .from(competitions)
      .where(and(eq(competitions.id, w.competition.id)));
    expect(closed!.submissionClosesAt.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('a judge declares their own conflict from their list', () => {
  test('with a kind: the assignment ends, the slot is refilled, audited, and the entry leaves the list', async () => {
    const w = await setupJudging(t, { entriesPerTrack: 1, judges: 4 });
    const round = w.rounds[0]!;
    const entry = w.entries[0]!;
    const [a, b, c] = w.judges;
    const [mine] = await assign(t, round.id, [
      [entry, a!],
      [entry, b!],
      [entry, c!],
    ]);
    const list = (await a!.agent.get('/api/v1/me/assignments')).body.items;
    const item = list.find((i: { id: string }) => i.id === mine);
    expect(item.judgeId).toBe(a!.id);

    const declared = await a!.agent.post(`/api/v1/competitions/${w.competition.id}/conflicts`, {
      judgeId: item.judgeId,
      entryId: entry.id,
      kind: 'relationship',
      reason: 'My cousin founded the team',
    });
    expect(declared.status).toBe(201);
    const [row] = await t.db.execute<{ source: string; reason: string }>(
      sql`select source, reason from conflicts where judge_id = ${a!.id} and entry_id = ${entry.id}`,
    );
    expect(row).toEqual({ source: 'judge', reason: 'Personal relationship: My cousin founded the team' });
    const active = await t.db.execute<{ judge_id: string }>(
      sql`select judge_id from assignments where round_id = ${round.id} and entry_id = ${entry.id} and status <> 'recused'`,
    );
    expect(active.map((r) => r.judge_id).sort()).toEqual([b!.id, c!.id, w.judges[3]!.id].sort());
    const audits = await t.db.execute<{ action: string }>(
      sql`select action from audit_log where competition_id = ${w.competition.id} and action in ('conflict.declared', 'assignment.ended_by_conflict', 'assignment.reassigned') order by action`,
    );
    expect(audits.map((r) => r.action)).toEqual([
      'assignment.ended_by_conflict',
      'assignment.reassigned',
      'conflict.declared',
    ]);
    expect(
      (await a!.agent.get('/api/v1/me/assignments')).body.items.map((i: { id: string }) => i.id),
    ).not.toContain(mine);
  });

  test('a bad kind is a 400 and stores nothing; another judge or an unassigned entry reveals nothing', async () => {
    const w = await setupJudging(t, { entriesPerTrack: 1, judges: 2 });
    const [entry, other] = w.entries;
    const [a, b] = w.judges;
    await assign(t, w.rounds[0]!.id, [[entry!, a!]]);
    const count = async () =>
      (
        await t.db.execute<{ n: number }>(
          sql`select count(*)::int as n from conflicts where judge_id in (${a!.id}, ${b!.id})`,
        )
      )[0]!.n;
    const bad = await a!.agent.post(`/api/v1/competitions/${w.competition.id}/conflicts`, {
      judgeId: a!.id,
      entryId: entry!.id,
      kind: 'grudge',
      reason: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.some((d: { path: string }) => d.path === 'kind')).toBe(true);
    // For another judge: refused.
    const forOther = await a!.agent.post(`/api/v1/competitions/${w.competition.id}/conflicts`, {
      judgeId: b!.id,
      entryId: entry!.id,
      kind: 'other',
      reason: '',
    });
    expect(forOther.status).toBe(403);
    // An entry the judge is not assigned: as if it did not exist.
    const unseen = await a!.agent.post(`/api/v1/competitions/${w.competition.id}/conflicts`, {
      judgeId: a!.id,
      entryId: other!.id,
      kind: 'other',
      reason: '',
    });
    expect(unseen.status).toBe(404);
    expect(JSON.stringify(unseen.body)).not.toContain(other!.title);
    expect(await count()).toBe(0);
  });
});
