// Benchmark of review saving under load: 200 judges, each with their own session and assignments,
// save reviews over 200 concurrent connections for 30 s (autocannon), against the real app
// (loadConfig + buildApp + listen) on a throwaway database. Each request is a PUT of a full draft:
// validation, then a transaction shared with the saves that arrive meanwhile (locks, reviews,
// scores, assignment statuses, audit records), committed before the answer. Beside it, in the same
// run and on the same database: a bare Fastify route that does one INSERT per request, with the
// same pool size.
// Both servers run in a child process of their own (this file, selected by an environment
// variable), so autocannon does not share a thread with them, and both with the Node flags the
// API's script starts it with (shippedNodeFlags): the runtime's settings are not what is compared.
// Two loads, each on both servers:
// - saturation: 200 connections, each sending its next save as soon as the last is answered, for
//   30 s (autocannon): the throughput, compared with the bare route's. After 10 s of each to warm
//   up, the 30 s of each server are taken in five turns of 6 s, alternating (real app, bare, bare,
//   real app, real app, bare, ...), so that a shared machine speeding up or slowing down during the
//   run (seen here: the bare route's rate moved from 4,100 to 8,100 req/s within one run) weighs on
//   both alike. Every turn's rate is printed. (The app's first turn was often its slowest, after a
//   3 s warm-up and after a 10 s one alike; the cause was not found.)
// - judges' pace: 200 judges, each saving a draft once a second (the editor autosaves after a
//   1.2 s pause in typing, so no judge saves faster), starting at random moments, for 15 s: the
//   latency a judge sees. (At saturation a closed loop's latency is only connections ÷ throughput,
//   so no p99 target means anything there; it is printed all the same.)
// Also the CPU each save costs, in the server process and in its PostgreSQL backends (from /proc),
// which the machine's load does not change the way it changes the wall clock.
// Targets (issue 15): at least 75% of the bare route's throughput, p99 under 100 ms at the judges'
// pace, no errors.
// Called by tests/bench/run.ts; `tsx tests/bench/review-load.ts` also runs it. REVIEW_LOAD_SECONDS,
// REVIEW_LOAD_PACED_SECONDS, REVIEW_LOAD_TURNS and REVIEW_LOAD_CONNECTIONS change the durations,
// the number of turns and the concurrency.

import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error autocannon ships no types; the little used here is typed below.
import autocannonUntyped from 'autocannon';
import postgres from 'postgres';
import { cpuMeter, percentile, shippedNodeFlags } from './support/bench-kit.ts';
import { reportAndServe, serveRealApp } from './support/child-server.ts';

