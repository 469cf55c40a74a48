// Benchmark of the submission deadline (issue 15, item 2): DEADLINE_TEAMS (200) teams, each signed
// in with an entry of its own, upload a DEADLINE_MB (50 MB) video at the same moment to the real API
// process (loadConfig + buildApp, in a child process), which parses each multipart body, checks its
// type from its first bytes, hashes it and writes it to STORAGE_DIR, then records it. Each body is
// its own file (16 bytes differ), so nothing is deduplicated.
// Beside it, in the same run: the same uploads at once to a bare Node HTTP server that writes each
// request body to disk (support/upload-kit.ts). Throughput = bytes / time until the last answer
// and a sync. The server's memory (RSS sampled every 20 ms) is read from /proc.
// Targets: server memory growth under 256 MB, every upload answered 201 and stored whole; the
// throughput is printed beside the bare server's.
// Called by tests/bench/run.ts (`pnpm bench deadline`); `tsx tests/bench/deadline.ts` also runs it.

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  benchOrganizer,
  createBenchEnvironment,
  createClient,
  mb,
  procStatus,
  startChild,
  stopChild,
} from './support/bench-kit.ts';
import { serveRealApp } from './support/child-server.ts';
import { runBareDiskServer, uploadMultipart, videoBody } from './support/upload-kit.ts';

const TEAMS = Number(process.env.DEADLINE_TEAMS ?? 200);
const SIZE = Number(process.env.DEADLINE_MB ?? 50) * 1024 * 1024;
const MEMORY_TARGET = 256 * 1024 * 1024;
const ROLE = 'DEADLINE_ROLE';
const here = fileURLToPath(import.meta.url);

const flushDisk = () => {
  try {
    execFileSync('sync');
  } catch {
    // Not everywhere; the numbers are then a little noisier.
  }
};

/** All uploads at once; the server's peak RSS meanwhile; the time until the last answer and a sync. */
async function wave(pid: number, uploads: Array<() => Promise<{ status: number; body: any }>>) {
  const before = procStatus(pid, 'VmRSS') ?? 0;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, procStatus(pid, 'VmRSS') ?? 0);
  }, 20);
  const began = performance.now();
  const answers = await Promise.all(
    uploads.map((upload) => upload().catch((err: Error) => ({ status: 0, body: { error: err.message } }))),
  );
  flushDisk();
  const ms = performance.now() - began;
  clearInterval(sampler);
  peak = Math.max(peak, procStatus(pid, 'VmRSS') ?? 0);
  return { answers, ms, before, growth: peak - before };
}

