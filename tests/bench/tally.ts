// Benchmark of the pure tally: 100,000 entries × 5 reviews (500,000 reviews), 2,000 judges,
// 5 criteria, method 'bias' with 200 bootstrap resamples per entry. Prints wall time, CPU time
// (the machine may be shared, CPU time is the steadier number) and memory.
// Beside it, in the same run, the baseline: a single SQL aggregate (`avg(total) … group by
// entry_id`) over the same reviews loaded into a throwaway PostgreSQL database (created and
// dropped here, filled with COPY). The aggregate is the floor: raw means only, no calibration, no
// intervals, no ranks; the tally does all of that and must stay under 5 s.
// Called by tests/bench/run.ts; `tsx tests/bench/tally.ts` also runs it.

import { readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import postgres from 'postgres';
import {
  canonicalJson,
  computeTally,
  reviewTotal,
  type TallyInput,
} from '../../server/src/modules/tally/tally.fns.ts';
import { simulateRound } from '../support/tally-simulate.ts';

const ENTRIES = 100_000;
const REVIEWS_PER_ENTRY = 5;
const JUDGES = 2_000;
const RUNS = 3;
const TARGET_MS = 5_000;

/**
 * A seeded synthetic review round: `entries` entries dealt round-robin over 5 tracks, each reviewed
 * by `reviewsPerEntry` distinct judges drawn at random from `judges`, 5 criteria on 1..10 with
 * weights 3,2,2,1,1. Scores are round(true quality + judge offset + noise), so the data has the
 * structure the calibration looks for. Ids are zero-padded (e000001, j0001, r0000001) so that id
 * order is numeric order. Same arguments → same rounds, byte for byte.
 */
export async function generateReviews(
  seed: number,
  entries: number,
  reviewsPerEntry: number,
  judges: number,
): Promise<TallyInput> {
  return simulateRound({ seed, entries, reviewsPerEntry, judges, tracks: 5 }).input;
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A collector we can call, so every measurement starts from the same live heap. */
function collector(): () => void {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * Peak RSS of a synchronous call, exactly: Linux keeps a high-water mark (VmHWM) that writing "5"
 * to /proc/self/clear_refs resets. Null elsewhere (then only the process-wide peak is printed).
 */
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

/** The baseline: the same reviews in PostgreSQL, `avg(total) group by entry_id`, RUNS times. */
async function sqlBaseline(input: TallyInput) {
  const { resolveTestPostgres } = await import('../support/services.ts');
  const pg = await resolveTestPostgres();
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
    const wall: number[] = [];
    let groups = 0;
    for (let i = 0; i < RUNS; i++) {
      const a0 = performance.now();
      const rows =
        await sql`select entry_id, avg(total) as score, count(*) as reviews from reviews group by entry_id`;
      wall.push(performance.now() - a0);
      groups = rows.length;
    }
    return { wall, groups, loadMs };
  } finally {
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end({ timeout: 5 });
    await pg.stop();
  }
}

export default async function run(): Promise<void> {
  const gc = collector();
  const input = await generateReviews(1, ENTRIES, REVIEWS_PER_ENTRY, JUDGES);
  // Read before any high-water-mark reset below.
  const generationPeak = process.resourceUsage().maxRSS * 1024;
  console.log(
    `tally: ${ENTRIES.toLocaleString('en')} entries × ${REVIEWS_PER_ENTRY} reviews = ${input.reviews.length.toLocaleString('en')} reviews, ${JUDGES.toLocaleString('en')} judges, ${input.criteria.length} criteria, ${RUNS} runs per case`,
  );
  // Shuffled copy: the tally must put its inputs in canonical order itself, and pays for it here.
  const shuffled: TallyInput = {
    ...input,
    reviews: shuffle(input.reviews, 7),
    entries: shuffle(input.entries, 8),
  };
  const cases: Array<[string, TallyInput]> = [
    ['bias, inputs in id order', { ...input, cutoffPerTrack: 10 }],
    ['bias, inputs shuffled', { ...shuffled, cutoffPerTrack: 10 }],
    ['bias, no bootstrap', { ...input, cutoffPerTrack: 10, bootstrapSamples: 0 }],
    ['zscore', { ...input, method: 'zscore', cutoffPerTrack: 10 }],
    ['none', { ...input, method: 'none', cutoffPerTrack: 10 }],
  ];
  let reference = '';
  let headline = { ms: 0, entries: 0 };
  for (const [name, tallyInput] of cases) {
    const wall: number[] = [];
    const cpu: number[] = [];
    let rssPeak = 0;
    let rssBefore = 0;
    let heapBefore = 0;
    let heapJustAfter = 0;
    let heapRetained = 0;
    let heapCommitted = 0;
    for (let i = 0; i < RUNS; i++) {
      gc();
      const m0 = process.memoryUsage();
      heapBefore = m0.heapUsed;
      rssBefore = m0.rss;
      let result: ReturnType<typeof computeTally> | undefined;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const peak = peakRss(() => {
        result = computeTally(tallyInput);
      });
      wall.push(performance.now() - t0);
      const c1 = process.cpuUsage(c0);
      cpu.push((c1.user + c1.system) / 1000);
      heapJustAfter = process.memoryUsage().heapUsed; // result live, the call's garbage not yet collected
      // The heap only grows to what a collection could not free, so its committed size right after
      // the call bounds the peak live heap during the call from above.
      heapCommitted = Math.max(heapCommitted, v8.getHeapStatistics().total_heap_size);
      rssPeak = Math.max(rssPeak, peak ?? 0);
      if (name === 'bias, inputs shuffled') headline.entries = result!.entries.length;
      if (name.startsWith('bias') && name !== 'bias, no bootstrap') {
        const text = canonicalJson(result);
        if (reference !== '' && text !== reference)
          throw new Error('tally: shuffled input gave a different snapshot');
        reference = text;
      }
      gc();
      heapRetained = process.memoryUsage().heapUsed - heapBefore; // what the result itself keeps
      result = undefined;
    }
    const w = median(wall);
    if (name === 'bias, inputs shuffled') headline = { ...headline, ms: w };
    console.log(
      `  ${name.padEnd(26)} wall median ${w.toFixed(0).padStart(5)} ms (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)}), cpu median ${median(cpu).toFixed(0).padStart(5)} ms  (target < ${TARGET_MS} ms)`,
    );
    console.log(
      `  ${''.padEnd(26)} heap: ${mb(heapBefore)} used before (input), ${mb(heapJustAfter)} right after, result retains ${mb(heapRetained)}, committed ${mb(heapCommitted)}; rss: ${mb(rssBefore)} before, peak during the call ${rssPeak > 0 ? mb(Math.max(rssPeak, rssBefore)) : 'n/a'}`,
    );
  }
  console.log(
    `  peak rss while generating the input ${mb(generationPeak)}; snapshot ${(reference.length / 2 ** 20).toFixed(1)} MiB of canonical JSON, identical for shuffled input`,
  );
  const baseline = await sqlBaseline(input);
  if (baseline.groups !== headline.entries)
    throw new Error(`the aggregate found ${baseline.groups} entries, the tally ${headline.entries}`);
  const sqlMs = median(baseline.wall);
  console.log(
    `  ${'SQL avg(total) group by entry (baseline)'.padEnd(26)} wall median ${sqlMs.toFixed(0).padStart(5)} ms (min ${Math.min(...baseline.wall).toFixed(0)}, max ${Math.max(...baseline.wall).toFixed(0)}), rows fetched into Node included; COPY of the reviews ${(baseline.loadMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `${headline.ms < TARGET_MS ? 'PASS' : 'MISS'}: tally of ${ENTRIES.toLocaleString('en')} entries × ${REVIEWS_PER_ENTRY} reviews (bias model with bootstrap intervals, shuffled input) ${(headline.ms / 1000).toFixed(2)} s (target < ${TARGET_MS / 1000} s); baseline SQL avg() per entry ${(sqlMs / 1000).toFixed(2)} s (raw means only), ${(headline.ms / sqlMs).toFixed(1)}×`,
  );
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// Direct invocation: `tsx tests/bench/tally.ts`.
if (import.meta.url === `file://${process.argv[1]}`) await run();
