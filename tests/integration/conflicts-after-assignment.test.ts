import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { assign, flat, rubric, setupJudging, waitForJob } from './reviews.fixtures.ts';

// Issue 10, holes 2 and 10: a conflict found after assignment ends the assignment (its slot refilled,
// its review out of every tally), every review write re-checks conflicts, and a conflicted judge
// learns nothing of the entry.
let t: TestApp;
let world: Awaited<ReturnType<typeof setupJudging>>;
let round: { id: string };

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { LOGIN_RATE_LIMIT: 1000 } });
  world = await setupJudging(t, {
    entriesPerTrack: 2,
    judges: 5,
    rounds: [
      {
        name: 'Online preliminary',
        kind: 'review',
        reviewsPerEntry: 2,
        judgeCapacity: 10,
        criteria: rubric,
        normalization: 'none',
      },
    ],
  });
  round = world.rounds[0];
});
afterAll(async () => t?.close());

const statusOf = async (assignmentId: string) =>
  (await t.db.execute<{ status: string }>(sql`select status from assignments where id = ${assignmentId}`))[0]
    ?.status;

describe('a conflict declared on an assigned pair', () => {
  test('ends the assignment, refills its slot, and the judge can no longer save or submit', async () => {
    const [entry] = world.entries;
    const [a, b] = world.judges;
    const [first] = await assign(t, round.id, [
      [entry!, a!],
      [entry!, b!],
    ]);
    const draft = await a!.agent.put(`/api/v1/assignments/${first}/review`, {
      scores: flat(7),
      comment: 'So far so good',
      submit: false,
    });
    expect(draft.status).toBe(200);

    const declared = await world.organizer.post(`/api/v1/competitions/${world.competition.id}/conflicts`, {
      judgeId: a!.id,
      entryId: entry!.id,
      reason: 'Advised the team last year',
    });
    expect(declared.status).toBe(201);
    expect(await statusOf(first!)).toBe('recused');
    const active = await t.db.execute<{ judge_id: string }>(
      sql`select judge_id from assignments where round_id = ${round.id} and entry_id = ${entry!.id} and status <> 'recused'`,
    );
    expect(active.map((r) => r.judge_id)).not.toContain(a!.id);
    expect(active).toHaveLength(2);
    const ended = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'assignment.ended_by_conflict' and entity_id = ${first}`,
    );
    expect(ended[0]!.n).toBe(1);

    const submit = await a!.agent.put(`/api/v1/assignments/${first}/review`, {
      scores: flat(9),
      comment: 'Submitting anyway',
      submit: true,
    });
    expect(submit.status).toBe(404);
    expect((await a!.agent.get(`/api/v1/assignments/${first}`)).status).toBe(404);
    const stored = await t.db.execute<{ status: string; comment: string }>(
      sql`select status, comment from reviews where assignment_id = ${first}`,
    );
    expect(stored[0]).toMatchObject({ status: 'draft', comment: 'So far so good' });
  });

  test('a submitted review of a pair declared conflicted afterwards counts in no tally', async () => {
    const entry = world.entries[1]!;
    const [c, d] = [world.judges[2]!, world.judges[3]!];
    const ids = await assign(t, round.id, [
      [entry, c],
      [entry, d],
    ]);
    for (const [i, judge] of [c, d].entries()) {
      const saved = await judge.agent.put(`/api/v1/assignments/${ids[i]}/review`, {
        scores: flat(i === 0 ? 2 : 8),
        comment: '',
        submit: true,
      });
      expect(saved.status).toBe(200);
    }
    const declared = await world.organizer.post(`/api/v1/competitions/${world.competition.id}/conflicts`, {
      judgeId: c.id,
      entryId: entry.id,
      reason: 'Shareholder',
    });
    expect(declared.status).toBe(201);
    expect(await statusOf(ids[0]!)).toBe('recused');

    const job = await world.organizer.post(`/api/v1/rounds/${round.id}/tally`, {});
    expect(job.status).toBe(202);
    expect((await waitForJob(world.organizer, job.body.jobId)).state).toBe('completed');
    const results = await world.organizer.get(`/api/v1/rounds/${round.id}/results`);
    const row = results.body.snapshot.entries.find((e: { entryId: string }) => e.entryId === entry.id);
    // Only judge D's 8 is left: the conflicted judge's 2 is out.
    expect(row).toMatchObject({ reviews: 1, rawScore: 8 });
  });

  test('a conflict detected after assignment (a changed organization) refuses the next write', async () => {
    const entry = world.entries[2]!;
    const judge = world.judges[4]!;
    const [id] = await assign(t, round.id, [[entry, judge]]);
    const first = await judge.agent.put(`/api/v1/assignments/${id}/review`, {
      scores: flat(5),
      comment: '',
      submit: false,
    });
    expect(first.status).toBe(200);
    const [team] = await t.db.execute<{ organization: string }>(
      sql`select t.organization from teams t join entries e on e.team_id = t.id where e.id = ${entry.id}`,
    );
    const moved = await world.organizer.patch(
      `/api/v1/competitions/${world.competition.id}/judges/${judge.id}`,
      { organization: team!.organization },
    );
    expect(moved.status).toBe(200);
    const again = await judge.agent.put(`/api/v1/assignments/${id}/review`, {
      scores: flat(6),
      comment: '',
      submit: true,
    });
    expect(again.status).toBe(404);
    const stored = await t.db.execute<{ status: string }>(
      sql`select status from reviews where assignment_id = ${id}`,
    );
    expect(stored[0]!.status).toBe('draft');
  });
});

describe("a conflicted judge's own list", () => {
  test('names no entry title, whoever declared the conflict', async () => {
    const entry = world.entries[3]!;
    const judge = world.judges[1]!;
    const [id] = await assign(t, round.id, [[entry, judge]]);
    const own = await judge.agent.post(`/api/v1/competitions/${world.competition.id}/conflicts`, {
      judgeId: judge.id,
      entryId: entry.id,
      reason: 'My former student',
    });
    expect(own.status).toBe(201);
    expect(await statusOf(id!)).toBe('recused');
    const byOrganizer = await world.organizer.post(`/api/v1/competitions/${world.competition.id}/conflicts`, {
      judgeId: judge.id,
      entryId: world.entries[0]!.id,
      reason: 'Co-founded a company with the team lead',
    });
    expect(byOrganizer.status).toBe(201);
    const list = await judge.agent.get(`/api/v1/competitions/${world.competition.id}/conflicts`);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
    const body = JSON.stringify(list.body);
    for (const e of world.entries) expect(body).not.toContain(e.title);
  });
});
