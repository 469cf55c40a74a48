// A tallied preliminary with two team owners, for the "teams see whether they advanced" tests
// (integration and browser): competition, rounds and reviews through the API; teams and entries
// straight to the database (reviews.fixtures.ts).
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { entries, teams } from '../../server/src/modules/entries/entries.table.ts';
import type { Agent, FixtureApp } from '../support/app.ts';
import {
  assign,
  type Entry,
  flat,
  type Judge,
  rubric,
  setupJudging,
  waitForJob,
} from './reviews.fixtures.ts';

export const teamPassword = 'a-good-password-1';

/**
 * Two tracks of two entries, reviewed and tallied in the preliminary with raw means, so the ranks
 * are plain: AI 9 (entry 0), 5 (entry 1); MED 8 (entry 2), 4 (entry 3). Alpha's team brings
 * entries 0 and 1, beta's team entry 2; entry 3's team has no account.
 */
export async function setupTalliedPreliminary(t: FixtureApp) {
  const world = await setupJudging(t, {
    entriesPerTrack: 2,
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
    ],
  });
  const e = (i: number) => world.entries[i]!;
  const owner = async (name: string, teamId: string) => {
    const agent = t.agent();
    const email = `${name}-${Date.now()}@teams.test`;
    const user = await agent.register(email, name, teamPassword);
    await t.db.update(teams).set({ ownerId: user.id }).where(eq(teams.id, teamId));
    return { agent, email };
  };
  await t.db
    .update(entries)
    .set({ teamId: e(0).teamId })
    .where(eq(entries.id, e(1).id));
  const alpha = await owner('alpha', e(0).teamId);
  const beta = await owner('beta', e(2).teamId);

  const scores = [9, 5, 8, 4];
  const pairs = world.entries.flatMap((entry) => world.judges.map((j) => [entry, j] as [Entry, Judge]));
  const ids = await assign(t, world.rounds[0]!.id, pairs);
  for (const [i, [entry, j]] of pairs.entries()) {
    const reply = await j.agent.put(`/api/v1/assignments/${ids[i]}/review`, {
      scores: flat(scores[world.entries.indexOf(entry)]!),
      comment: 'Solid work.',
      submit: true,
    });
    expect(reply.status).toBe(200);
  }
  const [prelim, semi] = world.rounds as [{ id: string; name: string }, { id: string; name: string }];
  const tally = await world.organizer.post(`/api/v1/rounds/${prelim.id}/tally`, {});
  expect((await waitForJob(world.organizer, tally.body.jobId)).state).toBe('completed');

  /** The organizer advances from the preliminary to the semi-final (through the API). */
  const advance = (body: Record<string, unknown>) =>
    world.organizer.post(`/api/v1/rounds/${prelim.id}/advance`, { toRoundId: semi.id, ...body });
  /** The organizer releases (or takes back) the preliminary's feedback to teams. */
  const releaseFeedback = (released: boolean) =>
    world.organizer.post(`/api/v1/rounds/${prelim.id}/feedback`, { released });
  return {
    world,
    prelim,
    semi,
    e,
    alpha: alpha as { agent: Agent; email: string },
    beta: beta as { agent: Agent; email: string },
    advance,
    releaseFeedback,
  };
}
