// Benchmark of the exact judge-assignment solver (server/src/modules/assignment/assignment.fns.ts)
// against HiGHS (WASM) solving the same instance's linear program.
//
// Instances are seeded and synthetic: 6 tracks of uneven popularity, k = 3 reviews per entry,
// judges with 1–3 expertise tracks, capacities around ceil(1.3 × demand / judges) (±2), one
// organization per ~5 judges (written with varying case and punctuation), ~2% of all entry × judge
// pairs conflicted. Scales: real (1,110 entries, 150 judges) and ten times (11,100, 1,500).
//
// Every measurement runs in a fresh child process (this same file, selected by an environment
// variable), so the peak RSS is the child's own high-water mark (VmHWM, reset right before the
// solve) and a HiGHS crash or out-of-memory cannot take the benchmark down. The solver child solves
// twice: "cold" (first call in a fresh process, JIT warm-up included — what a job sees) and "warm".
// HiGHS gets the full LP (every allowed pair, no pruning) with the solver's own weights, so the two
// weighted optima must be equal; the objective triples are compared too.
//
// Called by tests/bench/run.ts; `tsx tests/bench/assignment.ts` also runs it.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  affinityOf,
  normalizeOrganization,
  objectiveWeights,
  type SolverInput,
  type SolverObjective,
  solveAssignment,
} from '../../server/src/modules/assignment/assignment.fns.ts';

const SCALES = [
  { name: 'real', entries: 1_110, judges: 150, targetMs: 1_000 },
  { name: '10x', entries: 11_100, judges: 1_500, targetMs: 15_000 },
] as const;
const REVIEWS_PER_ENTRY = 3;
const TRACKS = 6;
const CONFLICT_RATE = 0.02;
const SEED = 20_240_601;
/** HiGHS's own time limit; the child is killed 60 s after it. */
const HIGHS_TIME_LIMIT_S = 300;
const CHILD_ENV = 'ASSIGNMENT_BENCH_CHILD';

/** mulberry32: a small seeded PRNG, so the instances are the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateRound(seed: number, entryCount: number, judgeCount: number): SolverInput {
  const random = prng(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const tracks = Array.from({ length: TRACKS }, (_, i) => `track-${i + 1}`);
  const popularity = [0.3, 0.22, 0.16, 0.13, 0.11, 0.08];
  const trackOf = () => {
    let r = random();
    for (let t = 0; t < TRACKS; t++) {
      r -= popularity[t]!;
      if (r < 0) return tracks[t]!;
    }
    return tracks[TRACKS - 1]!;
  };
  const entries = Array.from({ length: entryCount }, (_, i) => ({
    id: `e${String(i).padStart(6, '0')}`,
    trackId: trackOf(),
    title: `Entry ${i}`,
  }));
  const baseCapacity = Math.ceil((1.3 * entryCount * REVIEWS_PER_ENTRY) / judgeCount);
  const spellings = (o: number) => [`Org ${o} Inc.`, `org ${o} inc`, `ORG-${o} INC`, ` Org ${o}  Inc `];
  const organizations = Math.max(2, Math.round(judgeCount / 5));
  const judges = Array.from({ length: judgeCount }, (_, i) => {
    const expertise: string[] = [];
    const n = 1 + pick(3);
    while (expertise.length < n) {
      const t = tracks[pick(TRACKS)]!;
      if (!expertise.includes(t)) expertise.push(t);
    }
    return {
      id: `j${String(i).padStart(5, '0')}`,
      organization: spellings(pick(organizations))[pick(4)]!,
      expertise,
      capacity: Math.max(1, baseCapacity - 2 + pick(5)),
    };
  });
  const conflicts: Array<{ entryId: string; judgeId: string }> = [];
  const seen = new Set<number>();
  const wanted = Math.round(CONFLICT_RATE * entryCount * judgeCount);
  while (conflicts.length < wanted) {
    const e = pick(entryCount);
    const j = pick(judgeCount);
    if (seen.has(e * judgeCount + j)) continue;
    seen.add(e * judgeCount + j);
    conflicts.push({ entryId: entries[e]!.id, judgeId: judges[j]!.id });
  }
  return { entries, judges, reviewsPerEntry: REVIEWS_PER_ENTRY, conflicts };
}

/** The solver's weights for a round without locked pairs (see objectiveWeights). */
function weightsOf(input: SolverInput) {
  const active = input.judges.filter((j) => j.capacity > 0);
  const maxCapacity = Math.max(0, ...active.map((j) => j.capacity));
  return objectiveWeights(active.length, input.reviewsPerEntry > 0 ? input.entries.length : 0, maxCapacity);
}

