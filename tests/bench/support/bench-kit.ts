// What the event benchmarks (ceremony, first page, live final, deadline) share: a throwaway
// database, servers in child processes of their own (with the file limit raised where thousands of
// sockets are open), their memory from /proc, and a competition with awards made through the API.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM), or null. */
export function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** What stands between `node` and `--import` in a package.json script: the Node flags it sets. */
export function nodeFlagsOf(script: string): string[] | null {
  const match = /\bnode ((?:--[\w-]+(?:=\S+)? )*)--import /.exec(script);
  return match ? match[1]!.trim().split(' ').filter(Boolean) : null;
}

/**
 * The Node flags the API ships with, read from server/package.json's `api` script, so that a bench
 * runs the app's process as it is started.
 */
export function shippedNodeFlags(): string[] {
  const manifest = JSON.parse(
    readFileSync(new URL('../../../server/package.json', import.meta.url), 'utf8'),
  ) as { scripts: Record<string, string> };
  const flags = nodeFlagsOf(manifest.scripts.api ?? '');
  if (!flags) throw new Error("server/package.json's api script does not start node as expected.");
  return flags;
}

/**
 * How many connections wait in the accept queue of the socket listening on `port` (IPv4), sampled
 * every 100 ms from /proc/net/tcp (a listening socket's rx_queue is its accept queue) until `stop`,
 * which gives the largest. Zero where /proc/net/tcp cannot be read.
 */
export function acceptQueueSampler(port: number) {
  const local = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const sample = () => {
    try {
      for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n')) {
        const [, address, , state, queues] = line.trim().split(/\s+/);
        if (state === '0A' && address?.endsWith(local)) return Number.parseInt(queues!.split(':')[1]!, 16);
      }
    } catch {}
    return 0;
  };
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, sample());
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function percentile(values: number[], p: number) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs `file` (a bench module) in a child process with `role` in `roleVariable`, through a shell that
 * first raises the open-file limit to the hard limit (`ulimit -n`), with an IPC channel. The child
 * sends `{ ready: ... }` once listening; `ready` resolves with it. Every child, the app and the
 * baselines alike, runs with the Node flags the API ships with.
 */
export function startChild<Ready = { port: number }>(
  file: string,
  roleVariable: string,
  role: string,
  env: Record<string, string> = {},
  nodeOptions: string[] = [],
) {
  const child = spawn(
    '/bin/sh',
    [
      '-c',
      'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"',
      process.execPath,
      ...process.execArgv,
      ...shippedNodeFlags(),
      ...nodeOptions,
      file,
    ],
    {
      env: { ...process.env, ...env, [roleVariable]: role },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const ready = new Promise<Ready>((resolve, reject) => {
    const onMessage = (m: { ready?: Ready; port?: number }) => {
      if (m.ready !== undefined) resolve(m.ready);
      else if (typeof m.port === 'number') resolve({ port: m.port } as Ready);
      else return;
      child.off('message', onMessage);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`the ${role} process exited with ${code}`)));
  });
  return { child, ready };
}

