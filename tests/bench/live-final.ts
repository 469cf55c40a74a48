// Benchmark of the live final (issue 15, item 3): a panel of LIVE_JUDGES (60) judges, each signed
// in, all submit their score of the pitch at the same instant, pitch after pitch (LIVE_PITCHES),
// to the real API process (loadConfig + buildApp, in a child process). Each submission is the
// judge's PUT /assignments/:id/review with every criterion and `submit: true`: checked, stored with
// its audit record in a transaction, answered once committed. The time of each is from its
// request to its answer.
// Beside it, in the same run: the same number of requests at once to a bare Fastify route doing one
// INSERT each (postgres.js, the app's pool size).
// Target: every submission acknowledged, p99 under 200 ms over all pitches.
// Called by tests/bench/run.ts (`pnpm bench live`); `tsx tests/bench/live-final.ts` also runs it.

import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import {
  benchOrganizer,
  createBenchEnvironment,
  createClient,
  percentile,
  startChild,
  stopChild,
} from './support/bench-kit.ts';
import { reportAndServe, serveRealApp } from './support/child-server.ts';

const JUDGES = Number(process.env.LIVE_JUDGES ?? 60);
const PITCHES = Number(process.env.LIVE_PITCHES ?? 6);
const ROLE = 'LIVE_FINAL_ROLE';
const here = fileURLToPath(import.meta.url);
const rubric = [
  { key: 'innovation', label: 'Innovation', weight: 0.3, min: 1, max: 10 },
  { key: 'technology', label: 'Technology', weight: 0.25, min: 1, max: 10 },
  { key: 'market', label: 'Market', weight: 0.25, min: 1, max: 10 },
  { key: 'team', label: 'Team', weight: 0.2, min: 1, max: 10 },
];

async function runBare() {
  const { default: Fastify } = await import('fastify');
  const sql = postgres(process.env.DATABASE_URL!, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    onnotice: () => {},
  });
  await sql`create table if not exists bare_live (id text primary key, assignment_id text not null, body jsonb not null)`;
  const app = Fastify({ logger: false });
  app.put<{ Params: { id: string }; Body: unknown }>('/bare/:id', async (request) => {
    const id = randomUUID();
    await sql`insert into bare_live (id, assignment_id, body) values (${id}, ${request.params.id}, ${sql.json(request.body as never)})`;
    return { id };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  reportAndServe(app, () => sql.end({ timeout: 5 }));
}

/** All at once: each request's time from its start to its answer, and the statuses. */
async function burst(requests: Array<{ url: string; cookie: string; body: string }>) {
  return Promise.all(
    requests.map(async ({ url, cookie, body }) => {
      const began = performance.now();
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body,
      });
      await response.arrayBuffer();
      return { ms: performance.now() - began, status: response.status };
    }),
  );
}