/** −W·affinity + P·same-organization surplus + Σ load²: the single objective both solvers minimize. */
function weighted(input: SolverInput, o: SolverObjective): number {
  const w = weightsOf(input);
  return -w.affinity * o.totalAffinity + w.organization * o.sameOrganizationEntries + o.sumSquaredLoads;
}

/** Objective triple of a set of pairs, from the definitions (independent of the solver). */
function objectiveOf(input: SolverInput, pairs: Array<[number, number]>): SolverObjective {
  let totalAffinity = 0;
  const orgCount = new Map<string, number>();
  const load = new Map<number, number>();
  for (const [e, j] of pairs) {
    const judge = input.judges[j]!;
    totalAffinity += affinityOf(judge, input.entries[e]!);
    const org = normalizeOrganization(judge.organization) || `#${judge.id}`;
    const key = `${e}/${org}`;
    orgCount.set(key, (orgCount.get(key) ?? 0) + 1);
    load.set(j, (load.get(j) ?? 0) + 1);
  }
  let sameOrganizationEntries = 0;
  for (const n of orgCount.values()) sameOrganizationEntries += Math.max(0, n - 1);
  let sumSquaredLoads = 0;
  for (const n of load.values()) sumSquaredLoads += n * n;
  return { totalAffinity, sameOrganizationEntries, sumSquaredLoads };
}

// ---- children ----------------------------------------------------------------------------------

type ChildReport = {
  ok: boolean;
  status: string;
  coldMs?: number;
  warmMs?: number;
  cpuMs?: number;
  buildMs?: number;
  peakRssMiB?: number;
  rssBeforeMiB?: number;
  heapDeltaMiB?: number;
  objective?: SolverObjective;
  weighted?: number;
  lpObjective?: number;
  detail?: string;
};

/** Resets the kernel's RSS high-water mark (Linux); false elsewhere. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function peakRssMiB(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s*kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {}
  return process.resourceUsage().maxRSS / 1024;
}

function solverChild(input: SolverInput): ChildReport {
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  resetPeakRss();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = solveAssignment(input);
  const coldMs = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  const peak = peakRssMiB();
  const heapDelta = process.memoryUsage().heapUsed - heapBefore;
  const t1 = performance.now();
  solveAssignment(input);
  const warmMs = performance.now() - t1;
  if (!result.ok) return { ok: false, status: 'infeasible', detail: result.diagnosis.message };
  const index = (ids: Array<{ id: string }>) => new Map(ids.map((x, i) => [x.id, i]));
  const ei = index(input.entries);
  const ji = index(input.judges);
  const recomputed = objectiveOf(
    input,
    result.assignments.map((a) => [ei.get(a.entryId)!, ji.get(a.judgeId)!]),
  );
  if (JSON.stringify(recomputed) !== JSON.stringify(result.objective)) throw new Error('objective mismatch');
  const s = result.stats;
  return {
    ok: true,
    status: 'optimal',
    coldMs,
    warmMs,
    cpuMs: (c1.user + c1.system) / 1000,
    peakRssMiB: peak,
    rssBeforeMiB: rssBefore / 2 ** 20,
    heapDeltaMiB: heapDelta / 2 ** 20,
    objective: result.objective,
    weighted: weighted(input, result.objective),
    detail: `${s.nodes.toLocaleString('en')} nodes, ${s.arcs.toLocaleString('en')} arcs, pruned ${s.prunedCandidates}, certified ${s.certified}, ${s.certificationRounds} extra rounds`,
  };
}

/**
 * The round's LP in column form (CSC) — variables as in the solver's network:
 *   x(e,j) ∈ [0,1] for each allowed pair, cost −W·affinity;
 *   f(e,o) ∈ [0,1] cost 0 and q(e,o) ≥ 0 cost P for each organization o present at e;
 *   z(j,u) ∈ [0,1], u = 1..capacity, cost 2u − 1;
 * rows: Σ_o f + q = k per entry; f + q − Σ_{j∈o} x = 0 per (e,o); Σ_e x − Σ_u z = 0 per judge.
 */