/** Asks a child to stop ('stop' message), and kills it if it has not within 5 s. */
export async function stopChild(child: ChildProcess | null | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Sends a message to a child and waits for its answer (the next message that has `reply`). */
export function ask<T>(child: ChildProcess, message: object): Promise<T> {
  return new Promise<T>((resolve) => {
    const onMessage = (m: { reply?: T }) => {
      if (m.reply === undefined) return;
      child.off('message', onMessage);
      resolve(m.reply);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** A JSON client with its own cookie. */
export function createClient(base: string) {
  let cookie = '';
  const call = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(new URL(url, base), {
      method,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0]!;
    const json = (await response.json()) as Record<string, any>;
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  return Object.assign(call, { cookie: () => cookie });
}
export type Client = ReturnType<typeof createClient>;

export const benchOrganizer = { email: 'bench-office@wuzhen.test', password: 'bench-organizer-password' };

/**
 * A migrated database of its own on the test PostgreSQL, Redis, a work folder, and the environment
 * a production API process gets. `close` drops all of it.
 */
export async function createBenchEnvironment(name: string) {
  const { resolveTestPostgres, resolveTestRedis } = await import('../../support/services.ts');
  const { runMigrations } = await import('../../../server/src/app/db.ts');
  const pg = await resolveTestPostgres();
  const redis = await resolveTestRedis();
  const dbName = `wz_bench_${name}_${Date.now()}`;
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const dbUrl = new URL(pg.url);
  dbUrl.pathname = `/${dbName}`;
  await runMigrations(dbUrl.toString());
  const sql = postgres(dbUrl.toString(), { max: 4, onnotice: () => {} });
  const work = await mkdtemp(path.join(tmpdir(), `wz-bench-${name}-`));
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `wzbench-${name}-${Date.now()}`,
    STORAGE_DIR: path.join(work, 'storage'),
    ORGANIZER_EMAIL: benchOrganizer.email,
    ORGANIZER_PASSWORD: benchOrganizer.password,
    SESSION_SECRET: 'bench-session-secret-0123456789',
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT: '10000',
    WEB_DIST_DIR: path.join(work, 'no-web'),
  };
  return {
    sql,
    work,
    env,
    async close() {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
      await admin.end({ timeout: 5 });
      await rm(work, { recursive: true, force: true });
      await redis.stop();
      await pg.stop();
    },
  };
}

/**
 * A competition with a track, `entries` submitted entries (teams and entries written to the
 * database) and `awards` prizes, each with one winner and a citation, chosen through the API.
 * Nothing is published yet.
 */
export async function seedAwardsCompetition(
  sql: postgres.Sql,
  office: Client,
  { entries = 40, awards = 8, slug = `bench-cup-${Date.now()}` } = {},
) {
  const { competition } = await office('POST', '/api/v1/competitions', {
    name: 'Wuzhen Bench Cup',
    slug,
    description: 'A competition made by a benchmark.',
    submissionClosesAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  const { track } = await office('POST', `/api/v1/competitions/${competition.id}/tracks`, {
    name: 'Artificial Intelligence',
  });
  const countries = ['CN', 'DE', 'US', 'JP', 'SG', 'FR', 'BR', 'IN'];
  const teamRows = Array.from({ length: entries }, (_, i) => ({
    id: randomUUID(),
    competition_id: competition.id,
    name: `Team ${i + 1}`,
    organization: `Organization ${i + 1}`,
    country: countries[i % countries.length]!,
  }));
  await sql`insert into teams ${sql(teamRows)}`;
  const entryRows = teamRows.map((team, i) => ({
    id: randomUUID(),
    competition_id: competition.id,
    team_id: team.id,
    track_id: track.id,
    title: `Project ${i + 1}: a clinic-grade assistant that ships`,
    status: 'submitted',
    submitted_at: new Date(),
  }));
  await sql`insert into entries ${sql(entryRows)}`;
  const awardIds: string[] = [];
  for (let i = 0; i < awards; i++) {
    const { award } = await office('POST', `/api/v1/competitions/${competition.id}/awards`, {
      name: `Prize ${i + 1}`,
      kind: 'prize',
      level: Math.min(i + 1, 10),
      slots: 1,
      description: `The prize in place ${i + 1}.`,
    });
    await office('PUT', `/api/v1/awards/${award.id}/winners`, [
      {
        entryId: entryRows[i]!.id,
        citation: `For a project that turned a hard problem into a working service used every day by people who needed it (${i + 1}).`,
      },
    ]);
    awardIds.push(award.id);
  }
  return { competitionId: competition.id as string, slug, awardIds, entryIds: entryRows.map((e) => e.id) };
}

/** Answers the parent's messages in a child: `handle` gets each message and returns the reply. */
export function answerParent(handle: (message: any) => Promise<unknown> | unknown) {
  process.on('message', async (message: any) => {
    if (message === 'stop') return;
    process.send?.({ reply: (await handle(message)) ?? null });
  });
}

/** CPU time (user + system) of processes, in ms, from /proc/<pid>/stat; a process gone counts 0. */
export function cpuMs(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at ") ": utime is the 14th field.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      out.set(pid, 0);
    }
  }
  return out;
}

/**
 * Counts the CPU a server spends, wherever the machine's load puts the wall clock: the server
 * process and the PostgreSQL backends connected to its database (the load generator's own
 * connections excluded). `stop` returns the CPU ms spent since `start`, split in the two.
 */
export async function cpuMeter(sql: postgres.Sql, database: string, serverPid: number) {
  const backends = async () =>
    (
      await sql<
        { pid: number }[]
      >`select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`
    ).map((r) => r.pid);
  const before = cpuMs([serverPid, ...(await backends())]);
  return {
    async stop() {
      const after = cpuMs([serverPid, ...(await backends())]);
      let postgresMs = 0;
      for (const [pid, ms] of after) if (pid !== serverPid) postgresMs += ms - (before.get(pid) ?? 0);
      return { serverMs: after.get(serverPid)! - before.get(serverPid)!, postgresMs };
    },
  };
}
