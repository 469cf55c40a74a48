import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assignments } from '../../server/src/modules/assignment/assignment.table.ts';
import { conflicts, judges } from '../../server/src/modules/judges/judges.table.ts';
import { reviews } from '../../server/src/modules/reviews/reviews.table.ts';
import { type Agent, countRows, startTestApp, type TestApp } from '../support/app.ts';
import {
  acceptAsJudge,
  addEntry,
  addJudge,
  assignableCompetition,
  runAssignment,
  signedInOrganizer,
  waitForJob,
} from './assignment.fixtures.ts';

let t: TestApp;
let office: Agent;
beforeAll(async () => {
  t = await startTestApp({ worker: true });
  office = await signedInOrganizer(t);
});
afterAll(async () => t?.close());

type Row = { id: string; entryId: string; judgeId: string; status: string; affinity: number; source: string };

const assignmentsOf = async (roundId: string): Promise<Row[]> => {
  const reply = await office.get(`/api/v1/rounds/${roundId}/assignments`);
  expect(reply.status).toBe(200);
  return reply.body.items;
};
const active = (rows: Row[]) => rows.filter((r) => r.status !== 'recused');

/** The hard rules of PRODUCT.md, checked on what the API answers. */
function expectHardRules(
  rows: Row[],
  {
    entryIds,
    reviewsPerEntry,
    capacity,
    conflicted,
  }: { entryIds: string[]; reviewsPerEntry: number; capacity: Map<string, number>; conflicted: Set<string> },
) {
  const live = active(rows);
  for (const entryId of entryIds) {
    const judgesOf = live.filter((r) => r.entryId === entryId).map((r) => r.judgeId);
    expect(judgesOf).toHaveLength(reviewsPerEntry);
    expect(new Set(judgesOf).size).toBe(reviewsPerEntry);
  }
  const load = new Map<string, number>();
  for (const r of live) load.set(r.judgeId, (load.get(r.judgeId) ?? 0) + 1);
  for (const [judgeId, n] of load) expect(n).toBeLessThanOrEqual(capacity.get(judgeId)!);
  for (const r of live) expect(conflicted.has(`${r.judgeId}|${r.entryId}`)).toBe(false);
}

/** Four judges over two tracks, two of them sharing an organization with one team. */
async function fourJudges(options: { entriesPerTrack?: number; judgeCapacity?: number } = {}) {
  const setup = await assignableCompetition(t, office, {
    entriesPerTrack: options.entriesPerTrack ?? 3,
    reviewsPerEntry: 2,
    judgeCapacity: options.judgeCapacity ?? 4,
    judges: [
      { name: 'Ada AI', organization: 'Helix Labs', expertise: [0] },
      { name: 'Ben AI', organization: 'Orbit Capital', expertise: [0, 1] },
      { name: 'Cai Med', organization: 'West Hospital', expertise: [1] },
      { name: 'Dee Med', organization: 'Jade Clinic', expertise: [1, 0] },
    ],
  });
  // One team shares Ada's organization: a detected conflict the run must avoid.
  const conflictedEntry = await addEntry(t, setup.competition.id, {
    trackId: setup.tracks[0]!.id,
    organization: 'HELIX labs',
    title: 'Conflicted project',
  });
  return { ...setup, entries: [...setup.entries, conflictedEntry], conflictedEntry };
}