const JUDGES = 200;
const ASSIGNMENTS_PER_JUDGE = 10;
const REVIEWS_PER_ENTRY = 5;
const CONNECTIONS = Number(process.env.REVIEW_LOAD_CONNECTIONS ?? 200);
const DURATION_S = Number(process.env.REVIEW_LOAD_SECONDS ?? 30);
const PACED_S = Number(process.env.REVIEW_LOAD_PACED_SECONDS ?? 15);
/** How often each judge saves at the judges' pace. */
const SAVE_EVERY_MS = 1_000;
const TARGET_RATIO = 0.75;
const TARGET_P99_MS = 100;
const CHILD_ENV = 'REVIEW_LOAD_CHILD';
const here = fileURLToPath(import.meta.url);
type LoadResult = {
  requests: { average: number };
  latency: { p50: number; p99: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
};
type RawRequest = { headers?: Record<string, string> } & Record<string, unknown>;
const autocannon = autocannonUntyped as (options: {
  url: string;
  connections: number;
  duration: number;
  requests: Array<{ method: string; setupRequest: (request: RawRequest) => RawRequest }>;
}) => Promise<LoadResult>;

const rubric = [
  { key: 'innovation', label: 'Innovation', weight: 0.3, min: 1, max: 10 },
  { key: 'technology', label: 'Technology', weight: 0.25, min: 1, max: 10 },
  { key: 'market', label: 'Market', weight: 0.25, min: 1, max: 10 },
  { key: 'team', label: 'Team', weight: 0.2, min: 1, max: 10 },
];

/** The child: either the real app, or the bare route, on a port the OS picks. */
async function runChild() {
  if (process.env[CHILD_ENV] === 'app') return serveRealApp();
  // The bare route: Fastify, postgres.js with the app's pool size, one INSERT, nothing else.
  const { default: Fastify } = await import('fastify');
  const sql = postgres(process.env.DATABASE_URL!, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    onnotice: () => {},
  });
  await sql`create table if not exists bare_inserts (id text primary key, assignment_id text not null, body jsonb not null, created_at timestamptz not null default now())`;
  const app = Fastify({ logger: false });
  app.put<{ Params: { id: string }; Body: unknown }>('/bare/:id', async (request) => {
    const id = randomUUID();
    await sql`insert into bare_inserts (id, assignment_id, body) values (${id}, ${request.params.id}, ${sql.json(request.body as never)})`;
    return { id };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  reportAndServe(app, () => sql.end({ timeout: 5 }));
}

function startChild(kind: 'app' | 'bare', env: Record<string, string>) {
  const child = fork(here, [], {
    execArgv: [...process.execArgv, ...shippedNodeFlags()],
    env: { ...process.env, ...env, [CHILD_ENV]: kind },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
  });
  return { child, port };
}

async function stopChild(child: ChildProcess | null) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function call(base: string, method: string, url: string, body?: unknown, cookie = '') {
  const response = await fetch(new URL(url, base), {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as any;
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
  return { json, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

/** A draft with every criterion scored, different on every request. */
let counter = 0;
function draftBody() {
  counter += 1;
  return JSON.stringify({
    scores: Object.fromEntries(rubric.map((c, i) => [c.key, 1 + ((counter * (i + 3)) % 10)])),
    comment: `Autosaved draft ${counter}: a clear problem, a working prototype, a team that ships.`,
    submit: false,
  });
}

/** Turns of the saturation load: the servers take turns, the order mirrored each pair. */
const TURNS = Number(process.env.REVIEW_LOAD_TURNS ?? 10);
const turnSeconds = Math.max(1, Math.round(DURATION_S / (TURNS / 2)));
/** Load before the turns, not counted: each server's code compiled by the JIT before it is timed. */
const WARM_UP_S = 10;

function load(url: string, targets: Array<{ path: string; cookie: string }>, seconds: number) {
  let next = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'PUT',
        setupRequest: (request) => {
          const target = targets[next++ % targets.length]!;
          return {
            ...request,
            path: target.path,
            headers: {
              ...request.headers,
              'content-type': 'application/json',
              ...(target.cookie ? { cookie: target.cookie } : {}),
            },
            body: draftBody(),
          };
        },
      },
    ],
  });
}

/**
 * Each of `targets`' judges (one keep-alive connection each, through fetch) saves once every
 * SAVE_EVERY_MS for PACED_S seconds, the first save at a random moment of the first period.
 */
async function paced(base: string, targets: Array<{ path: string; cookie: string; judge: string }>) {
  const byJudge = new Map<string, Array<{ path: string; cookie: string }>>();
  for (const t of targets) byJudge.set(t.judge, [...(byJudge.get(t.judge) ?? []), t]);
  const judges = [...byJudge.values()].slice(0, CONNECTIONS);
  const until = performance.now() + PACED_S * 1000;
  const times: number[] = [];
  let failed = 0;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  await Promise.all(
    judges.map(async (mine) => {
      await sleep(Math.random() * SAVE_EVERY_MS);
      for (let k = 0; performance.now() < until; k++) {
        const { path: url, cookie } = mine[k % mine.length]!;
        const began = performance.now();
        const response = await fetch(new URL(url, base), {
          method: 'PUT',
          headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
          body: draftBody(),
        });
        await response.arrayBuffer();
        times.push(performance.now() - began);
        if (response.status !== 200) failed += 1;
        await sleep(began + SAVE_EVERY_MS - performance.now());
      }
    }),
  );
  return { times, failed, judges: judges.length };
}

/**
 * Turns of one server added up: requests and errors summed, the rate over their whole time, the
 * median the turns' median, the p99 the worst turn's (no turn hides a slow one).
 */
function combine(turns: LoadResult[]): LoadResult {
  const sum = (pick: (r: LoadResult) => number) => turns.reduce((n, r) => n + pick(r), 0);
  const p50s = turns.map((r) => r.latency.p50).sort((a, b) => a - b);
  return {
    requests: { average: sum((r) => r.requests.average) / turns.length },
    latency: { p50: p50s[Math.floor(p50s.length / 2)]!, p99: Math.max(...turns.map((r) => r.latency.p99)) },
    '2xx': sum((r) => r['2xx']),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
}

const describe = (name: string, r: LoadResult) =>
  `  ${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(6)} req/s, latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r['2xx'].toLocaleString('en')} × 2xx, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`;

export default async function run(): Promise<void> {
  const { resolveTestPostgres, resolveTestRedis } = await import('../support/services.ts');
  const { runMigrations } = await import('../../server/src/app/db.ts');
  const { hashPassword } = await import('../../server/src/modules/users/users.service.ts');
  const pg = await resolveTestPostgres();
  const redis = await resolveTestRedis();
  const dbName = `wz_bench_reviews_${Date.now()}`;
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  const work = await mkdtemp(path.join(tmpdir(), 'wz-bench-reviews-'));
  let appChild: ChildProcess | null = null;
  let bareChild: ChildProcess | null = null;
  const dbUrl = new URL(pg.url);
  dbUrl.pathname = `/${dbName}`;
  const sql = postgres(dbUrl.toString(), { max: 4, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${dbName}`);
    await runMigrations(dbUrl.toString());
    const organizer = { email: 'bench-office@wuzhen.test', password: 'bench-organizer-password' };
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `wzbench-${Date.now()}`,
      STORAGE_DIR: path.join(work, 'storage'),
      ORGANIZER_EMAIL: organizer.email,
      ORGANIZER_PASSWORD: organizer.password,
      SESSION_SECRET: 'bench-session-secret-0123456789',
      LOG_LEVEL: 'silent',
      LOGIN_RATE_LIMIT: '10000',
      WEB_DIST_DIR: path.join(work, 'no-web'),
    };
    const app = startChild('app', env);
    appChild = app.child;
    const base = `http://127.0.0.1:${await app.port}`;

    // The competition, its track and round through the API, as an organizer makes them.
    const office = (await call(base, 'POST', '/api/v1/auth/login', organizer)).cookie;
    const { json: created } = await call(
      base,
      'POST',
      '/api/v1/competitions',
      {
        name: 'Review Load Cup',
        slug: `review-load-${Date.now()}`,
        submissionClosesAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
      office,
    );
    const competitionId: string = created.competition.id;
    const { json: trackReply } = await call(
      base,
      'POST',
      `/api/v1/competitions/${competitionId}/tracks`,
      { name: 'Artificial Intelligence' },
      office,
    );
    const { json: roundReply } = await call(
      base,
      'POST',
      `/api/v1/competitions/${competitionId}/rounds`,
      {
        name: 'Online preliminary',
        kind: 'review',
        reviewsPerEntry: REVIEWS_PER_ENTRY,
        judgeCapacity: 100,
        criteria: rubric,
      },
      office,
    );
    const roundId: string = roundReply.round.id;

    // Judges, entries and assignments written straight to the database: what is measured is saving.
    const entries = (JUDGES * ASSIGNMENTS_PER_JUDGE) / REVIEWS_PER_ENTRY;
    const passwordHash = await hashPassword('bench-judge-password');
    const judgeRows = Array.from({ length: JUDGES }, (_, i) => ({
      userId: randomUUID(),
      judgeId: randomUUID(),
      email: `judge${i + 1}@bench.test`,
    }));
    await sql`insert into users ${sql(judgeRows.map((j, i) => ({ id: j.userId, email: j.email, name: `Judge ${i + 1}`, password_hash: passwordHash })))}`;
    await sql`insert into competition_members ${sql(judgeRows.map((j) => ({ id: randomUUID(), competition_id: competitionId, user_id: j.userId, role: 'judge' })))}`;
    await sql`insert into judges ${sql(judgeRows.map((j, i) => ({ id: j.judgeId, competition_id: competitionId, user_id: j.userId, name: `Judge ${i + 1}`, email: j.email, country: 'SG' })))}`;
    const teamIds = Array.from({ length: entries }, () => randomUUID());
    await sql`insert into teams ${sql(teamIds.map((id, i) => ({ id, competition_id: competitionId, name: `Team ${i + 1}`, organization: `Org ${i + 1}`, country: 'CN' })))}`;
    const entryIds = Array.from({ length: entries }, () => randomUUID());
    await sql`insert into entries ${sql(entryIds.map((id, i) => ({ id, competition_id: competitionId, team_id: teamIds[i]!, track_id: trackReply.track.id, title: `Entry ${i + 1}`, status: 'submitted', submitted_at: new Date() })))}`;
    const assignmentRows = judgeRows.flatMap((j, n) =>
      Array.from({ length: ASSIGNMENTS_PER_JUDGE }, (_, k) => ({
        id: randomUUID(),
        round_id: roundId,
        entry_id: entryIds[(n * ASSIGNMENTS_PER_JUDGE + k) % entries]!,
        judge_id: j.judgeId,
      })),
    );
    await sql`insert into assignments ${sql(assignmentRows)}`;

    // Each judge signs in once, like a browser would.
    const cookies = new Map<string, string>();
    for (let i = 0; i < judgeRows.length; i += 20) {
      const batch = judgeRows.slice(i, i + 20);
      const signedIn = await Promise.all(
        batch.map((j) =>
          call(base, 'POST', '/api/v1/auth/login', { email: j.email, password: 'bench-judge-password' }),
        ),
      );
      for (const [k, j] of batch.entries()) cookies.set(j.judgeId, signedIn[k]!.cookie);
    }
    const targets = assignmentRows.map((a) => ({
      path: `/api/v1/assignments/${a.id}/review`,
      cookie: cookies.get(a.judge_id)!,
      judge: a.judge_id,
    }));
    // Shuffle so neighbouring requests hit different judges, as real traffic does.
    for (let i = targets.length - 1; i > 0; i--) {
      const j = (i * 7919 + 13) % (i + 1);
      [targets[i], targets[j]] = [targets[j]!, targets[i]!];
    }
    // One request to check the wiring before the load.
    const probe = await fetch(new URL(targets[0]!.path, base), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: targets[0]!.cookie },
      body: draftBody(),
    });
    if (probe.status !== 200)
      throw new Error(`a review save answered ${probe.status}: ${await probe.text()}`);

    console.log(
      `review saving: ${JUDGES} judges × ${ASSIGNMENTS_PER_JUDGE} assignments, ${CONNECTIONS} connections for ${turnSeconds * (TURNS / 2)} s each, drafts with every criterion scored`,
    );
    const bare = startChild('bare', env);
    bareChild = bare.child;
    const bareBase = `http://127.0.0.1:${await bare.port}`;
    const bareTargets = assignmentRows.map((a) => ({ path: `/bare/${a.id}`, cookie: '', judge: a.judge_id }));
    // Each server's turns, and the CPU they cost (the server and its PostgreSQL backends).
    const sides = {
      app: {
        pid: appChild.pid!,
        url: base,
        targets,
        turns: [] as LoadResult[],
        cpu: { serverMs: 0, postgresMs: 0 },
      },
      bare: {
        pid: bareChild.pid!,
        url: bareBase,
        targets: bareTargets,
        turns: [] as LoadResult[],
        cpu: { serverMs: 0, postgresMs: 0 },
      },
    };
    await load(base, targets, WARM_UP_S);
    await load(bareBase, bareTargets, WARM_UP_S);
    for (let i = 0; i < TURNS / 2; i++) {
      for (const side of i % 2 === 0 ? [sides.app, sides.bare] : [sides.bare, sides.app]) {
        const meter = await cpuMeter(sql, dbName, side.pid);
        side.turns.push(await load(side.url, side.targets, turnSeconds));
        const used = await meter.stop();
        side.cpu.serverMs += used.serverMs;
        side.cpu.postgresMs += used.postgresMs;
      }
    }
    const reviews = combine(sides.app.turns);
    const bareResult = combine(sides.bare.turns);
    const appCpu = sides.app.cpu;
    const bareCpu = sides.bare.cpu;
    const appPaced = await paced(base, targets);
    const [saved] = await sql<
      { n: number }[]
    >`select count(*)::int as n from audit_log where action like 'review.%'`;
    await stopChild(appChild);
    appChild = null;
    const barePaced = await paced(bareBase, bareTargets);
    await stopChild(bareChild);
    bareChild = null;

    const perSave = (cpu: { serverMs: number; postgresMs: number }, r: LoadResult) => {
      const n = r['2xx'] + r.non2xx;
      return `CPU per save ${(cpu.serverMs / n).toFixed(2)} ms in the server + ${(cpu.postgresMs / n).toFixed(2)} ms in PostgreSQL`;
    };
    const pacedLine = (name: string, r: { times: number[]; failed: number; judges: number }) =>
      `  ${name.padEnd(34)} ${r.judges} judges × 1 save/s for ${PACED_S} s: ${r.times.length.toLocaleString('en')} saves, p50 ${percentile(r.times, 50).toFixed(0)} ms, p99 ${percentile(r.times, 99).toFixed(0)} ms, max ${percentile(r.times, 100).toFixed(0)} ms, ${r.failed} failed`;
    console.log(
      `saturation (${CONNECTIONS} connections, no pause, ${TURNS / 2} turns of ${turnSeconds} s for each server, taken in alternation):`,
    );
    console.log(`${describe('PUT /assignments/:id/review', reviews)}; ${perSave(appCpu, reviews)}`);
    console.log(
      `${describe('bare route, one INSERT (baseline)', bareResult)}; ${perSave(bareCpu, bareResult)}`,
    );
    const rates = (turns: LoadResult[]) => turns.map((t) => t.requests.average.toFixed(0)).join(', ');
    console.log(
      `  each turn, in the order taken (req/s): review saving ${rates(sides.app.turns)}; bare route ${rates(sides.bare.turns)}`,
    );
    console.log(`the judges' pace (each judge saves once a second):`);
    console.log(pacedLine('PUT /assignments/:id/review', appPaced));
    console.log(pacedLine('bare route, one INSERT (baseline)', barePaced));
    const ratio = reviews.requests.average / bareResult.requests.average;
    const p99 = percentile(appPaced.times, 99);
    const ok =
      ratio >= TARGET_RATIO &&
      p99 < TARGET_P99_MS &&
      reviews.non2xx === 0 &&
      reviews.errors === 0 &&
      appPaced.failed === 0;
    console.log(
      `${ok ? 'PASS' : 'MISS'}: review saving ${reviews.requests.average.toFixed(0)} req/s = ${(ratio * 100).toFixed(0)}% of the bare route's ${bareResult.requests.average.toFixed(0)} req/s (target ≥ ${TARGET_RATIO * 100}%); p99 ${p99.toFixed(0)} ms at the judges' pace (target < ${TARGET_P99_MS} ms; bare route ${percentile(barePaced.times, 99).toFixed(0)} ms), p99 ${reviews.latency.p99} ms at saturation (bare ${bareResult.latency.p99} ms); ${reviews.non2xx + reviews.errors + appPaced.failed} errors; ${saved!.n.toLocaleString('en')} saves audited`,
    );
  } finally {
    await stopChild(appChild);
    await stopChild(bareChild);
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end({ timeout: 5 });
    await rm(work, { recursive: true, force: true });
  }
}

if (process.env[CHILD_ENV]) await runChild();
else if (import.meta.url === `file://${process.argv[1]}`) await run();
