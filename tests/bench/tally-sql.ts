// Benchmark of the tally beside SQL: the tally of 100,000 entries with 5 reviews each (500,000
// reviews, the bias model with 200 bootstrap resamples per entry), timed with its peak memory, and
// beside it, in the same run, a single SQL aggregate (`avg(total) … group by entry_id`) over the
// same reviews loaded into a throwaway PostgreSQL database (created and dropped here, filled with
// COPY). The aggregate is the floor: it computes raw means only, no calibration, no intervals, no
// ranks; the tally does all of that and must stay under 5 s.
// Called by tests/bench/run.ts; `tsx tests/bench/tally-sql.ts` also runs it.

import { readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { computeTally, reviewTotal, type TallyInput } from '../../server/src/modules/tally/tally.fns.ts';
import { generateReviews } from './tally.ts';

const ENTRIES = 100_000;
const REVIEWS_PER_ENTRY = 5;
const JUDGES = 2_000;
const RUNS = 3;
const TARGET_MS = 5_000;

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Peak RSS of a synchronous call, from the kernel's high-water mark (reset first); null off Linux. */
function peakRss(fn: () => void): number | null {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    fn();
    return null;
  }
  fn();
  const m = /VmHWM:\s+(\d+)\s*kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : null;
}

function timeTally(input: TallyInput) {
  const wall: number[] = [];
  let peak = 0;
  let entries = 0;
  for (let i = 0; i < RUNS; i++) {
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const p = peakRss(() => {
      entries = computeTally(input).entries.length;
    });
    wall.push(performance.now() - t0);
    peak = Math.max(peak, (p ?? 0) - rssBefore);
  }
  return { wall, peakGrowth: peak, entries };
}

/** The reviews as `review_id, entry_id, judge_id, total` lines for COPY, streamed in chunks. */
function* copyLines(input: TallyInput) {
  const rows: string[] = [];
  for (const r of input.reviews) {
    rows.push(`${r.id}\t${r.entryId}\t${r.judgeId}\t${reviewTotal(input.criteria, r.scores)}\n`);
    if (rows.length === 10_000) {
      yield rows.join('');
      rows.length = 0;
    }
  }
  if (rows.length) yield rows.join('');
}

export default async function run(): Promise<void> {
  const { resolveTestPostgres } = await import('../support/services.ts');
  const pg = await resolveTestPostgres();
  const input = await generateReviews(1, ENTRIES, REVIEWS_PER_ENTRY, JUDGES);
  const tallyInput: TallyInput = { ...input, method: 'bias', cutoffPerTrack: 10 };
  console.log(
    `tally beside SQL: ${ENTRIES.toLocaleString('en')} entries × ${REVIEWS_PER_ENTRY} reviews = ${input.reviews.length.toLocaleString('en')} reviews, ${JUDGES.toLocaleString('en')} judges; ${RUNS} runs each`,
  );

  const tally = timeTally(tallyInput);
  const tallyMs = median(tally.wall);

  const dbName = `wz_bench_tally_${Date.now()}`;
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const url = new URL(pg.url);
  url.pathname = `/${dbName}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql`create table reviews (review_id text primary key, entry_id text not null, judge_id text not null, total double precision not null)`;
    const t0 = performance.now();
    const copy = await sql`copy reviews (review_id, entry_id, judge_id, total) from stdin`.writable();
    await pipeline(Readable.from(copyLines(input)), copy);
    await sql`analyze reviews`;
    const loadMs = performance.now() - t0;

    const aggregate: number[] = [];
    let groups = 0;
    for (let i = 0; i < RUNS; i++) {
      const a0 = performance.now();
      const rows =
        await sql`select entry_id, avg(total) as score, count(*) as reviews from reviews group by entry_id`;
      aggregate.push(performance.now() - a0);
      groups = rows.length;
    }
    const sqlMs = median(aggregate);
    if (groups !== tally.entries)
      throw new Error(`the aggregate found ${groups} entries, the tally ${tally.entries}`);

    console.log(
      `  computeTally (bias, bootstrap, ranks, judges)  median ${tallyMs.toFixed(0).padStart(6)} ms (min ${Math.min(...tally.wall).toFixed(0)}, max ${Math.max(...tally.wall).toFixed(0)}), peak rss growth ${tally.peakGrowth > 0 ? mb(tally.peakGrowth) : 'n/a'}  ${tallyMs < TARGET_MS ? 'OK' : 'OVER'} (target < ${TARGET_MS} ms)`,
    );
    console.log(
      `  SQL avg(total) group by entry_id (baseline)    median ${sqlMs.toFixed(0).padStart(6)} ms (min ${Math.min(...aggregate).toFixed(0)}, max ${Math.max(...aggregate).toFixed(0)}), rows fetched into Node included`,
    );
    console.log(
      `  the tally takes ${(tallyMs / sqlMs).toFixed(1)}× the raw-mean aggregate; loading the reviews with COPY took ${(loadMs / 1000).toFixed(1)} s`,
    );
  } finally {
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