describe('the assignment job', () => {
  test('covers every entry exactly, respects capacities and conflicts, reports progress, and a re-run changes nothing', async () => {
    const s = await fourJudges();
    const job = await runAssignment(office, s.round.id);
    expect(job.state).toBe('completed');
    expect(job.progress).toBe(100);
    expect(job.result).toMatchObject({
      roundId: s.round.id,
      coverage: { entries: 7, fullyCovered: 7, slotsNeeded: 14, slotsFilled: 14 },
      conflictsAvoided: 1,
      locked: 0,
      changes: { inserted: 14, deleted: 0, kept: 0, freed: 0 },
    });
    expect(job.result.tracks.map((tr: { name: string }) => tr.name)).toEqual([
      'Artificial Intelligence',
      'Digital Medicine',
    ]);
    expect(job.result.objective.totalAffinity).toBeGreaterThan(0);

    const rows = await assignmentsOf(s.round.id);
    const ada = s.judges[0]!.judge.id;
    expectHardRules(rows, {
      entryIds: s.entries.map((e) => e.id),
      reviewsPerEntry: 2,
      capacity: new Map(s.judges.map((j) => [j.judge.id, 4])),
      conflicted: new Set([`${ada}|${s.conflictedEntry.id}`]),
    });
    // Affinity as PRODUCT.md defines it: 2 on the judge's first track, 1 on another, 0 elsewhere.
    const expertise = new Map(s.judges.map((j, i) => [j.judge.id, [[0], [0, 1], [1], [1, 0]][i]!]));
    const trackIndex = new Map(s.entries.map((e) => [e.id, s.tracks.findIndex((tr) => tr.id === e.trackId)]));
    for (const r of rows) {
      const list = expertise.get(r.judgeId)!;
      const pos = list.indexOf(trackIndex.get(r.entryId)!);
      expect(r.affinity).toBe(pos === 0 ? 2 : pos > 0 ? 1 : 0);
      expect(r.source).toBe('solver');
    }

    const again = await runAssignment(office, s.round.id);
    expect(again.state).toBe('completed');
    expect(again.result.changes).toEqual({ inserted: 0, deleted: 0, kept: 14, freed: 0 });
    const rerun = await assignmentsOf(s.round.id);
    expect(rerun.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(rerun).toEqual(rows);

    const audit = await office.get(`/api/v1/competitions/${s.competition.id}/audit`);
    expect(audit.body.items.filter((a: { action: string }) => a.action === 'assignment.run')).toHaveLength(2);
  });

  test('two clicks run once: the second answers the same job', async () => {
    const s = await fourJudges();
    const first = await office.post(`/api/v1/rounds/${s.round.id}/assign`);
    const second = await office.post(`/api/v1/rounds/${s.round.id}/assign`);
    expect(first.status).toBe(202);
    expect(second.body.jobId).toBe(first.body.jobId);
    expect((await waitForJob(office, first.body.jobId)).state).toBe('completed');
  });

  test('keeps assignments whose review has started, and frees one whose pair became conflicted', async () => {
    const s = await fourJudges();
    await runAssignment(office, s.round.id);
    const before = await assignmentsOf(s.round.id);
    // Started: kept as it is even after its judge loses the expertise that earned it.
    const started = before.find((r) => r.affinity === 2)!;
    await t.db.update(assignments).set({ status: 'started' }).where(eq(assignments.id, started.id));
    await office.patch(`/api/v1/competitions/${s.competition.id}/judges/${started.judgeId}`, {
      expertise: [],
    });
    // Submitted, then conflicted by the organizer: the slot is freed, the review kept on record.
    // Not Ada's: moving her would also end her detected conflict with the Helix team.
    const ada = s.judges[0]!.judge.id;
    const submitted = before.find(
      (r) => r.id !== started.id && r.judgeId !== started.judgeId && r.judgeId !== ada,
    )!;
    await t.db.update(assignments).set({ status: 'submitted' }).where(eq(assignments.id, submitted.id));
    await t.db
      .insert(reviews)
      .values({ assignmentId: submitted.id, status: 'submitted', submittedAt: new Date() });
    // A tie found after assignment, by detection: the judge moves to the team's organization. (A
    // declared conflict ends the assignment at once; see conflicts-after-assignment.test.ts.)
    const [team] = await t.db.execute<{ organization: string }>(
      sql`select t.organization from teams t join entries e on e.team_id = t.id where e.id = ${submitted.entryId}`,
    );
    await office.patch(`/api/v1/competitions/${s.competition.id}/judges/${submitted.judgeId}`, {
      organization: team!.organization,
    });

    const job = await runAssignment(office, s.round.id);
    expect(job.state).toBe('completed');
    expect(job.result.locked).toBe(1);
    expect(job.result.changes.freed).toBe(1);
    const after = await assignmentsOf(s.round.id);
    expect(after.find((r) => r.id === started.id)).toMatchObject({
      status: 'started',
      judgeId: started.judgeId,
      entryId: started.entryId,
    });
    expect(after.find((r) => r.id === submitted.id)).toMatchObject({ status: 'recused' });
    expect(await t.db.select().from(reviews).where(eq(reviews.assignmentId, submitted.id))).toHaveLength(1);
    expectHardRules(after, {
      entryIds: s.entries.map((e) => e.id),
      reviewsPerEntry: 2,
      capacity: new Map(s.judges.map((j) => [j.judge.id, 4])),
      conflicted: new Set([
        `${s.judges[0]!.judge.id}|${s.conflictedEntry.id}`,
        `${submitted.judgeId}|${submitted.entryId}`,
      ]),
    });
  });

  test('an infeasible round fails with a diagnosis that names the track', async () => {
    const s = await assignableCompetition(t, office, {
      tracks: ['Artificial Intelligence', 'Digital Medicine'],
      entriesPerTrack: 2,
      reviewsPerEntry: 2,
      judgeCapacity: 10,
      judges: [
        { organization: 'Apollo Hospitals', expertise: [1] },
        { organization: 'Apollo Hospitals', expertise: [1] },
        { organization: 'Free Agent Ltd', expertise: [0] },
      ],
    });
    // Every medicine team is from Apollo: only one judge is left for those entries, and they need two.
    const medicine = s.tracks[1]!;
    const blocked: Array<{ id: string }> = [];
    for (let i = 0; i < 2; i++) {
      blocked.push(
        await addEntry(t, s.competition.id, {
          trackId: medicine.id,
          organization: 'Apollo Hospitals',
          title: `Apollo spin-off ${i + 1}`,
        }),
      );
    }
    const before = await countRows(t, 'assignments');
    const job = await runAssignment(office, s.round.id);
    expect(job.state).toBe('failed');
    expect(job.error).toEqual(expect.any(String));
    expect(job.error.length).toBeGreaterThan(10);
    expect(await countRows(t, 'assignments')).toBe(before);

    const summary = await office.get(`/api/v1/rounds/${s.round.id}/assignment-summary`);
    expect(summary.status).toBe(200);
    const { lastRun } = summary.body.summary;
    expect(lastRun).toMatchObject({ jobId: expect.any(String), state: 'failed' });
    expect(lastRun.diagnosis.tracks.map((tr: { trackId: string }) => tr.trackId)).toContain(medicine.id);
    expect(lastRun.diagnosis.tracks.find((tr: { trackId: string }) => tr.trackId === medicine.id).name).toBe(
      'Digital Medicine',
    );
    const named = lastRun.diagnosis.entries.map((e: { entryId: string }) => e.entryId);
    for (const entry of blocked) expect(named).toContain(entry.id);
    expect(
      lastRun.diagnosis.entries.find((e: { entryId: string }) => e.entryId === blocked[0]!.id),
    ).toMatchObject({
      title: 'Apollo spin-off 1',
      trackId: medicine.id,
      needed: 2,
    });
  });

  test('a round without entries fails with a message; only organizers may run it', async () => {
    const s = await assignableCompetition(t, office, { entriesPerTrack: 0, judges: [{}] });
    const job = await runAssignment(office, s.round.id);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/no entries/);

    const judgeAgent = await acceptAsJudge(t, s.judges[0]!.invitationUrl);
    expect((await judgeAgent.post(`/api/v1/rounds/${s.round.id}/assign`)).status).toBe(403);
    const stranger = t.agent();
    await stranger.register(`assign-stranger${Date.now()}@example.org`);
    expect((await stranger.post(`/api/v1/rounds/${s.round.id}/assign`)).status).toBe(404);
    expect((await stranger.get(`/api/v1/rounds/${s.round.id}/assignments`)).status).toBe(404);
    expect((await judgeAgent.get(`/api/v1/rounds/${s.round.id}/assignments`)).status).toBe(403);
    expect((await judgeAgent.get(`/api/v1/rounds/${s.round.id}/assignment-summary`)).status).toBe(403);
    expect((await office.post('/api/v1/rounds/no-such-round/assign')).status).toBe(404);
  });
});

