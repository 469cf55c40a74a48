// Redis goes away: at start the API says so and stops; while it runs, what needs Redis answers 503
// at once with Retry-After, what does not (reviews, public pages) goes on, and all of it recovers
// when Redis is back. A redis-server of this file's own, stopped and started again on its port.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { freePort, startRedisServer, startServerProcess, waitFor } from '../support/processes.ts';
import { assign, flat, type Judge, setupJudging, storedReview } from './reviews.fixtures.ts';

let redis: Awaited<ReturnType<typeof startRedisServer>>;
let redisRunning = false;
let t: TestApp;
let setup: Awaited<ReturnType<typeof setupJudging>>;
let judge: Judge;
let assignmentIds: string[];

beforeAll(async () => {
  redis = await startRedisServer();
  redisRunning = true;
  t = await startTestApp({ worker: true, config: { REDIS_URL: redis.url } });
  setup = await setupJudging(t, { tracks: ['Artificial Intelligence'], entriesPerTrack: 3, judges: 3 });
  judge = setup.judges[0]!;
  assignmentIds = await assign(
    t,
    setup.rounds[0]!.id,
    setup.entries.flatMap((entry) => setup.judges.map((j) => [entry, j] as [typeof entry, Judge])),
  );
}, 120_000);
afterAll(async () => {
  // The worker and the queues close through Redis: bring it back if a failed test left it down.
  if (redis && !redisRunning) redis = await startRedisServer(redis.port);
  await t?.close();
  await redis?.stop();
});

describe('Redis unreachable at start', () => {
  test('the API says so in a sentence and exits, instead of a plugin timeout', async () => {
    const closedPort = await freePort();
    const api = startServerProcess('api', {
      DATABASE_URL: t.config.DATABASE_URL!,
      REDIS_URL: `redis://127.0.0.1:${closedPort}`,
      PORT: String(await freePort()),
      SESSION_SECRET: 'test-session-secret-0123456789',
    });
    await Promise.race([
      api.exited(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(api.output())), 60_000)),
    ]);
    expect(api.child.exitCode).toBe(1);
    expect(api.output()).toContain(`Redis at 127.0.0.1:${closedPort} does not answer`);
    expect(api.output()).toMatch(/set REDIS_URL to a Redis server that runs/);
    expect(api.output()).not.toMatch(/AVV_ERR|at async|\n\s+at /);
  }, 90_000);
});

describe('Redis down while the API runs', () => {
  test('sign-in and jobs answer 503 at once; reviews and public pages go on; all recovers', async () => {
    const office = t.agent();
    await office.login(organizerEmail, organizerPassword);

    await redis.stop();
    redisRunning = false;
    await waitFor('the API to see Redis gone', () => t.app.deps.redis.status !== 'ready', 5_000, 20);

    // Sign-in: 503 with a sentence and Retry-After, at once (not 500 after 5-10 s).
    const started = Date.now();
    const login = await t.agent().post('/api/v1/auth/login', {
      email: organizerEmail,
      password: organizerPassword,
    });
    const loginMs = Date.now() - started;
    expect(login.status).toBe(503);
    expect(login.headers['retry-after']).toBe('5');
    expect(login.body.error.code).toBe('server.unavailable');
    expect(login.body.error.message).toMatch(/cannot reach Redis\. Try again in a few seconds/);
    expect(loginMs).toBeLessThan(1_000);
    expect(
      (
        await t
          .agent()
          .post('/api/v1/auth/register', { email: 'x@y.test', password: 'abcdefghijk', name: 'X' })
      ).status,
    ).toBe(503);

    // The job routes: starting one, and reading one.
    const tally = await office.post(`/api/v1/rounds/${setup.rounds[0]!.id}/tally`, {});
    expect(tally.status).toBe(503);
    expect(tally.headers['retry-after']).toBe('5');
    const job = await office.get('/api/v1/jobs/tally-not-there');
    expect(job.status).toBe(503);
    expect((await office.post(`/api/v1/rounds/${setup.rounds[0]!.id}/assign`)).status).toBe(503);

    // Signed-in work that does not need Redis goes on: a judge saves and submits a review.
    const saved = await judge.agent.put(`/api/v1/assignments/${assignmentIds[0]}/review`, {
      scores: flat(7),
      comment: 'Saved while Redis was away.',
      submit: true,
    });
    expect(saved.status).toBe(200);
    expect(await storedReview(t, assignmentIds[0]!)).toEqual({
      status: 'submitted',
      total: 7,
      scores: flat(7),
    });
    // Public pages and the health check.
    const results = await t.agent().get(`/api/v1/public/competitions/${setup.competition.slug}/results`);
    expect(results.status).toBe(200);
    const ready = await t.agent().get('/api/health/ready');
    expect(ready.body).toMatchObject({ ok: true, migrations: true, redis: false });

    // Redis comes back on the same port: everything recovers by itself.
    const downFor = Date.now();
    redis = await startRedisServer(redis.port);
    redisRunning = true;
    await waitFor(
      'sign-in to work again',
      async () =>
        (await t.agent().post('/api/v1/auth/login', { email: organizerEmail, password: organizerPassword }))
          .status === 200,
      20_000,
      200,
    );
    const recoveredMs = Date.now() - downFor;
    expect(recoveredMs).toBeLessThan(20_000);
    const again = await office.post(`/api/v1/rounds/${setup.rounds[0]!.id}/tally`, {});
    expect(again.status).toBe(202);
    const finished = await waitFor(
      'the tally to run on the worker, reconnected',
      async () => {
        const reply = await office.get(`/api/v1/jobs/${again.body.jobId}`);
        return reply.body.state === 'completed' || reply.body.state === 'failed' ? reply.body : null;
      },
      30_000,
    );
    expect(finished.state).toBe('completed');
    console.log(`[redis-outage] sign-in refused in ${loginMs} ms; recovered ${recoveredMs} ms after restart`);
  }, 90_000);
});