export default async function run(): Promise<void> {
  const bench = await createBenchEnvironment('live');
  const { hashPassword } = await import('../../server/src/modules/users/users.service.ts');
  let app: ReturnType<typeof startChild<{ port: number }>> | null = null;
  let bare: ReturnType<typeof startChild<{ port: number }>> | null = null;
  const { sql } = bench;
  try {
    app = startChild(here, ROLE, 'app', bench.env);
    const base = `http://127.0.0.1:${(await app.ready).port}`;
    const office = createClient(base);
    await office('POST', '/api/v1/auth/login', benchOrganizer);
    const { competition } = await office('POST', '/api/v1/competitions', {
      name: 'Live Final Bench',
      slug: `live-final-${Date.now()}`,
      submissionClosesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const { track } = await office('POST', `/api/v1/competitions/${competition.id}/tracks`, {
      name: 'Artificial Intelligence',
    });
    const { round } = await office('POST', `/api/v1/competitions/${competition.id}/rounds`, {
      name: 'Final roadshow',
      kind: 'live',
      reviewsPerEntry: 5,
      judgeCapacity: 100,
      normalization: 'none',
      criteria: rubric,
    });

    // Finalists and judges written to the database; the panel and the pitches through the API.
    const teamIds = Array.from({ length: PITCHES }, () => randomUUID());
    await sql`insert into teams ${sql(teamIds.map((id, i) => ({ id, competition_id: competition.id, name: `Finalist ${i + 1}`, organization: `Org ${i + 1}`, country: 'CN' })))}`;
    const entryIds = Array.from({ length: PITCHES }, () => randomUUID());
    await sql`insert into entries ${sql(entryIds.map((id, i) => ({ id, competition_id: competition.id, team_id: teamIds[i]!, track_id: track.id, title: `Finalist project ${i + 1}`, status: 'submitted', submitted_at: new Date() })))}`;
    await sql`insert into round_entries ${sql(entryIds.map((id, i) => ({ id: randomUUID(), round_id: round.id, entry_id: id, source: 'advancement', position: i + 1 })))}`;
    const passwordHash = await hashPassword('bench-judge-password');
    const judges = Array.from({ length: JUDGES }, (_, i) => ({
      userId: randomUUID(),
      judgeId: randomUUID(),
      email: `panel${i + 1}@bench.test`,
    }));
    await sql`insert into users ${sql(judges.map((j, i) => ({ id: j.userId, email: j.email, name: `Panel Judge ${i + 1}`, password_hash: passwordHash })))}`;
    await sql`insert into competition_members ${sql(judges.map((j) => ({ id: randomUUID(), competition_id: competition.id, user_id: j.userId, role: 'judge' })))}`;
    await sql`insert into judges ${sql(judges.map((j, i) => ({ id: j.judgeId, competition_id: competition.id, user_id: j.userId, name: `Panel Judge ${i + 1}`, email: j.email, country: 'SG', invitation_accepted_at: new Date() })))}`;
    await office('POST', `/api/v1/rounds/${round.id}/panel`, { judgeIds: judges.map((j) => j.judgeId) });
    const panel = await Promise.all(
      judges.map(async (j) => {
        const client = createClient(base);
        await client('POST', '/api/v1/auth/login', { email: j.email, password: 'bench-judge-password' });
        return client;
      }),
    );

    const scoreBody = (k: number) =>
      JSON.stringify({
        scores: Object.fromEntries(rubric.map((c, i) => [c.key, 1 + ((k * (i + 3)) % 10)])),
        comment: `Live score ${k}: a clear pitch, answers that hold.`,
        submit: true,
      });
    const appTimes: number[] = [];
    const perPitch: number[] = [];
    let failures = 0;
    for (let pitch = 0; pitch < PITCHES; pitch++) {
      await office('POST', `/api/v1/rounds/${round.id}/live`, { action: 'next' });
      await office('POST', `/api/v1/rounds/${round.id}/live`, { action: 'start' });
      // Each judge's tablet shows the pitch (and its assignment) before the judge scores.
      const views = await Promise.all(
        panel.map((client) => client('GET', `/api/v1/rounds/${round.id}/live`)),
      );
      const requests = views.map((view, k) => ({
        url: `${base}/api/v1/assignments/${view.live.mine.assignmentId}/review`,
        cookie: panel[k]!.cookie(),
        body: scoreBody(pitch * JUDGES + k),
      }));
      const answers = await burst(requests);
      failures += answers.filter((a) => a.status !== 200).length;
      appTimes.push(...answers.map((a) => a.ms));
      perPitch.push(
        percentile(
          answers.map((a) => a.ms),
          99,
        ),
      );
      await office('POST', `/api/v1/rounds/${round.id}/live`, { action: 'stop' });
    }
    const [stored] = await sql<{ n: number }[]>`
      select count(*)::int as n from reviews r join assignments a on a.id = r.assignment_id
      where a.round_id = ${round.id} and r.status = 'submitted'`;
    await stopChild(app.child);
    app = null;

    bare = startChild(here, ROLE, 'bare', bench.env);
    const bareBase = `http://127.0.0.1:${(await bare.ready).port}`;
    const bareTimes: number[] = [];
    for (let pitch = 0; pitch < PITCHES; pitch++) {
      const answers = await burst(
        judges.map((j, k) => ({
          url: `${bareBase}/bare/${j.judgeId}`,
          cookie: '',
          body: scoreBody(pitch * JUDGES + k),
        })),
      );
      bareTimes.push(...answers.map((a) => a.ms));
    }

    const p = (xs: number[], q: number) => `${percentile(xs, q).toFixed(0)} ms`;
    console.log(`live final: ${JUDGES} panel judges submit at the same instant, ${PITCHES} pitches`);
    console.log(
      `  PUT review (submit)            p50 ${p(appTimes, 50)}, p99 ${p(appTimes, 99)}, max ${p(appTimes, 100)}; per pitch p99 ${perPitch.map((x) => x.toFixed(0)).join(', ')} ms; ${stored!.n} of ${JUDGES * PITCHES} stored, ${failures} failed`,
    );
    console.log(
      `  bare route, one INSERT (baseline) p50 ${p(bareTimes, 50)}, p99 ${p(bareTimes, 99)}, max ${p(bareTimes, 100)}`,
    );
    const ok = percentile(appTimes, 99) < 200 && failures === 0 && stored!.n === JUDGES * PITCHES;
    console.log(
      `${ok ? 'PASS' : 'MISS'}: ${JUDGES} simultaneous submissions × ${PITCHES}, p99 ${p(appTimes, 99)} (target < 200 ms; bare INSERT route p99 ${p(bareTimes, 99)}), ${stored!.n}/${JUDGES * PITCHES} stored, ${failures} failed`,
    );
  } finally {
    await stopChild(app?.child);
    await stopChild(bare?.child);
    await bench.close();
  }
}

const role = process.env[ROLE];
if (role === 'app') await serveRealApp();
else if (role === 'bare') await runBare();
else if (process.argv[1] === here) await run();