describe('the summary', () => {
  test('reads coverage per track, load per judge with capacity, the affinity histogram and conflicts avoided', async () => {
    const s = await fourJudges();
    const empty = await office.get(`/api/v1/rounds/${s.round.id}/assignment-summary`);
    expect(empty.body.summary).toMatchObject({
      coverage: { entries: 7, fullyCovered: 0, slotsNeeded: 14, slotsFilled: 0 },
      lastRun: null,
    });
    await runAssignment(office, s.round.id);
    const { summary } = (await office.get(`/api/v1/rounds/${s.round.id}/assignment-summary`)).body;
    expect(summary.coverage).toEqual({ entries: 7, fullyCovered: 7, slotsNeeded: 14, slotsFilled: 14 });
    expect(summary.tracks).toHaveLength(2);
    expect(summary.judges).toHaveLength(4);
    expect(summary.judges.reduce((n: number, j: { load: number }) => n + j.load, 0)).toBe(14);
    for (const j of summary.judges) expect(j.capacity).toBe(4);
    expect(summary.affinityHistogram.reduce((n: number, h: { count: number }) => n + h.count, 0)).toBe(14);
    expect(summary.conflictsAvoided).toBe(1);
    expect(summary.conflictedAssignments).toBe(0);
    expect(summary.entries.every((e: { assigned: number; needed: number }) => e.assigned === e.needed)).toBe(
      true,
    );
    expect(summary.lastRun).toMatchObject({ state: 'completed', diagnosis: null });
  });
});

