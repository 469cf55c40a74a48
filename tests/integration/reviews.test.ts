import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assignments } from '../../server/src/modules/assignment/assignment.table.ts';
import { reviewScores, reviews } from '../../server/src/modules/reviews/reviews.table.ts';
import { countRows, startTestApp, type TestApp } from '../support/app.ts';
import {
  assign,
  type Entry,
  flat,
  type Judge,
  rubric,
  setupJudging,
  signedInOrganizer,
} from './reviews.fixtures.ts';

let clock = new Date('2026-05-01T08:00:00Z');
let t: TestApp;
let world: Awaited<ReturnType<typeof setupJudging>>;
let judgeA: Judge;
let judgeB: Judge;
let entry1: Entry;
let entry2: Entry;
let mine: string; // judge A on entry 1
let theirs: string; // judge B on entry 1
let entry2Id: string; // judge A on entry 2
const closesAt = '2026-05-02T00:00:00.000Z';

beforeAll(async () => {
  t = await startTestApp({ now: () => clock, config: { LOGIN_RATE_LIMIT: 1000 } });
  world = await setupJudging(t, {
    entriesPerTrack: 2,
    judges: 3,
    rounds: [
      {
        name: 'Online preliminary',
        kind: 'review',
        reviewsPerEntry: 2,
        judgeCapacity: 10,
        criteria: rubric,
        closesAt,
      },
    ],
  });
  [judgeA, judgeB] = world.judges as [Judge, Judge];
  [entry1, entry2] = world.entries as [Entry, Entry];
  [mine, theirs, entry2Id] = (await assign(t, world.rounds[0].id, [
    [entry1, judgeA],
    [entry1, judgeB],
    [entry2, judgeA],
  ])) as [string, string, string];
});
afterAll(async () => t?.close());

const url = (assignmentId: string) => `/api/v1/assignments/${assignmentId}/review`;

/** Everything a refused save must leave untouched. */
async function reviewState() {
  return {
    reviews: await t.db.select().from(reviews).orderBy(reviews.id),
    scores: await countRows(t, 'review_scores'),
    audit: await countRows(t, 'audit_log'),
    assignments: await t.db
      .select({ id: assignments.id, status: assignments.status })
      .from(assignments)
      .orderBy(assignments.id),
  };
}

