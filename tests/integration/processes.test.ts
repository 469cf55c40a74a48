// The product as operators run it: two API processes and two worker processes, started as separate
// OS processes with the command of `pnpm --filter @wuzhen/server api` / `worker`, on a fresh
// database that they migrate themselves (under the lock, all four at once). Once on the machine's
// PostgreSQL server, once on an embedded PostgreSQL. Through HTTP only, a small competition runs
// across them: a session works on both APIs, either worker takes the jobs, a reveal reaches event
// streams open on both APIs. On the machine's server, processes are also killed with SIGKILL: an
// API while 50 clients save reviews, a worker in the middle of an assignment and of a tally.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { repoRoot } from '../../server/src/app/config.ts';
import { createDb } from '../../server/src/app/db.ts';
import { startEmbeddedPostgres } from '../../server/src/main/infrastructure.ts';
import { type Agent, type FixtureApp, organizerEmail, organizerPassword } from '../support/app.ts';
import {
  apiReady,
  createHttpAgent,
  freePort,
  openEventStream,
  type ServerProcess,
  sleep,
  startServerProcess,
  waitFor,
} from '../support/processes.ts';
import { type S3Server, startS3Server } from '../support/s3.ts';
import { acceptAsJudge, addEntry, assignableCompetition } from './assignment.fixtures.ts';
import { deckParts, multipart, pdfBytes } from './entries.fixtures.ts';
import { rubric, storedReview } from './reviews.fixtures.ts';

const sessionSecret = 'processes-session-secret-0123456789';
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

/** A fresh, empty database on the server behind `adminUrl`: the processes migrate it at start. */
async function freshDatabase(adminUrl: string) {
  const name = `wz_t_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  });
  return url.toString();
}

type Platform = Awaited<ReturnType<typeof startPlatform>>;

async function startPlatform(databaseUrl: string, storage: Record<string, string> = {}) {
  const prefix = `wzp-${randomBytes(4).toString('hex')}`;
  const common = {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: prefix,
    SESSION_SECRET: sessionSecret,
    LOG_LEVEL: 'warn',
    ...storage,
  };
  const processes: ServerProcess[] = [];
  const startApi = async (label: string) => {
    const port = await freePort();
    const api = startServerProcess(
      'api',
      {
        ...common,
        PORT: String(port),
        HOST: '127.0.0.1',
        ORGANIZER_EMAIL: organizerEmail,
        ORGANIZER_PASSWORD: organizerPassword,
        LOGIN_RATE_LIMIT: '1000',
      },
      label,
    );
    processes.push(api);
    return { process: api, url: `http://127.0.0.1:${port}` };
  };
  const startWorker = (label: string) => {
    const worker = startServerProcess('worker', { ...common, LOG_LEVEL: 'info' }, label);
    processes.push(worker);
    return worker;
  };
  const workerStarted = (worker: ServerProcess) =>
    waitFor(
      `${worker.label} to start`,
      () => {
        if (!worker.alive()) throw new Error(`it exited: ${worker.output().slice(-2000)}`);
        return worker.logs().some((l) => l.msg === 'worker started');
      },
      90_000,
      200,
    );
  cleanups.push(async () => {
    for (const p of processes) {
      if (p.alive()) p.child.kill('SIGCONT');
      await p.kill('SIGTERM');
    }
  });

  const started = Date.now();
  // All four at once on an empty database: the migration lock makes one of them migrate.
  const a = await startApi('API A');
  const b = await startApi('API B');
  const workers = [startWorker('worker 1'), startWorker('worker 2')];
  await Promise.all([apiReady(a.process, a.url), apiReady(b.process, b.url), ...workers.map(workerStarted)]);
  const startupMs = Date.now() - started;
  const { db, close } = createDb({ url: databaseUrl, max: 3 });
  cleanups.push(close);
  return { a, b, workers, db, startApi, startWorker, workerStarted, startupMs };
}

/** How far each worker's log has got: job ids repeat (an assignment's is its round's). */
const logMarks = (platform: Platform) => new Map(platform.workers.map((w) => [w, w.logs().length]));
const logsSince = (worker: ServerProcess, marks: Map<ServerProcess, number>) =>
  worker.logs().slice(marks.get(worker) ?? 0);

/** The worker process whose log says it started job `jobId` since `marks`. */
function workerRunning(platform: Platform, jobId: string, marks: Map<ServerProcess, number>) {
  return platform.workers.find((w) =>
    logsSince(w, marks).some((l) => l.msg === 'job started' && l.jobId === jobId),
  );
}