async function highsChild(input: SolverInput): Promise<ChildReport> {
  const tBuild = performance.now();
  const { affinity: W, organization: P } = weightsOf(input);
  const E = input.entries.length;
  const J = input.judges.length;
  const k = input.reviewsPerEntry;
  const judgeIndex = new Map(input.judges.map((j, i) => [j.id, i]));
  const entryIndex = new Map(input.entries.map((e, i) => [e.id, i]));
  const banned = new Set<number>();
  for (const c of input.conflicts) banned.add(entryIndex.get(c.entryId)! * J + judgeIndex.get(c.judgeId)!);
  const orgIds = new Map<string, number>();
  const judgeOrg = Int32Array.from(input.judges, (j) => {
    const o = normalizeOrganization(j.organization) || `#${j.id}`;
    if (!orgIds.has(o)) orgIds.set(o, orgIds.size);
    return orgIds.get(o)!;
  });
  const O = orgIds.size;
  const orgStamp = new Int32Array(O).fill(-1);

  // First pass: sizes, so the arrays are typed and allocated once (the LP is large at 10x).
  let pairs = 0;
  let groups = 0;
  let units = 0;
  for (let e = 0; e < E; e++) {
    for (let j = 0; j < J; j++) {
      if (banned.has(e * J + j) || input.judges[j]!.capacity === 0) continue;
      pairs++;
      if (orgStamp[judgeOrg[j]!] !== e) {
        orgStamp[judgeOrg[j]!] = e;
        groups++;
      }
    }
  }
  for (const j of input.judges) units += j.capacity;
  const numCols = pairs + 2 * groups + units;
  const nnz = 2 * pairs + 4 * groups + units;
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const costs = new Float64Array(numCols);
  const upper = new Float64Array(numCols);
  const pairEntry = new Int32Array(pairs);
  const pairJudge = new Int32Array(pairs);
  const pairColumn = new Int32Array(pairs);
  let col = 0;
  let at = 0;
  let pair = 0;
  const column = (cost: number, ub: number, rowsOf: number[], coefs: number[]): void => {
    for (let i = 0; i < rowsOf.length; i++) {
      indices[at] = rowsOf[i]!;
      values[at++] = coefs[i]!;
    }
    costs[col] = cost;
    upper[col++] = ub;
    starts[col] = at;
  };
  // Rows: [0, E) entries, [E, E + J) judges, then one per (entry, organization) present.
  let rows = E + J;
  const orgRow = new Int32Array(O).fill(-1);
  orgStamp.fill(-1);
  for (let e = 0; e < E; e++) {
    const entry = input.entries[e]!;
    for (let j = 0; j < J; j++) {
      if (banned.has(e * J + j) || input.judges[j]!.capacity === 0) continue;
      const o = judgeOrg[j]!;
      if (orgStamp[o] !== e) {
        orgStamp[o] = e;
        orgRow[o] = rows++;
        column(0, 1, [e, orgRow[o]!], [1, 1]); // f(e,o): the free first judge of o
        column(P, Number.POSITIVE_INFINITY, [e, orgRow[o]!], [1, 1]); // q(e,o): each further one
      }
      pairEntry[pair] = e;
      pairJudge[pair] = j;
      pairColumn[pair++] = col;
      column(-W * affinityOf(input.judges[j]!, entry), 1, [orgRow[o]!, E + j], [-1, 1]);
    }
  }
  for (let j = 0; j < J; j++) {
    for (let u = 1; u <= input.judges[j]!.capacity; u++) column(2 * u - 1, 1, [E + j], [-1]);
  }
  const rowLower = new Float64Array(rows);
  for (let e = 0; e < E; e++) rowLower[e] = k;
  const rowUpper = rowLower.slice();
  const highs = await (await import('highs')).default();
  const buildMs = performance.now() - tBuild;
  const rssBefore = process.memoryUsage().rss;
  resetPeakRss();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const size = `${numCols.toLocaleString('en')} columns, ${rows.toLocaleString('en')} rows, ${nnz.toLocaleString('en')} nonzeros`;
  let model: ReturnType<typeof highs.createModel>;
  try {
    model = highs.createModel({
      numCols,
      numRows: rows,
      colCost: costs,
      colLower: new Float64Array(numCols),
      colUpper: upper.map((u) => (u === Number.POSITIVE_INFINITY ? highs.infinity : u)),
      rowLower,
      rowUpper,
      matrix: { format: 'csc', numRows: rows, numCols, starts, indices, values },
    });
  } catch (err) {
    // An abort inside the WASM module (e.g. a failed allocation past its memory limit) surfaces here.
    return {
      ok: false,
      status: `aborted while loading the LP (${String(err).split('.')[0]!.slice(0, 60)})`,
      buildMs,
      peakRssMiB: peakRssMiB(),
      detail: `${size}; WASM memory at abort ${(highs.memoryBytes / 2 ** 20).toFixed(0)} MiB`,
    };
  }
  try {
    model.options.set({ output_flag: false, time_limit: HIGHS_TIME_LIMIT_S });
    try {
      model.run();
    } catch (err) {
      return {
        ok: false,
        status: `aborted while solving (${String(err).split('.')[0]!.slice(0, 60)})`,
        coldMs: performance.now() - t0,
        buildMs,
        peakRssMiB: peakRssMiB(),
        detail: `${size}; WASM memory at abort ${(highs.memoryBytes / 2 ** 20).toFixed(0)} MiB`,
      };
    }
    const ms = performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    const status = model.getModelStatus();
    const base = {
      coldMs: ms,
      cpuMs: (c1.user + c1.system) / 1000,
      buildMs,
      peakRssMiB: peakRssMiB(),
      rssBeforeMiB: rssBefore / 2 ** 20,
      detail: size,
    };
    if (status !== highs.constants.modelStatus.optimal) {
      const name =
        status === highs.constants.modelStatus.timeLimit
          ? `time limit (${HIGHS_TIME_LIMIT_S} s)`
          : `status ${status}`;
      return { ok: false, status: name, ...base };
    }
    const x = model.getSolution().colValue;
    const chosen: Array<[number, number]> = [];
    let fractional = 0;
    for (let i = 0; i < pairs; i++) {
      const v = x[pairColumn[i]!]!;
      if (Math.abs(v - Math.round(v)) > 1e-6) fractional++;
      if (v > 0.5) chosen.push([pairEntry[i]!, pairJudge[i]!]);
    }
    const objective = objectiveOf(input, chosen);
    return {
      ok: true,
      status: fractional > 0 ? `optimal, ${fractional} fractional` : 'optimal',
      ...base,
      objective,
      weighted: weighted(input, objective),
      lpObjective: model.getObjectiveValue(),
    };
  } finally {
    model.dispose();
  }
}