describe('recusal', () => {
  test('frees that one slot, records the conflict, and gives the slot to another judge', async () => {
    const s = await fourJudges({ judgeCapacity: 5 });
    await runAssignment(office, s.round.id);
    const before = await assignmentsOf(s.round.id);
    const judge = s.judges[1]!;
    const mine = before.find((r) => r.judgeId === judge.judge.id)!;
    const judgeAgent = await acceptAsJudge(t, judge.invitationUrl);

    const otherJudge = await acceptAsJudge(t, s.judges[2]!.invitationUrl);
    expect(
      (await otherJudge.post(`/api/v1/assignments/${mine.id}/recuse`, { reason: 'Not mine' })).status,
    ).toBe(404);
    expect((await office.post(`/api/v1/assignments/${mine.id}/recuse`, { reason: 'Not mine' })).status).toBe(
      404,
    );
    expect((await judgeAgent.post(`/api/v1/assignments/${mine.id}/recuse`, { reason: '' })).status).toBe(400);
    expect(await assignmentsOf(s.round.id)).toEqual(before);

    const reply = await judgeAgent.post(`/api/v1/assignments/${mine.id}/recuse`, {
      reason: 'I advise this team',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ assignment: { id: mine.id, status: 'recused' }, reassigned: true });
    const after = await assignmentsOf(s.round.id);
    expect(after.find((r) => r.id === mine.id)!.status).toBe('recused');
    const added = after.filter((r) => !before.some((b) => b.id === r.id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ entryId: mine.entryId, status: 'assigned' });
    expect(added[0]!.judgeId).not.toBe(judge.judge.id);
    // Everything else is as it was.
    expect(after.filter((r) => r.id !== mine.id && r.id !== added[0]!.id)).toEqual(
      before.filter((r) => r.id !== mine.id),
    );
    const recorded = await t.db
      .select()
      .from(conflicts)
      .where(and(eq(conflicts.judgeId, judge.judge.id), eq(conflicts.entryId, mine.entryId)));
    expect(recorded).toMatchObject([{ source: 'recusal', reason: 'I advise this team' }]);
    expect((await judgeAgent.post(`/api/v1/assignments/${mine.id}/recuse`, { reason: 'again' })).status).toBe(
      409,
    );

    // A re-run keeps the recusal: the pair is a conflict now.
    const rerunJob = await runAssignment(office, s.round.id);
    expect(rerunJob.error ?? rerunJob.state).toBe('completed');
    const rerun = await assignmentsOf(s.round.id);
    expect(active(rerun).some((r) => r.judgeId === judge.judge.id && r.entryId === mine.entryId)).toBe(false);
  });

  test('when nobody is free, says so and leaves the slot open for the organizers', async () => {
    // Three entries, two judges each, three judges of capacity two: every judge ends up full.
    const s = await assignableCompetition(t, office, {
      entriesPerTrack: 1,
      reviewsPerEntry: 2,
      judgeCapacity: 2,
      judges: [{ expertise: [0] }, { expertise: [1] }, {}],
    });
    await addEntry(t, s.competition.id, { trackId: s.tracks[0]!.id });
    const job = await runAssignment(office, s.round.id);
    expect(job.state).toBe('completed');
    const rows = await assignmentsOf(s.round.id);
    const judgeAgent = await acceptAsJudge(t, s.judges[0]!.invitationUrl);
    const mine = rows.find((r) => r.judgeId === s.judges[0]!.judge.id)!;
    const reply = await judgeAgent.post(`/api/v1/assignments/${mine.id}/recuse`, { reason: 'Conflict' });
    expect(reply.status).toBe(200);
    expect(reply.body.reassigned).toBe(false);
    expect(reply.body.message).toMatch(/organizers/);
    expect(await countRows(t, 'assignments')).toBeGreaterThanOrEqual(rows.length);
    const { summary } = (await office.get(`/api/v1/rounds/${s.round.id}/assignment-summary`)).body;
    expect(summary.coverage.slotsFilled).toBe(summary.coverage.slotsNeeded - 1);
    expect(summary.entries.find((e: { entryId: string }) => e.entryId === mine.entryId)).toMatchObject({
      assigned: 1,
      needed: 2,
    });
  });
});