describe('PUT /assignments/:id/review', () => {
  test('saves a partial draft: no total, the assignment is started, the judge reads it back', async () => {
    const reply = await judgeA.agent.put(url(mine), {
      scores: { innovation: 7 },
      comment: 'Promising.',
      privateNote: 'Knows the founder slightly.',
      submit: false,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.review).toMatchObject({
      assignmentId: mine,
      status: 'draft',
      scores: { innovation: 7 },
      comment: 'Promising.',
      privateNote: 'Knows the founder slightly.',
      total: null,
      submittedAt: null,
    });
    expect(reply.body.assignment).toEqual({ id: mine, status: 'started' });
    const read = await judgeA.agent.get(url(mine));
    expect(read.status).toBe(200);
    expect(read.body.review.scores).toEqual({ innovation: 7 });
    const [row] = await t.db.select().from(assignments).where(eq(assignments.id, mine));
    expect(row!.status).toBe('started');
    const audit = await t.db.execute<{ action: string }>(
      sql`select action from audit_log where entity_type = 'review' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['review.draft_saved']);
  });

  test('a later draft replaces the scores, and keeps the private note when none is sent', async () => {
    const reply = await judgeA.agent.put(url(mine), {
      scores: { market: 6, team: 5 },
      comment: 'Promising team.',
      submit: false,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.review.scores).toEqual({ market: 6, team: 5 });
    expect(reply.body.review.privateNote).toBe('Knows the founder slightly.');
    const stored = await t.db
      .select()
      .from(reviewScores)
      .where(eq(reviewScores.reviewId, reply.body.review.id));
    expect(stored).toHaveLength(2);
    // The scale is copied into each row, so the database itself can refuse an off-scale score.
    expect(stored.every((s) => s.min === 1 && s.max === 10)).toBe(true);
  });

  test('submits with every criterion: the total is the weighted mean, the assignment submitted, audited', async () => {
    const reply = await judgeA.agent.put(url(mine), {
      scores: { innovation: 8, market: 6, team: 5 },
      comment: 'Strong tech.',
      submit: true,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.review.status).toBe('submitted');
    expect(reply.body.review.total).toBeCloseTo(0.4 * 8 + 0.3 * 6 + 0.3 * 5, 10);
    expect(reply.body.review.submittedAt).toBe(clock.toISOString());
    expect(reply.body.assignment.status).toBe('submitted');
    const [row] = await t.db.select().from(reviews).where(eq(reviews.assignmentId, mine));
    expect(row!.total).toBeCloseTo(6.5, 10);
    const [entry] = await t.db.execute<{
      action: string;
      after: { scores: Record<string, number>; entryId: string };
    }>(sql`select action, after from audit_log where entity_type = 'review' order by id desc limit 1`);
    expect(entry!.action).toBe('review.submitted');
    expect(entry!.after.scores).toEqual({ innovation: 8, market: 6, team: 5 });
    expect(entry!.after.entryId).toBe(entry1.id);
  });

  test('a submitted review can be changed until the round closes, and the change is audited with its before', async () => {
    clock = new Date('2026-05-01T12:00:00Z');
    const reply = await judgeA.agent.put(url(mine), {
      scores: { innovation: 9, market: 6, team: 5 },
      comment: 'Strong tech, on reflection.',
      submit: true,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.review.scores.innovation).toBe(9);
    const [entry] = await t.db.execute<{ action: string; before: { scores: Record<string, number> } }>(
      sql`select action, before from audit_log where entity_type = 'review' order by id desc limit 1`,
    );
    expect(entry!.action).toBe('review.changed');
    expect(entry!.before.scores.innovation).toBe(8);
  });

  test('a submitted review cannot slip back to a draft', async () => {
    const before = await reviewState();
    const reply = await judgeA.agent.put(url(mine), {
      scores: { innovation: 2 },
      comment: '',
      submit: false,
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('reviews.already_submitted');
    expect(await reviewState()).toEqual(before);
  });

  test.each([
    [
      { scores: { innovation: 7, charisma: 9 }, submit: false },
      'reviews.unknown_criterion',
      /charisma/,
      'scores.charisma',
    ],
    [
      { scores: { innovation: 11 }, submit: false },
      'reviews.score_out_of_scale',
      /Innovation \(innovation\) takes a whole number from 1 to 10/,
      'scores.innovation',
    ],
    [{ scores: { market: 0 }, submit: false }, 'reviews.score_out_of_scale', /from 1 to 10/, 'scores.market'],
    [{ scores: { team: 5.5 }, submit: false }, 'reviews.score_out_of_scale', /whole number/, 'scores.team'],
    [{ scores: { innovation: 7, market: 6 }, submit: true }, 'reviews.incomplete', /Team/, 'scores.team'],
  ])('refuses %j with %s, naming the criterion, and changes nothing', async (body, code, message, path) => {
    const before = await reviewState();
    const reply = await judgeA.agent.put(url(entry2Id), { comment: '', ...body });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe(code);
    expect(reply.body.error.message).toMatch(message);
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await reviewState()).toEqual(before);
  });

  test.each([
    [{ scores: { innovation: '7' }, submit: false }, 'scores.innovation'],
    [{ scores: { innovation: 7 }, comment: 'x'.repeat(10_001), submit: false }, 'comment'],
    [{ scores: [], submit: false }, 'scores'],
  ])('refuses a malformed body %# with request.invalid', async (body, path) => {
    const before = await reviewState();
    const reply = await judgeA.agent.put(url(entry2Id), body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('request.invalid');
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await reviewState()).toEqual(before);
  });

  test("another judge, an organizer or a stranger cannot read or write a judge's review: 404, nothing leaked", async () => {
    const organizer = await signedInOrganizer(t);
    const stranger = t.agent();
    await stranger.register('stranger@reviews.test');
    const before = await reviewState();
    for (const agent of [judgeB.agent, organizer, stranger]) {
      const read = await agent.get(url(mine));
      expect(read.status).toBe(404);
      expect(JSON.stringify(read.body)).not.toContain('Strong tech');
      const write = await agent.put(url(mine), { scores: flat(1), comment: 'sabotage', submit: true });
      expect(write.status).toBe(404);
    }
    // A judge cannot review an entry they are not assigned to, by guessing an id either.
    expect(
      (await judgeB.agent.put(url(entry2Id), { scores: flat(3), comment: '', submit: true })).status,
    ).toBe(404);
    expect((await t.agent().put(url(mine), { scores: flat(1), comment: '', submit: true })).status).toBe(401);
    expect(
      (await judgeA.agent.put(url('no-such-assignment'), { scores: flat(1), comment: '', submit: true }))
        .status,
    ).toBe(404);
    expect(await reviewState()).toEqual(before);
  });

  test('a recused assignment cannot be reviewed', async () => {
    const [recused] = await assign(t, world.rounds[0].id, [[entry2, judgeB]]);
    await t.db.update(assignments).set({ status: 'recused' }).where(eq(assignments.id, recused!));
    const before = await reviewState();
    const reply = await judgeB.agent.put(url(recused!), { scores: flat(5), comment: '', submit: true });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('reviews.recused');
    expect(await reviewState()).toEqual(before);
  });

  test('the database refuses a score outside the scale even if the code did not', async () => {
    const [row] = await t.db.select().from(reviews).where(eq(reviews.assignmentId, mine));
    const [other] = await t.db.execute<{ id: string }>(
      sql`select id from criteria where key = 'innovation' limit 1`,
    );
    await expect(
      t.db.execute(
        sql`update review_scores set score = 42 where review_id = ${row!.id} and criterion_id = ${other!.id}`,
      ),
    ).rejects.toThrow();
  });

  test('after the round closes every save is refused with 409 and nothing changes', async () => {
    await judgeB.agent.put(url(theirs), {
      scores: { innovation: 4 },
      comment: 'Draft before the close',
      submit: false,
    });
    clock = new Date(Date.parse(closesAt) + 1000);
    const before = await reviewState();
    for (const [agent, id, body] of [
      [judgeA.agent, mine, { scores: flat(1), comment: 'late change', submit: true }],
      [judgeB.agent, theirs, { scores: flat(4), comment: 'late submit', submit: true }],
      [judgeA.agent, entry2Id, { scores: { innovation: 3 }, comment: 'late draft', submit: false }],
    ] as const) {
      const reply = await agent.put(url(id), body);
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe('reviews.round_closed');
      // In the competition's zone (Asia/Shanghai by default), not UTC.
      expect(reply.body.error.message).toBe(
        'The round closed on 2 May 2026 at 08:00 (Asia/Shanghai time); reviews can no longer be changed.',
      );
    }
    expect(await reviewState()).toEqual(before);
    // Reading stays possible.
    expect((await judgeB.agent.get(url(theirs))).body.review.comment).toBe('Draft before the close');
    clock = new Date('2026-05-01T12:00:00Z');
  });

  test('a withdrawn entry takes no more reviews', async () => {
    const { entries } = await import('../../server/src/modules/entries/entries.table.ts');
    await t.db.update(entries).set({ status: 'withdrawn' }).where(eq(entries.id, entry2.id));
    const before = await reviewState();
    const reply = await judgeA.agent.put(url(entry2Id), { scores: flat(5), comment: '', submit: true });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('reviews.entry_withdrawn');
    expect(await reviewState()).toEqual(before);
    await t.db.update(entries).set({ status: 'submitted' }).where(eq(entries.id, entry2.id));
  });

  test('two saves of one review at once both land, one after the other, leaving one review', async () => {
    const id = entry2Id;
    const replies = await Promise.all([
      judgeA.agent.put(url(id), { scores: { innovation: 4 }, comment: 'first', submit: false }),
      judgeA.agent.put(url(id), { scores: { innovation: 5, market: 5 }, comment: 'second', submit: false }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    const rows = await t.db.select().from(reviews).where(eq(reviews.assignmentId, id));
    expect(rows).toHaveLength(1);
    // One waited for the other: the later one's audit "before" is the earlier one, and it is what stays.
    const [last, earlier] = await t.db.execute<{ before: { comment: string }; after: { comment: string } }>(
      sql`select before, after from audit_log where entity_id = ${rows[0]!.id} order by id desc limit 2`,
    );
    expect(rows[0]!.comment).toBe(last!.after.comment);
    expect(last!.before.comment).toBe(earlier!.after.comment);
    expect([earlier!.after.comment, last!.after.comment].sort()).toEqual(['first', 'second']);
  });

  test('saves arriving together share a transaction, not a fate: refused ones change nothing, the rest land', async () => {
    const auditBefore = await countRows(t, 'audit_log');
    const entry2Review = () => t.db.select().from(reviews).where(eq(reviews.assignmentId, entry2Id));
    const entry2Before = await entry2Review();
    const replies = await Promise.all([
      judgeA.agent.put(url(mine), { scores: flat(9), comment: 'Together, changed', submit: true }),
      judgeB.agent.put(url(theirs), { scores: { market: 6 }, comment: 'Together, draft', submit: false }),
      judgeB.agent.put(url(entry2Id), { scores: flat(1), comment: 'not mine', submit: true }),
      judgeA.agent.put(url(entry2Id), { scores: { charisma: 9 }, comment: 'unknown key', submit: false }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 404, 400]);
    expect(replies[0]!.body.review).toMatchObject({
      status: 'submitted',
      total: 9,
      comment: 'Together, changed',
    });
    expect(replies[1]!.body.review).toMatchObject({ status: 'draft', scores: { market: 6 } });
    expect(replies[3]!.body.error.code).toBe('reviews.unknown_criterion');
    const records = await t.db.execute<{ action: string; entity_id: string; created_at: string }>(
      sql`select action, entity_id, created_at::text from audit_log order by id desc limit 2`,
    );
    expect(await countRows(t, 'audit_log')).toBe(auditBefore + 2);
    expect(records.map((r) => r.action).sort()).toEqual(['review.changed', 'review.draft_saved']);
    // One transaction: PostgreSQL's now() is the transaction's start, so both records carry it.
    expect(records[0]!.created_at).toBe(records[1]!.created_at);
    expect(await entry2Review()).toEqual(entry2Before);
  });
});

describe('progress and reminders', () => {
  test('the organizer sees progress per track and per judge, late judges first', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.get(`/api/v1/rounds/${world.rounds[0].id}/progress`);
    expect(reply.status).toBe(200);
    const { totals, tracks, judges } = reply.body;
    // Judge A: entry 1 submitted, entry 2 started; judge B: entry 1 started, entry 2 recused (not counted).
    expect(totals).toEqual({ assignments: 3, submitted: 1, started: 2, notStarted: 0 });
    const ai = tracks.find((tr: { trackId: string }) => tr.trackId === entry1.trackId);
    expect(ai).toMatchObject({ entries: 2, assignments: 3, submitted: 1 });
    expect(judges.map((j: { name: string }) => j.name)).toEqual([judgeA.name, judgeB.name]);
    expect(judges[0]).toMatchObject({
      assignments: 2,
      submitted: 1,
      left: 1,
      late: true,
      lastRemindedAt: null,
    });
  });

  test('a reminder is recorded and audited, and the judge sees it on their list', async () => {
    const organizer = await signedInOrganizer(t);
    const reply = await organizer.post(`/api/v1/rounds/${world.rounds[0].id}/reminders`, {
      judgeIds: [judgeB.id],
    });
    expect(reply.status).toBe(201);
    expect(reply.body.reminded).toEqual([{ judgeId: judgeB.id, name: judgeB.name }]);
    expect(await countRows(t, 'reminders')).toBe(1);
    const [audit] = await t.db.execute<{ action: string }>(
      sql`select action from audit_log order by id desc limit 1`,
    );
    expect(audit!.action).toBe('review.reminder_recorded');
    const mineList = await judgeB.agent.get('/api/v1/me/reminders');
    expect(mineList.status).toBe(200);
    expect(mineList.body.items).toEqual([
      expect.objectContaining({
        roundId: world.rounds[0].id,
        roundName: 'Online preliminary',
        left: 1,
        remindedAt: clock.toISOString(),
      }),
    ]);
    // Judge A was not reminded.
    expect((await judgeA.agent.get('/api/v1/me/reminders')).body.items).toEqual([]);
    const progress = await organizer.get(`/api/v1/rounds/${world.rounds[0].id}/progress`);
    expect(
      progress.body.judges.find((j: { judgeId: string }) => j.judgeId === judgeB.id).lastRemindedAt,
    ).toBe(clock.toISOString());
  });

  test('a reminder to someone who is not a judge here is refused and records nothing', async () => {
    const organizer = await signedInOrganizer(t);
    const before = { reminders: await countRows(t, 'reminders'), audit: await countRows(t, 'audit_log') };
    const reply = await organizer.post(`/api/v1/rounds/${world.rounds[0].id}/reminders`, {
      judgeIds: [judgeA.id, 'nobody'],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('reviews.unknown_judge');
    expect(reply.body.error.message).toContain('nobody');
    expect(
      (await organizer.post(`/api/v1/rounds/${world.rounds[0].id}/reminders`, { judgeIds: [] })).status,
    ).toBe(400);
    expect({ reminders: await countRows(t, 'reminders'), audit: await countRows(t, 'audit_log') }).toEqual(
      before,
    );
  });

  test('judges and strangers may not read progress or send reminders', async () => {
    const before = await countRows(t, 'reminders');
    const stranger = t.agent();
    await stranger.register('stranger2@reviews.test');
    expect((await judgeA.agent.get(`/api/v1/rounds/${world.rounds[0].id}/progress`)).status).toBe(403);
    expect(
      (await judgeA.agent.post(`/api/v1/rounds/${world.rounds[0].id}/reminders`, { judgeIds: [judgeB.id] }))
        .status,
    ).toBe(403);
    expect((await stranger.get(`/api/v1/rounds/${world.rounds[0].id}/progress`)).status).toBe(404);
    expect(
      (await stranger.post(`/api/v1/rounds/${world.rounds[0].id}/reminders`, { judgeIds: [judgeB.id] }))
        .status,
    ).toBe(404);
    expect((await judgeA.agent.get('/api/v1/rounds/no-such-round/progress')).status).toBe(404);
    expect(await countRows(t, 'reminders')).toBe(before);
  });
});
