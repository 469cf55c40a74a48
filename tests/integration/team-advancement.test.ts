// Teams see whether they advanced (issue 13): on their own results, per round, "advanced to X" from
// the moment the organizer advances, and "did not advance" only once that round's results are out
// (feedback released, or the awards published). Never another team's entry, never a rank or a
// score, and nothing before the organizer has decided.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Agent, startTestApp, type TestApp } from '../support/app.ts';
import type { Entry, Judge } from './reviews.fixtures.ts';
import { setupTalliedPreliminary } from './team-advancement.fixtures.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof setupTalliedPreliminary>>;
let world: typeof s.world;
let prelim: { id: string; name: string };
let semi: { id: string; name: string };
/** Owns the team of entries 0 (best of its track) and 1 (last of its track). */
let alpha: Agent;
/** Owns the team of entry 2 (best of the other track). */
let beta: Agent;
let stranger: Agent;
let judge: Judge;
const e = (i: number) => world.entries[i]!;

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { LOGIN_RATE_LIMIT: 1000 } });
  s = await setupTalliedPreliminary(t);
  ({ world, prelim, semi } = s);
  alpha = s.alpha.agent;
  beta = s.beta.agent;
  judge = world.judges[0]!;
  stranger = t.agent();
  await stranger.register(`stranger-${Date.now()}@example.org`);
});
afterAll(async () => t?.close());

const resultsUrl = () => `/api/v1/me/results?competitionId=${world.competition.id}`;
/** Each own entry's round outcomes, by entry id. */
async function outcomes(agent: Agent) {
  const reply = await agent.get(resultsUrl());
  expect(reply.status).toBe(200);
  return Object.fromEntries(
    (reply.body.entries as Array<{ entryId: string; rounds: unknown[] }>).map((x) => [x.entryId, x.rounds]),
  );
}
const advance = (body: Record<string, unknown>) => s.advance(body);

describe('a team sees whether its entry advanced', () => {
  test('before any advancement: nothing, not even after a preview', async () => {
    expect(await outcomes(alpha)).toEqual({ [e(0).id]: [], [e(1).id]: [] });
    expect(await outcomes(beta)).toEqual({ [e(2).id]: [] });
    expect((await advance({ topPerTrack: 1, preview: true })).status).toBe(200);
    expect(await outcomes(alpha)).toEqual({ [e(0).id]: [], [e(1).id]: [] });
  });

  let decidedAt = '';
  test('once advanced: the advancing entry says so at once, the others say nothing yet', async () => {
    const reply = await advance({ topPerTrack: 1 });
    expect(reply.status).toBe(201);
    decidedAt = reply.body.advancement.createdAt;
    const advanced = (entry: Entry) => ({
      [entry.id]: [
        {
          roundId: prelim.id,
          roundName: 'Online preliminary',
          outcome: 'advanced',
          toRoundId: semi.id,
          toRoundName: 'Semi-final',
          decidedAt,
        },
      ],
    });
    // Exactly these fields: no rank, no score, no count of who else advanced.
    expect(await outcomes(alpha)).toEqual({ ...advanced(e(0)), [e(1).id]: [] });
    expect(await outcomes(beta)).toEqual(advanced(e(2)));
  });

  test('a team never sees another team’s entries, and others see no results at all', async () => {
    const alphaBody = JSON.stringify((await alpha.get(resultsUrl())).body);
    const betaBody = JSON.stringify((await beta.get(resultsUrl())).body);
    for (const i of [2, 3]) expect(alphaBody).not.toContain(e(i).id);
    for (const i of [0, 1, 3]) {
      expect(betaBody).not.toContain(e(i).id);
      expect(betaBody).not.toContain(e(i).title);
    }
    for (const agent of [stranger, judge.agent]) {
      const reply = await agent.get(resultsUrl());
      expect(reply.status).toBe(404);
      expect(JSON.stringify(reply.body)).not.toContain('Semi-final');
    }
    expect((await t.agent().get(resultsUrl())).status).toBe(401);
  });

  test('"did not advance" shows once the round’s feedback is released, and goes with it', async () => {
    const release = s.releaseFeedback;
    expect((await release(true)).status).toBe(200);
    expect((await outcomes(alpha))[e(1).id]).toEqual([
      {
        roundId: prelim.id,
        roundName: 'Online preliminary',
        outcome: 'not_advanced',
        toRoundId: semi.id,
        toRoundName: 'Semi-final',
        decidedAt,
      },
    ]);
    // Beta's own entry is unchanged, and alpha's verdict is not beta's to read.
    expect(Object.keys(await outcomes(beta))).toEqual([e(2).id]);
    expect((await release(false)).status).toBe(200);
    expect((await outcomes(alpha))[e(1).id]).toEqual([]);
  });

  test('a wildcard added later turns into "advanced", dated by its own advancement', async () => {
    const reply = await advance({ topPerTrack: 1, entryIds: [e(1).id] });
    expect(reply.status).toBe(201);
    const [outcome] = (await outcomes(alpha))[e(1).id] as Array<{ outcome: string; decidedAt: string }>;
    expect(outcome).toMatchObject({ outcome: 'advanced', decidedAt: reply.body.advancement.createdAt });
  });
});