async function childMain(mode: string, scaleName: string): Promise<void> {
  const scale = SCALES.find((s) => s.name === scaleName)!;
  const input = generateRound(SEED, scale.entries, scale.judges);
  const report = mode === 'solver' ? solverChild(input) : await highsChild(input);
  process.stdout.write(`\n@@REPORT${JSON.stringify(report)}\n`);
}

function runChild(mode: 'solver' | 'highs', scale: string): ChildReport {
  const timeout = mode === 'highs' ? (HIGHS_TIME_LIMIT_S + 60) * 1000 : 600_000;
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, [CHILD_ENV]: `${mode}:${scale}` },
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 2 ** 20,
  });
  const line = child.stdout?.split('\n').find((l) => l.startsWith('@@REPORT'));
  if (line) return JSON.parse(line.slice('@@REPORT'.length)) as ChildReport;
  const why =
    child.error && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
      ? `killed after ${timeout / 1000} s`
      : `crashed (exit ${child.status ?? child.signal}): ${(child.stderr ?? '').trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`;
  return { ok: false, status: why };
}

// ---- report ------------------------------------------------------------------------------------

const fmtMs = (ms: number | undefined) =>
  ms === undefined ? '—' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
const fmtMiB = (m: number | undefined) => (m === undefined ? '—' : `${m.toFixed(0)} MiB`);
const fmtObj = (o: SolverObjective | undefined) =>
  o ? `aff ${o.totalAffinity} / org ${o.sameOrganizationEntries} / sq ${o.sumSquaredLoads}` : '—';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `  ${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}`;
  return [line(rows[0]!), line(widths.map((w) => '─'.repeat(w))), ...rows.slice(1).map(line)].join('\n');
}