export default async function run(): Promise<void> {
  const bench = await createBenchEnvironment('deadline');
  const { hashPassword } = await import('../../server/src/modules/users/users.service.ts');
  const { sql } = bench;
  let app: ReturnType<typeof startChild<{ port: number }>> | null = null;
  let bare: ReturnType<typeof startChild<{ port: number }>> | null = null;
  const storageDir = bench.env.STORAGE_DIR!;
  const bareDir = path.join(bench.work, 'bare');
  try {
    app = startChild(here, ROLE, 'app', {
      ...bench.env,
      UPLOAD_VIDEO_MAX_MB: String(Math.ceil(SIZE / 1024 / 1024) + 10),
    });
    const port = (await app.ready).port;
    const base = `http://127.0.0.1:${port}`;
    const office = createClient(base);
    await office('POST', '/api/v1/auth/login', benchOrganizer);
    const { competition } = await office('POST', '/api/v1/competitions', {
      name: 'Deadline Bench Cup',
      slug: `deadline-${Date.now()}`,
      submissionClosesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const { track } = await office('POST', `/api/v1/competitions/${competition.id}/tracks`, {
      name: 'Digital Medicine',
    });
    // Teams, their owners and draft entries written to the database; each owner signs in.
    const passwordHash = await hashPassword('bench-team-password');
    const teams = Array.from({ length: TEAMS }, (_, i) => ({
      userId: randomUUID(),
      teamId: randomUUID(),
      entryId: randomUUID(),
      email: `owner${i + 1}@deadline.test`,
    }));
    await sql`insert into users ${sql(teams.map((t, i) => ({ id: t.userId, email: t.email, name: `Owner ${i + 1}`, password_hash: passwordHash })))}`;
    await sql`insert into teams ${sql(teams.map((t, i) => ({ id: t.teamId, competition_id: competition.id, owner_id: t.userId, name: `Team ${i + 1}`, organization: `Lab ${i + 1}`, country: 'CN' })))}`;
    await sql`insert into entries ${sql(teams.map((t, i) => ({ id: t.entryId, competition_id: competition.id, team_id: t.teamId, track_id: track.id, title: `Entry ${i + 1}`, status: 'draft' })))}`;
    const cookies: string[] = [];
    for (let i = 0; i < teams.length; i += 20) {
      const signed = await Promise.all(
        teams.slice(i, i + 20).map(async (t) => {
          const client = createClient(base);
          await client('POST', '/api/v1/auth/login', { email: t.email, password: 'bench-team-password' });
          return client.cookie();
        }),
      );
      cookies.push(...signed);
    }

    console.log(`deadline: ${TEAMS} teams upload ${mb(SIZE)} each at once (${mb(SIZE * TEAMS)} in all)`);
    flushDisk();
    const appWave = await wave(
      app.child.pid!,
      teams.map(
        (t, i) => () =>
          uploadMultipart({
            port,
            urlPath: `/api/v1/entries/${t.entryId}/files`,
            cookie: cookies[i]!,
            size: SIZE,
            body: videoBody(SIZE),
          }),
      ),
    );
    const created = appWave.answers.filter((a) => a.status === 201 && a.body.file?.size === SIZE).length;
    const [rows] = await sql<{ n: number; bytes: string }[]>`
      select count(*)::int as n, coalesce(sum(size), 0)::text as bytes from files
      where entry_id in ${sql(teams.map((t) => t.entryId))}`;
    const refused = appWave.answers.filter((a) => a.status !== 201);
    if (refused.length > 0)
      console.log(`  first refusal: ${refused[0]!.status} ${JSON.stringify(refused[0]!.body).slice(0, 300)}`);
    await stopChild(app.child);
    app = null;
    await rm(storageDir, { recursive: true, force: true });
    flushDisk();

    bare = startChild(here, ROLE, 'bare', { BARE_DIR: bareDir });
    const barePort = (await bare.ready).port;
    const bareWave = await wave(
      bare.child.pid!,
      teams.map(
        () => () =>
          uploadMultipart({ port: barePort, urlPath: '/upload', size: SIZE, body: videoBody(SIZE) }),
      ),
    );
    const bareFiles = await readdir(bareDir);
    const bareWhole = (await Promise.all(bareFiles.map((f) => stat(path.join(bareDir, f))))).filter(
      (s) => s.size > SIZE,
    ).length;
    await stopChild(bare.child);
    bare = null;
    await rm(bareDir, { recursive: true, force: true });

    const rate = (ms: number) => `${((SIZE * TEAMS) / 1024 / 1024 / (ms / 1000)).toFixed(0)} MB/s`;
    console.log(
      `  the app: ${(appWave.ms / 1000).toFixed(1)} s, ${rate(appWave.ms)}; ${created} answered 201 with the whole file, ${rows!.n} files recorded (${mb(Number(rows!.bytes))}); server RSS ${mb(appWave.before)} + ${mb(appWave.growth)} at peak`,
    );
    console.log(
      `  bare HTTP-to-disk server (baseline): ${(bareWave.ms / 1000).toFixed(1)} s, ${rate(bareWave.ms)}; ${bareWhole} bodies written whole; RSS ${mb(bareWave.before)} + ${mb(bareWave.growth)} at peak`,
    );
    const ratio = bareWave.ms / appWave.ms;
    const ok = appWave.growth < MEMORY_TARGET && created === TEAMS && rows!.n === TEAMS;
    console.log(
      `${ok ? 'PASS' : 'MISS'}: ${TEAMS} × ${mb(SIZE)} at once, ${rate(appWave.ms)} = ${(ratio * 100).toFixed(0)}% of the bare HTTP-to-disk server's ${rate(bareWave.ms)}, server memory +${mb(appWave.growth)} (target < 256 MB), ${created}/${TEAMS} uploads stored whole, ${TEAMS - created} lost`,
    );
  } finally {
    await stopChild(app?.child);
    await stopChild(bare?.child);
    await bench.close();
  }
}

const role = process.env[ROLE];
if (role === 'app') await serveRealApp();
else if (role === 'bare') await runBareDiskServer(process.env.BARE_DIR!);
else if (process.argv[1] === here) await run();