describe('hand edits', () => {
  test('an organizer adds a pair; conflicted, over capacity, duplicate and off-round pairs are 409s; bad input 400; nothing stored', async () => {
    const s = await fourJudges({ judgeCapacity: 2 });
    const url = `/api/v1/rounds/${s.round.id}/assignments`;
    const [ada, ben] = [s.judges[0]!.judge.id, s.judges[1]!.judge.id];
    const entry = s.entries[0]!;
    const added = await office.post(url, { entryId: entry.id, judgeId: ada });
    expect(added.status).toBe(201);
    expect(added.body.assignment).toMatchObject({
      entryId: entry.id,
      judgeId: ada,
      status: 'assigned',
      source: 'manual',
      affinity: 2,
    });

    const draft = await addEntry(t, s.competition.id, { trackId: s.tracks[0]!.id, status: 'draft' });
    const before = await countRows(t, 'assignments');
    const refusals = [
      [{ entryId: entry.id, judgeId: ada }, 'assignments.duplicate'],
      [{ entryId: s.conflictedEntry.id, judgeId: ada }, 'assignments.conflicted'],
      [{ entryId: draft.id, judgeId: ben }, 'assignments.entry_not_in_round'],
    ] as const;
    for (const [body, code] of refusals) {
      const reply = await office.post(url, body);
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe(code);
    }
    await office.post(url, { entryId: s.entries[1]!.id, judgeId: ada });
    const full = await office.post(url, { entryId: s.entries[2]!.id, judgeId: ada });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('assignments.over_capacity');
    expect((await office.post(url, { entryId: entry.id })).status).toBe(400);
    expect((await office.post(url, { entryId: entry.id, judgeId: 'nobody' })).status).toBe(404);
    expect(await countRows(t, 'assignments')).toBe(before + 1);

    const judgeAgent = await acceptAsJudge(t, s.judges[1]!.invitationUrl);
    expect((await judgeAgent.post(url, { entryId: s.entries[3]!.id, judgeId: ben })).status).toBe(403);
    expect(await countRows(t, 'assignments')).toBe(before + 1);
  });

  test('an organizer removes one; a submitted review needs force=true; others get 404', async () => {
    const s = await fourJudges();
    await runAssignment(office, s.round.id);
    const [first, second] = await assignmentsOf(s.round.id);
    const judgeAgent = await acceptAsJudge(t, s.judges[0]!.invitationUrl);
    expect((await judgeAgent.delete(`/api/v1/assignments/${first!.id}`)).status).toBe(404);
    expect((await office.delete(`/api/v1/assignments/${first!.id}`)).status).toBe(204);
    expect((await office.delete(`/api/v1/assignments/${first!.id}`)).status).toBe(404);

    await t.db.update(assignments).set({ status: 'submitted' }).where(eq(assignments.id, second!.id));
    const refused = await office.delete(`/api/v1/assignments/${second!.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('assignments.review_submitted');
    expect((await office.delete(`/api/v1/assignments/${second!.id}?force=maybe`)).status).toBe(400);
    expect((await office.delete(`/api/v1/assignments/${second!.id}?force=true`)).status).toBe(204);
    const audit = await office.get(`/api/v1/competitions/${s.competition.id}/audit`);
    expect(
      audit.body.items.filter((a: { action: string }) => a.action === 'assignment.removed'),
    ).toHaveLength(2);
  });
});

describe("a judge's view", () => {
  test('lists only their own entries with review status, and opens only their own assignment', async () => {
    const s = await fourJudges();
    await runAssignment(office, s.round.id);
    const rows = await assignmentsOf(s.round.id);
    const ben = s.judges[1]!;
    const benAgent = await acceptAsJudge(t, ben.invitationUrl);
    const mine = rows.filter((r) => r.judgeId === ben.judge.id);
    const list = await benAgent.get('/api/v1/me/assignments');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id).sort()).toEqual(mine.map((r) => r.id).sort());
    const first = list.body.items[0];
    expect(first).toMatchObject({
      status: 'assigned',
      competitionId: s.competition.id,
      // Dates on the judge's page read in the competition's zone, not the judge's device's.
      competitionTimezone: s.competition.timezone,
      roundId: s.round.id,
      roundName: 'Online preliminary',
      entry: { title: expect.any(String), summary: expect.any(String), trackName: expect.any(String) },
      review: null,
    });
    expect(JSON.stringify(list.body)).not.toMatch(/organization|email/);

    // A draft review shows on the list and in the detail, scores keyed by criterion.
    await t.db.update(assignments).set({ status: 'started' }).where(eq(assignments.id, first.id));
    await t.db.insert(reviews).values({ assignmentId: first.id, comment: 'Promising', status: 'draft' });
    const detail = await benAgent.get(`/api/v1/assignments/${first.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.assignment).toMatchObject({
      id: first.id,
      status: 'started',
      competitionTimezone: s.competition.timezone,
      entry: {
        id: first.entry.id,
        files: [],
        team: { name: expect.any(String), country: expect.any(String) },
      },
      review: { status: 'draft', comment: 'Promising', scores: {} },
    });
    expect(detail.body.assignment.rubric.map((c: { key: string }) => c.key)).toEqual([
      'innovation',
      'market',
      'team',
    ]);
    expect(
      (await benAgent.get('/api/v1/me/assignments')).body.items.find((i: { id: string }) => i.id === first.id)
        .review,
    ).toMatchObject({
      status: 'draft',
    });

    const notMine = rows.find((r) => r.judgeId !== ben.judge.id)!;
    expect((await benAgent.get(`/api/v1/assignments/${notMine.id}`)).status).toBe(404);
    expect((await office.get(`/api/v1/assignments/${first.id}`)).status).toBe(404);
    expect((await office.get('/api/v1/me/assignments')).body.items).toEqual([]);
    expect((await t.agent().get('/api/v1/me/assignments')).status).toBe(401);

    // After a recusal the entry leaves the judge's list and opens no more.
    await benAgent.post(`/api/v1/assignments/${first.id}/recuse`, { reason: 'Stepping aside' }).then((r) => {
      // A started review may be recused; only a submitted one may not.
      expect(r.status).toBe(200);
    });
    expect((await benAgent.get(`/api/v1/assignments/${first.id}`)).status).toBe(404);
    expect(
      (await benAgent.get('/api/v1/me/assignments')).body.items.map((i: { id: string }) => i.id),
    ).not.toContain(first.id);
  });
});

describe('the demo competition', () => {
  test('is assignable out of the box', async () => {
    const { seedDemo } = await import('../../server/src/modules/demo/demo.seed.ts');
    const { hashPassword } = await import('../../server/src/modules/users/users.service.ts');
    const me = (await office.get('/api/v1/auth/me')).body.user;
    const seeded = await seedDemo({
      db: t.db,
      organizerId: me.id,
      passwordHash: await hashPassword('demo-password-1'),
    });
    const rounds = (await office.get(`/api/v1/competitions/${seeded.competitionId}/rounds`)).body.items;
    const job = await runAssignment(office, rounds[0].id);
    expect(job.state).toBe('completed');
    expect(job.result.coverage.fullyCovered).toBe(job.result.coverage.entries);
    const judgeRows = await t.db.select().from(judges).where(eq(judges.competitionId, seeded.competitionId));
    expect(judgeRows.length).toBeGreaterThanOrEqual(12);
  });
});

test('adding a judge later does not disturb a finished run until the next one', async () => {
  const s = await fourJudges();
  await runAssignment(office, s.round.id);
  const before = await assignmentsOf(s.round.id);
  await addJudge(office, s.competition.id, { expertise: [s.tracks[0]!.id] });
  expect(await assignmentsOf(s.round.id)).toEqual(before);
});