export default async function run(): Promise<void> {
  console.log(
    `assignment: k = ${REVIEWS_PER_ENTRY}, ${TRACKS} tracks, ~${CONFLICT_RATE * 100}% conflicted pairs, seed ${SEED}; each solve in a fresh child process`,
  );
  const rows: string[][] = [
    [
      'scale',
      'solver',
      'wall (cold)',
      'wall (warm)',
      'cpu',
      'peak RSS',
      'objective (affinity / same-org surplus / Σ load²)',
      'equal',
      'target',
      'notes',
    ],
  ];
  const notes: string[] = [];
  const verdicts: Array<{ ok: boolean; text: string }> = [];
  for (const scale of SCALES) {
    const ours = runChild('solver', scale.name);
    const ref = runChild('highs', scale.name);
    const equal =
      ours.ok && ref.ok
        ? ours.weighted === ref.weighted && JSON.stringify(ours.objective) === JSON.stringify(ref.objective)
          ? 'yes'
          : 'NO'
        : 'n/a';
    const versus =
      ours.ok && ref.ok
        ? ours.coldMs! < ref.coldMs!
          ? ', faster than HiGHS'
          : ', slower than HiGHS'
        : ours.ok
          ? ', HiGHS: no result'
          : '';
    const label = `${scale.name} (${scale.entries.toLocaleString('en')} × ${scale.judges.toLocaleString('en')})`;
    rows.push([
      label,
      'cost-scaling MCF',
      fmtMs(ours.coldMs),
      fmtMs(ours.warmMs),
      fmtMs(ours.cpuMs),
      fmtMiB(ours.peakRssMiB),
      ours.ok ? fmtObj(ours.objective) : 'no result',
      equal,
      ours.ok ? `< ${fmtMs(scale.targetMs)}${versus}` : '—',
      ours.detail ?? '',
    ]);
    rows.push([
      '',
      'HiGHS LP (WASM)',
      fmtMs(ref.coldMs),
      '',
      fmtMs(ref.cpuMs),
      fmtMiB(ref.peakRssMiB),
      ref.ok ? fmtObj(ref.objective) : 'no result',
      '',
      ref.status,
      `${ref.detail ?? ''}${ref.buildMs !== undefined ? `; LP built in ${fmtMs(ref.buildMs)} (not timed)` : ''}`,
    ]);
    verdicts.push({
      ok: !!ours.ok && ours.coldMs! < scale.targetMs && equal !== 'NO',
      text: `${scale.entries.toLocaleString('en')} × ${scale.judges.toLocaleString('en')} ${ours.ok ? fmtMs(ours.coldMs) : ours.status} (target < ${fmtMs(scale.targetMs)}); baseline HiGHS LP ${ref.ok ? `${fmtMs(ref.coldMs)}, same optimum: ${equal}` : ref.status}`,
    });
    notes.push(
      ours.ok && ref.ok
        ? `${scale.name}: weighted optimum (−W·affinity + P·surplus + Σ load²) ${ours.weighted} (solver) vs ${ref.weighted} (HiGHS; its LP value ${ref.lpObjective})`
        : `${scale.name}: solver ${ours.status}${ours.ok ? '' : ` ${ours.detail ?? ''}`}; HiGHS ${ref.status}`,
    );
  }
  console.log(table(rows));
  for (const note of notes) console.log(`  ${note}`);
  console.log('  peak RSS: the child process high-water mark during the solve (VmHWM reset just before it).');
  console.log(
    `${verdicts.every((v) => v.ok) ? 'PASS' : 'MISS'}: assignment ${verdicts.map((v) => v.text).join('; ')}`,
  );
}

const childMode = process.env[CHILD_ENV];
if (childMode) {
  const [mode, scale] = childMode.split(':') as [string, string];
  await childMain(mode, scale);
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  // Direct invocation: `tsx tests/bench/assignment.ts`.
  await run();
}