async function jobState(agent: Agent, jobId: string) {
  const reply = await agent.get(`/api/v1/jobs/${jobId}`);
  if (reply.status !== 200) throw new Error(`job ${jobId}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body as { state: string; progress: number; phaseKey?: string; result?: any; error?: string };
}

async function finished(agent: Agent, jobId: string, timeoutMs = 60_000) {
  const job = await waitFor(
    `job ${jobId} to finish`,
    async () => {
      const state = await jobState(agent, jobId);
      return state.state === 'completed' || state.state === 'failed' ? state : null;
    },
    timeoutMs,
  );
  expect(job.error ?? null).toBeNull();
  expect(job.state).toBe('completed');
  return job;
}

const assignmentPairs = async (agent: Agent, roundId: string) => {
  const reply = await agent.get(`/api/v1/rounds/${roundId}/assignments`);
  expect(reply.status).toBe(200);
  const items = (reply.body.items ?? reply.body) as Array<{ entryId: string; judgeId: string }>;
  return items.map((a) => `${a.entryId}:${a.judgeId}`).sort();
};

/** Runs a job with one worker frozen (SIGSTOP), so the other must take it; returns who did. */
async function runOnOneWorker(
  platform: Platform,
  frozen: ServerProcess,
  start: () => Promise<string>,
  agent: Agent,
) {
  frozen.child.kill('SIGSTOP');
  try {
    const marks = logMarks(platform);
    const jobId = await start();
    const job = await finished(agent, jobId);
    return { job, ranOn: workerRunning(platform, jobId, marks) };
  } finally {
    frozen.child.kill('SIGCONT');
  }
}

/**
 * Kills (SIGKILL) the worker running a job in its middle. The job is held there by a table lock
 * the test takes, so the worker has picked it up, reported progress and is waiting on its final
 * write when it dies. Returns how long until another worker noticed the stall.
 */
async function killWorkerMidJob(
  platform: Platform,
  databaseUrl: string,
  lockTables: string[],
  start: () => Promise<string>,
  agent: Agent,
) {
  const blocker = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked: () => void = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holding = blocker.begin(async (tx) => {
    await tx.unsafe(`lock table ${lockTables.join(', ')} in exclusive mode`);
    locked();
    await released;
  });
  await isLocked;
  try {
    const marks = logMarks(platform);
    const jobId = await start();
    const victim = await waitFor(
      `a worker to start ${jobId}`,
      () => workerRunning(platform, jobId, marks),
      30_000,
    );
    // Mid-run: active, with progress reported, and not finished (it waits on the locked table).
    await waitFor(
      `${jobId} to report progress`,
      async () => {
        const s = await jobState(agent, jobId);
        return s.state === 'active' && s.progress > 0;
      },
      30_000,
    );
    await sleep(300);
    expect((await jobState(agent, jobId)).state).toBe('active');
    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    release();
    await holding;
    const survivor = platform.workers.find((w) => w !== victim && w.alive())!;
    const stalled = await waitFor(
      `another worker to notice ${jobId} stalled`,
      () =>
        logsSince(survivor, marks).find((l) => String(l.msg).startsWith('job stalled') && l.jobId === jobId),
      60_000,
    );
    const detectedMs = Number(stalled.time) - killedAt;
    const job = await finished(agent, jobId);
    const retriedBy = logsSince(survivor, marks).some((l) => l.msg === 'job completed' && l.jobId === jobId);
    return { jobId, job, victim, survivor, detectedMs, retriedBy };
  } finally {
    release();
    await holding.catch(() => {});
    await blocker.end({ timeout: 5 });
  }
}

const databases = [
  { name: "the machine's PostgreSQL server", crashes: true, perTrack: 30, judges: 10 },
  { name: 'an embedded PostgreSQL', crashes: false, perTrack: 4, judges: 4 },
];

describe.each(databases)('two APIs and two workers on $name', ({ name, crashes, perTrack, judges }) => {
  test('a competition runs across the processes', { timeout: 300_000 }, async () => {
    const timings: Record<string, number> = {};
    let adminUrl = inject('adminDatabaseUrl');
    if (!crashes) {
      const embedded = await startEmbeddedPostgres({
        dataDir: path.join(repoRoot, '.data', 'test-processes'),
        log: () => {},
      });
      cleanups.push(() => embedded.stop());
      adminUrl = embedded.url.replace(/\/wuzhen$/, '/postgres');
    }
    const databaseUrl = await freshDatabase(adminUrl);
    // On the machine's server the files go to S3-compatible storage shared by both APIs.
    let s3: S3Server | null = null;
    if (crashes) {
      s3 = await startS3Server({ bucket: 'wuzhen-processes' });
      cleanups.push(() => s3!.close());
    }
    const platform = await startPlatform(
      databaseUrl,
      s3 ? Object.fromEntries(Object.entries(s3.config).map(([k, v]) => [k, String(v)])) : {},
    );
    timings.startupMs = platform.startupMs;
    const { a, b } = platform;
    const fixtures: FixtureApp = { db: platform.db, agent: () => createHttpAgent(a.url) };

    // One session, both APIs: signed in on A, the same cookie is recognised by B.
    const office = createHttpAgent(a.url);
    const organizer = await office.login(organizerEmail, organizerPassword);
    const officeOnB = createHttpAgent(b.url);
    officeOnB.useCookie(office.cookie());
    const me = await officeOnB.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(organizer.id);

    // The competition: entries straight into the database, judges through invitations on A.
    const {
      competition,
      round,
      tracks,
      judges: invited,
    } = await assignableCompetition(fixtures, office, {
      entriesPerTrack: 1,
      reviewsPerEntry: 3,
      judgeCapacity: perTrack * 2,
      judges: Array.from({ length: judges }, (_, i) => ({ expertise: [i % 2] })),
    });
    for (const track of tracks)
      for (let i = 1; i < perTrack; i++) await addEntry(fixtures, competition.id, { trackId: track.id });

    const startAssignment = async (agent: Agent) => {
      const reply = await agent.post(`/api/v1/rounds/${round.id}/assign`);
      expect(reply.status).toBe(202);
      return reply.body.jobId as string;
    };
    let report: Record<string, unknown> = {};

    if (crashes) {
      // A worker dies in the middle of the assignment: another worker notices and runs it again.
      const crash = await killWorkerMidJob(
        platform,
        databaseUrl,
        ['assignments'],
        () => startAssignment(office),
        office,
      );
      expect(crash.retriedBy).toBe(true);
      expect(crash.detectedMs).toBeLessThan(15_000);
      report = {
        ...report,
        assignmentKill: { detectedMs: crash.detectedMs, coverage: crash.job.result.coverage },
      };
      // The dead worker's replacement.
      const w3 = platform.startWorker('worker 3');
      await platform.workerStarted(w3);
      platform.workers.splice(platform.workers.indexOf(crash.victim), 1, w3);
    } else {
      await finished(office, await startAssignment(office));
    }
    const assigned = await assignmentPairs(office, round.id);
    expect(assigned).toHaveLength(perTrack * 2 * 3);

    // Either worker takes the jobs: each in turn with the other frozen. Same input, same output.
    const [first, second] = platform.workers as [ServerProcess, ServerProcess];
    const onSecond = await runOnOneWorker(platform, first, () => startAssignment(officeOnB), office);
    expect(onSecond.ranOn).toBe(second);
    expect(await assignmentPairs(officeOnB, round.id)).toEqual(assigned);
    const onFirst = await runOnOneWorker(platform, second, () => startAssignment(office), office);
    expect(onFirst.ranOn).toBe(first);
    expect(await assignmentPairs(office, round.id)).toEqual(assigned);

    // The judges: signed in through their invitations, then 5 clients each save their reviews,
    // half through A, half through B. On the machine's server, API A is killed midway.
    const judgeAgents: Agent[] = [];
    for (const judge of invited) judgeAgents.push(await acceptAsJudge(fixtures, judge.invitationUrl));
    expect(judgeAgents.length).toBe(judges);
    report = { ...report, ...(await saveReviewsUnderFire(platform, judgeAgents, crashes)) };

    // The tally: on the machine's server its worker is killed midway; the retry gives the same
    // snapshot as a tally run afterwards from the same reviews.
    const startTally = async (agent: Agent) => {
      const reply = await agent.post(`/api/v1/rounds/${round.id}/tally`, {});
      expect(reply.status).toBe(202);
      return reply.body.jobId as string;
    };
    const officeNow = createHttpAgent(() => platform.b.url);
    officeNow.useCookie(office.cookie());
    let tallied: Awaited<ReturnType<typeof finished>>;
    if (crashes) {
      const crash = await killWorkerMidJob(
        platform,
        databaseUrl,
        ['tally_snapshots', 'tally_runs'],
        () => startTally(officeNow),
        officeNow,
      );
      expect(crash.retriedBy).toBe(true);
      expect(crash.detectedMs).toBeLessThan(15_000);
      tallied = crash.job;
      report = { ...report, tallyKill: { detectedMs: crash.detectedMs } };
      const w4 = platform.startWorker('worker 4');
      await platform.workerStarted(w4);
      platform.workers.splice(platform.workers.indexOf(crash.victim), 1, w4);
    } else {
      tallied = await finished(officeNow, await startTally(officeNow));
    }
    const again = await finished(officeNow, await startTally(officeNow));
    expect(tallied.result.snapshotId).toBeTruthy();
    expect(again.result.snapshotId).toBe(tallied.result.snapshotId);
    expect(again.result.inputHash).toBe(tallied.result.inputHash);

    const apiA = platform.a.url;
    const apiB = platform.b.url;
    const officeA = createHttpAgent(apiA);
    officeA.useCookie(office.cookie());

    // A deck uploaded through A is served by B, byte ranges included: the storage is shared. (Before
    // the reveal: a published award closes submissions.)
    const withDeck = await addEntry(fixtures, competition.id, { trackId: tracks[0]!.id, status: 'draft' });
    // The first round's assignment closed submissions; the organizers give this one team more time.
    const extended = await officeA.put(`/api/v1/entries/${withDeck.id}/deadline`, {
      until: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'The deck was sent late by mail',
    });
    expect(extended.status).toBe(200);
    const deck = pdfBytes('Shared storage');
    const { body: form, contentType } = multipart(deckParts(deck));
    const uploaded = await fetch(`${apiA}/api/v1/entries/${withDeck.id}/files`, {
      method: 'POST',
      headers: { 'content-type': contentType, cookie: office.cookie() },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const { file } = (await uploaded.json()) as { file: { id: string; size: number } };
    const ranged = await fetch(`${apiB}/api/v1/files/${file.id}`, {
      headers: { cookie: office.cookie(), range: 'bytes=0-99' },
    });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(deck.subarray(0, 100))).toBe(true);
    if (s3) expect((await s3.objects()).length).toBeGreaterThan(0);

    // A reveal through one API reaches event streams open on both.
    const award = await officeA.post(`/api/v1/competitions/${competition.id}/awards`, {
      name: 'Best cross-process project',
      kind: 'special',
      slots: 1,
    });
    expect(award.status).toBe(201);
    const awardId = award.body.award.id as string;
    const entry = (await platform.db.query.entries.findFirst({
      where: (e, { and, eq }) => and(eq(e.competitionId, competition.id), eq(e.status, 'submitted')),
    }))!;
    const winners = await officeA.put(`/api/v1/awards/${awardId}/winners`, [
      { entryId: entry.id, citation: 'Ran on every process.' },
    ]);
    expect(winners.status).toBe(200);
    const eventsPath = `/api/v1/public/competitions/${competition.slug}/events`;
    const viewerA = await openEventStream(`${apiA}${eventsPath}`);
    const viewerB = await openEventStream(`${apiB}${eventsPath}`);
    cleanups.push(viewerA.close, viewerB.close);
    const revealedAt = Date.now();
    const revealed = await officeOnB.post(`/api/v1/competitions/${competition.id}/reveal`, { awardId });
    expect(revealed.status).toBe(200);
    for (const viewer of [viewerA, viewerB])
      await waitFor('the reveal on both streams', () =>
        viewer.events.some((e) => e.data?.awardId === awardId),
      );
    timings.revealMs = Date.now() - revealedAt;
    await viewerA.close();
    await viewerB.close();

    console.log(`[processes] ${name}: ${JSON.stringify({ ...timings, ...report })}`);
  });
});

/**
 * 50 clients (5 per judge) save and submit every assigned review, alternating between the APIs.
 * With `kill`, API A is killed (SIGKILL) once a quarter are answered; a client whose request got
 * no answer sends it again to B, as a browser would on the next try. Every review answered 2xx is
 * then stored with its scores; A is started again afterwards.
 */
async function saveReviewsUnderFire(platform: Platform, judgeAgents: Agent[], kill: boolean) {
  type Save = { assignmentId: string; scores: Record<string, number> };
  const perJudge: Save[][] = [];
  for (const judge of judgeAgents) {
    const mine = await judge.get('/api/v1/me/assignments');
    expect(mine.status).toBe(200);
    const items = (mine.body.items ?? mine.body) as Array<{ id: string }>;
    perJudge.push(
      items.map((a, i) => ({
        assignmentId: a.id,
        scores: Object.fromEntries(rubric.map((c, k) => [c.key, 1 + ((i + k * 3) % 10)])),
      })),
    );
  }
  const total = perJudge.reduce((n, saves) => n + saves.length, 0);
  const acknowledged: Save[] = [];
  // Sent again after A died without answering, and refused as already done: stored by A.
  const unanswered: Save[] = [];
  let aDown = false;
  let killedAfter = -1;
  const clients = judgeAgents.flatMap((judge, j) =>
    Array.from({ length: 5 }, (_, c) => ({
      cookie: judge.cookie(),
      saves: perJudge[j]!.filter((_, i) => i % 5 === c),
      preferA: (j + c) % 2 === 0,
    })),
  );
  expect(clients).toHaveLength(judgeAgents.length * 5);
  const maybeKill = async () => {
    if (kill && !aDown && acknowledged.length >= total / 4) {
      aDown = true;
      killedAfter = acknowledged.length;
      await platform.a.process.kill('SIGKILL');
    }
  };
  await Promise.all(
    clients.map(async (client) => {
      for (const save of client.saves) {
        for (let attempt = 0; attempt < 5; attempt++) {
          const base = client.preferA && !aDown ? platform.a.url : platform.b.url;
          const agent = createHttpAgent(base);
          agent.useCookie(client.cookie);
          let status = 0;
          try {
            status = (
              await agent.put(`/api/v1/assignments/${save.assignmentId}/review`, {
                scores: save.scores,
                comment: 'Scored under fire.',
                submit: true,
              })
            ).status;
          } catch {
            status = 0; // the connection died with API A: no answer, try again
          }
          if (status >= 200 && status < 300) {
            acknowledged.push(save);
            await maybeKill();
            break;
          }
          if (status === 409 && attempt > 0) {
            unanswered.push(save);
            break;
          }
          if (status !== 0) throw new Error(`review save answered ${status}`);
        }
      }
    }),
  );
  if (kill) expect(platform.a.process.alive()).toBe(false);
  // Every acknowledged review is stored, submitted, with exactly the scores that were sent.
  for (const save of [...acknowledged, ...unanswered]) {
    const stored = await storedReview(platform, save.assignmentId);
    expect(stored, save.assignmentId).toMatchObject({ status: 'submitted', scores: save.scores });
  }
  expect(acknowledged.length + unanswered.length).toBe(total);
  if (kill) {
    const restarted = await platform.startApi('API A (restarted)');
    await apiReady(restarted.process, restarted.url);
    platform.a = restarted;
  }
  return {
    reviews: total,
    acknowledged: acknowledged.length,
    unansweredButStored: unanswered.length,
    ...(kill ? { apiKilledAfter: killedAfter } : {}),
  };
}

describe('stopping what the README starts', () => {
  test('SIGTERM to `pnpm --filter @wuzhen/server worker` stops the worker itself', async () => {
    const databaseUrl = await freshDatabase(inject('adminDatabaseUrl'));
    const metricsPort = await freePort();
    const launched = startServerProcess(
      'worker',
      {
        DATABASE_URL: databaseUrl,
        REDIS_URL: inject('redisUrl'),
        QUEUE_PREFIX: `wzs-${randomBytes(4).toString('hex')}`,
        SESSION_SECRET: sessionSecret,
        METRICS_PORT: String(metricsPort),
        LOG_LEVEL: 'info',
      },
      'worker through pnpm',
      { viaPnpm: true },
    );
    cleanups.push(() => launched.kill('SIGKILL'));
    const ready = async () =>
      (await fetch(`http://127.0.0.1:${metricsPort}/health/ready`).catch(() => null))?.ok ?? false;
    await waitFor('the worker started through pnpm', ready, 90_000, 200);
    launched.child.kill('SIGTERM');
    // Through a shell between pnpm and node, pnpm ended alone and the worker went on serving.
    await waitFor('the worker to stop', async () => !(await ready()), 20_000, 200);
    expect(launched.output()).toContain('SIGTERM received: stopping');
    await launched.exited();
  });
});
