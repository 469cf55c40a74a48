// Property tests on random small rounds, checked against independent references written here:
// the hard rules and the objective are recomputed from the problem statement, feasibility by a
// plain augmenting-path matching, and optimality by HiGHS on the linear program of the same
// min-cost flow (a network matrix, hence totally unimodular: its optimal vertex is integral).
import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  affinityOf,
  normalizeOrganization,
  type SolverInput,
  type SolverObjective,
  type SolverResult,
  solveAssignment,
} from './assignment.fns.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await (await import('highs')).default();
});

const ORGS = ['ACME Inc.', 'acme inc', ' A.C.M.E  Inc ', 'Beta', 'beta.', 'Gamma', 'Delta', ''];

type Raw = {
  tracks: number;
  k: number;
  entries: Array<{ track: number }>;
  judges: Array<{ org: number; expertise: number[]; capacity: number }>;
  conflicts: Array<[number, number]>;
  locked: Array<[number, number]>;
};

const rawArb = (opts: { maxEntries: number; maxJudges: number; maxCapacity: number }) =>
  fc.record({
    tracks: fc.integer({ min: 1, max: 3 }),
    k: fc.integer({ min: 1, max: 3 }),
    entries: fc.array(fc.record({ track: fc.nat(2) }), { minLength: 1, maxLength: opts.maxEntries }),
    judges: fc.array(
      fc.record({
        org: fc.nat(ORGS.length - 1),
        expertise: fc.uniqueArray(fc.nat(2), { maxLength: 3 }),
        capacity: fc.integer({ min: 0, max: opts.maxCapacity }),
      }),
      { minLength: 1, maxLength: opts.maxJudges },
    ),
    conflicts: fc.array(fc.tuple(fc.nat(99), fc.nat(99)), { maxLength: 12 }),
    locked: fc.array(fc.tuple(fc.nat(99), fc.nat(99)), { maxLength: 3 }),
  });

function toInput(raw: Raw, withLocked: boolean): SolverInput {
  const track = (t: number) => `track-${t % raw.tracks}`;
  const entries = raw.entries.map((e, i) => ({ id: `e${i}`, trackId: track(e.track), title: `Entry ${i}` }));
  const judges = raw.judges.map((j, i) => ({
    id: `j${i}`,
    organization: ORGS[j.org]!,
    expertise: j.expertise.map(track).filter((t, idx, all) => all.indexOf(t) === idx),
    capacity: j.capacity,
  }));
  const pair = ([e, j]: [number, number]) => ({
    entryId: `e${e % entries.length}`,
    judgeId: `j${j % judges.length}`,
  });
  return {
    entries,
    judges,
    reviewsPerEntry: raw.k,
    conflicts: raw.conflicts.map(pair),
    locked: withLocked ? raw.locked.map(pair) : [],
  };
}

// ---- independent references -------------------------------------------------------------------

const key = (e: string, j: string) => `${e}\u0000${j}`;

function lockedSet(input: SolverInput): Set<string> {
  return new Set((input.locked ?? []).map((l) => key(l.entryId, l.judgeId)));
}

/** Organization identity: normalized name, or the judge itself when the name normalizes to ''. */
function orgOf(judge: SolverInput['judges'][number]): string {
  const o = normalizeOrganization(judge.organization);
  return o === '' ? `\u0000${judge.id}` : o;
}

/** The objective from its definition (locked pairs included). */
function objectiveOf(
  input: SolverInput,
  pairs: Array<{ entryId: string; judgeId: string }>,
): SolverObjective {
  const entry = new Map(input.entries.map((e) => [e.id, e]));
  const judge = new Map(input.judges.map((j) => [j.id, j]));
  let totalAffinity = 0;
  const perEntryOrg = new Map<string, number>();
  const load = new Map<string, number>();
  for (const { entryId, judgeId } of pairs) {
    const j = judge.get(judgeId)!;
    totalAffinity += affinityOf(j, entry.get(entryId)!);
    const k = key(entryId, orgOf(j));
    perEntryOrg.set(k, (perEntryOrg.get(k) ?? 0) + 1);
    load.set(judgeId, (load.get(judgeId) ?? 0) + 1);
  }
  let sameOrganizationEntries = 0;
  for (const n of perEntryOrg.values()) sameOrganizationEntries += Math.max(0, n - 1);
  let sumSquaredLoads = 0;
  for (const n of load.values()) sumSquaredLoads += n * n;
  return { totalAffinity, sameOrganizationEntries, sumSquaredLoads };
}

/** Hard rules of a solution, straight from the spec. */
function expectHardRules(input: SolverInput, result: Extract<SolverResult, { ok: true }>): void {
  const locked = lockedSet(input);
  const conflicts = new Set(input.conflicts.map((c) => key(c.entryId, c.judgeId)));
  const seen = new Set<string>();
  const perEntry = new Map<string, number>();
  const lockedPerEntry = new Map<string, number>();
  const load = new Map<string, number>();
  for (const a of result.assignments) {
    const k = key(a.entryId, a.judgeId);
    expect(seen.has(k), 'distinct judges per entry').toBe(false);
    seen.add(k);
    expect(a.locked).toBe(locked.has(k));
    if (!a.locked) expect(conflicts.has(k), 'no conflicted pair').toBe(false);
    perEntry.set(a.entryId, (perEntry.get(a.entryId) ?? 0) + 1);
    if (a.locked) lockedPerEntry.set(a.entryId, (lockedPerEntry.get(a.entryId) ?? 0) + 1);
    load.set(a.judgeId, (load.get(a.judgeId) ?? 0) + 1);
  }
  for (const l of locked) expect(seen.has(l), 'locked pair kept').toBe(true);
  for (const e of input.entries) {
    expect(perEntry.get(e.id) ?? 0).toBe(Math.max(input.reviewsPerEntry, lockedPerEntry.get(e.id) ?? 0));
  }
  for (const j of input.judges) {
    const lockedLoad = result.assignments.filter((a) => a.judgeId === j.id && a.locked).length;
    expect(load.get(j.id) ?? 0).toBeLessThanOrEqual(Math.max(j.capacity, lockedLoad));
  }
  expect(result.objective).toEqual(objectiveOf(input, result.assignments));
}

/** Max-flow by augmenting paths (Ford–Fulkerson, DFS), no shared code with the solver. */
function maxCoverage(input: SolverInput): { covered: number; needed: number } {
  const locked = lockedSet(input);
  const conflicts = new Set(input.conflicts.map((c) => key(c.entryId, c.judgeId)));
  const lockedLoad = new Map<string, number>();
  const lockedCount = new Map<string, number>();
  for (const l of locked) {
    const [e, j] = l.split('\u0000') as [string, string];
    lockedLoad.set(j, (lockedLoad.get(j) ?? 0) + 1);
    lockedCount.set(e, (lockedCount.get(e) ?? 0) + 1);
  }
  const spare = new Map(
    input.judges.map((j) => [j.id, Math.max(0, j.capacity - (lockedLoad.get(j.id) ?? 0))]),
  );
  const assigned = new Map<string, Set<string>>(input.entries.map((e) => [e.id, new Set()]));
  const allowed = (e: string, j: string) => !conflicts.has(key(e, j)) && !locked.has(key(e, j));
  const byJudge = new Map<string, Set<string>>(input.judges.map((j) => [j.id, new Set()]));
  const augment = (e: string, visited: Set<string>): boolean => {
    for (const j of input.judges) {
      if (visited.has(j.id) || !allowed(e, j.id) || assigned.get(e)!.has(j.id)) continue;
      visited.add(j.id);
      const holders = byJudge.get(j.id)!;
      if (holders.size < spare.get(j.id)!) {
        holders.add(e);
        assigned.get(e)!.add(j.id);
        return true;
      }
      for (const other of [...holders]) {
        if (augment(other, visited)) {
          // `other` found another judge; it hands j over to e.
          holders.delete(other);
          assigned.get(other)!.delete(j.id);
          holders.add(e);
          assigned.get(e)!.add(j.id);
          return true;
        }
      }
    }
    return false;
  };
  let covered = 0;
  let needed = 0;
  for (const e of input.entries) {
    const want = Math.max(0, input.reviewsPerEntry - (lockedCount.get(e.id) ?? 0));
    needed += want;
    for (let i = 0; i < want; i++) if (augment(e.id, new Set())) covered++;
  }
  return { covered, needed };
}

type LpResult = { status: 'Optimal'; objective: SolverObjective } | { status: 'Infeasible' };

/**
 * The round as an LP for HiGHS, flow-conservation form:
 *   x_e_j ∈ [0,1] for allowed pairs, f_e_o ∈ [0,1] (free first judge of organization o at e;
 *   fixed to 0 when a locked judge of e has o), q_e_o ≥ 0 (further judges of o), z_j_u ∈ [0,1]
 *   (u-th new review of j, cost 2(locked + u) − 1);
 *   Σ_o (f_e_o + q_e_o) = demand_e;  f_e_o + q_e_o − Σ_{j ∈ o} x_e_j = 0;  Σ_e x_e_j − Σ_u z_j_u = 0.
 * `mode` 'affinity' maximizes affinity only (level 1). 'lexicographic' uses deliberately generous
 * weights of its own, independent of the solver's: P > the largest possible Σ load², W > P × the
 * largest possible surplus + the largest Σ load². The LP optimum is a vertex, integral (network
 * matrix), and its objective triple is recomputed from the pairs by objectiveOf.
 */
function solveLp(input: SolverInput, mode: 'affinity' | 'lexicographic'): LpResult {
  const k = input.reviewsPerEntry;
  const locked = lockedSet(input);
  const conflicts = new Set(input.conflicts.map((c) => key(c.entryId, c.judgeId)));
  const lockedPairs = [...locked].map((l) => l.split('\u0000') as [string, string]);
  const lockedLoad = new Map<string, number>();
  const lockedCount = new Map<string, number>();
  for (const [e, j] of lockedPairs) {
    lockedLoad.set(j, (lockedLoad.get(j) ?? 0) + 1);
    lockedCount.set(e, (lockedCount.get(e) ?? 0) + 1);
  }
  const bound = input.judges.reduce((s, j) => s + Math.max(j.capacity, lockedLoad.get(j.id) ?? 0) ** 2, 0);
  const P = bound + 1;
  const W = P * (input.entries.length * k + 1) + bound + 1;
  const judgeById = new Map(input.judges.map((j) => [j.id, j]));
  const terms: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  const xVars: Array<{ name: string; entryId: string; judgeId: string }> = [];
  input.entries.forEach((e, ei) => {
    const demand = Math.max(0, k - (lockedCount.get(e.id) ?? 0));
    const lockedOrgs = new Set(
      lockedPairs.filter(([le]) => le === e.id).map(([, lj]) => orgOf(judgeById.get(lj)!)),
    );
    const byOrg = new Map<string, string[]>();
    input.judges.forEach((j, ji) => {
      const spare = j.capacity - (lockedLoad.get(j.id) ?? 0);
      if (spare <= 0 || conflicts.has(key(e.id, j.id)) || locked.has(key(e.id, j.id))) return;
      const name = `x_${ei}_${ji}`;
      xVars.push({ name, entryId: e.id, judgeId: j.id });
      const aff = affinityOf(j, e);
      if (aff > 0) terms.push(mode === 'affinity' ? `- ${aff} ${name}` : `- ${W * aff} ${name}`);
      bounds.push(`0 <= ${name} <= 1`);
      const list = byOrg.get(orgOf(j)) ?? [];
      list.push(name);
      byOrg.set(orgOf(j), list);
    });
    const orgTerms: string[] = [];
    [...byOrg.entries()].forEach(([org, names], oi) => {
      const f = `f_${ei}_${oi}`;
      const q = `q_${ei}_${oi}`;
      bounds.push(`0 <= ${f} <= ${lockedOrgs.has(org) ? 0 : 1}`, `${q} >= 0`);
      if (mode === 'lexicographic') terms.push(`+ ${P} ${q}`);
      rows.push(`org_${ei}_${oi}: ${f} + ${q} - ${names.join(' - ')} = 0`);
      orgTerms.push(f, q);
    });
    rows.push(`dem_${ei}: ${orgTerms.length ? orgTerms.join(' + ') : '0 f_none'} = ${demand}`);
  });
  input.judges.forEach((j, ji) => {
    const base = lockedLoad.get(j.id) ?? 0;
    const xs = xVars.filter((x) => x.judgeId === j.id).map((x) => x.name);
    const zs: string[] = [];
    for (let u = 1; u <= j.capacity - base; u++) {
      const z = `z_${ji}_${u}`;
      zs.push(z);
      bounds.push(`0 <= ${z} <= 1`);
      if (mode === 'lexicographic') terms.push(`+ ${2 * (base + u) - 1} ${z}`);
    }
    if (xs.length > 0)
      rows.push(`jud_${ji}: ${xs.join(' + ')}${zs.length ? ` - ${zs.join(' - ')}` : ''} = 0`);
  });
  bounds.push('f_none = 0');
  const lp = `Minimize\n obj: ${terms.length ? terms.join(' ') : '0 f_none'}\nSubject To\n ${rows.join('\n ')}\nBounds\n ${bounds.join('\n ')}\nEnd\n`;
  const solution = highs.solve(lp, { output_flag: false });
  if (solution.Status === 'Infeasible') return { status: 'Infeasible' };
  if (solution.Status !== 'Optimal') throw new Error(`HiGHS: ${solution.Status}`);
  const pairs = lockedPairs.map(([entryId, judgeId]) => ({ entryId, judgeId }));
  for (const x of xVars) {
    const value = (solution.Columns[x.name] as { Primal: number } | undefined)?.Primal ?? 0;
    expect(Math.abs(value - Math.round(value)), `integral LP vertex (${x.name} = ${value})`).toBeLessThan(
      1e-6,
    );
    if (value > 0.5) pairs.push({ entryId: x.entryId, judgeId: x.judgeId });
  }
  return { status: 'Optimal', objective: objectiveOf(input, pairs) };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const withoutTiming = (r: SolverResult) => (r.ok ? { ...r, stats: { ...r.stats, ms: 0 } } : r);

// ---- properties --------------------------------------------------------------------------------

describe('solveAssignment properties (fast-check)', () => {
  const small = rawArb({ maxEntries: 8, maxJudges: 7, maxCapacity: 5 });

  test('hard rules hold, and ok:false exactly when a max-flow cannot cover every entry', () => {
    fc.assert(
      fc.property(small, fc.boolean(), (raw, withLocked) => {
        const input = toInput(raw, withLocked);
        const result = solveAssignment(input);
        const { covered, needed } = maxCoverage(input);
        if (result.ok) {
          expectHardRules(input, result);
          expect(covered).toBe(needed);
        } else {
          expect(covered).toBeLessThan(needed);
          expect(result.diagnosis.entries.length).toBeGreaterThan(0);
          const missing = result.diagnosis.entries.length;
          expect(missing).toBeLessThanOrEqual(needed - covered);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('deterministic: the same input twice, and shuffled input order, give identical output', () => {
    fc.assert(
      fc.property(small, fc.boolean(), fc.integer(), (raw, withLocked, seed) => {
        const input = toInput(raw, withLocked);
        const first = withoutTiming(solveAssignment(input));
        expect(withoutTiming(solveAssignment(input))).toEqual(first);
        const reordered: SolverInput = {
          ...input,
          entries: shuffled(input.entries, seed),
          judges: shuffled(input.judges, seed + 1),
          conflicts: shuffled(input.conflicts, seed + 2),
          locked: shuffled(input.locked ?? [], seed + 3),
        };
        expect(withoutTiming(solveAssignment(reordered))).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });

  test('incremental run: locking part of an optimal solution keeps those pairs and the optimum', () => {
    // Every solution containing the locked pairs is a solution of the original round, and the
    // previous optimum is one of them, so the optimum cannot change.
    fc.assert(
      fc.property(small, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (raw, mask) => {
        const input = toInput(raw, false);
        const first = solveAssignment(input);
        if (!first.ok) return;
        const locked = first.assignments
          .filter((_, i) => mask[i % mask.length])
          .map(({ entryId, judgeId }) => ({ entryId, judgeId }));
        const again = solveAssignment({ ...input, locked });
        expect(again.ok).toBe(true);
        if (!again.ok) return;
        expectHardRules({ ...input, locked }, again);
        expect(again.objective).toEqual(first.objective);
        // A new entry added afterwards: the locked pairs still stay.
        const grown: SolverInput = {
          ...input,
          entries: [...input.entries, { id: 'new', trackId: 'track-0' }],
          locked,
        };
        const third = solveAssignment(grown);
        if (third.ok) {
          expectHardRules(grown, third);
          for (const l of locked)
            expect(third.assignments).toContainEqual({ ...l, affinity: expect.any(Number), locked: true });
        }
      }),
      { numRuns: 200 },
    );
  });

  test('a locked pair that is also conflicted is kept and reported', () => {
    fc.assert(
      fc.property(small, (raw) => {
        const input = toInput(raw, true);
        if ((input.locked ?? []).length === 0) return;
        const conflicted = { ...input, conflicts: [...input.conflicts, input.locked![0]!] };
        const result = solveAssignment(conflicted);
        if (!result.ok) return;
        expectHardRules(conflicted, result);
        expect(result.stats.lockedConflicts).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });
});

describe('optimality against HiGHS', () => {
  test('100 random rounds: same max affinity, same lexicographic optimum (with and without locks)', () => {
    let solved = 0;
    fc.assert(
      fc.property(
        rawArb({ maxEntries: 9, maxJudges: 8, maxCapacity: 6 }),
        fc.boolean(),
        (raw, withLocked) => {
          const input = toInput(raw, withLocked);
          const result = solveAssignment(input);
          const lex = solveLp(input, 'lexicographic');
          expect(result.ok).toBe(lex.status === 'Optimal');
          if (!result.ok || lex.status !== 'Optimal') return;
          solved++;
          const level1 = solveLp(input, 'affinity');
          expect(level1.status).toBe('Optimal');
          if (level1.status === 'Optimal')
            expect(result.objective.totalAffinity).toBe(level1.objective.totalAffinity);
          expect(result.objective).toEqual(lex.objective);
        },
      ),
      { numRuns: 100 },
    );
    // Guard against a generator that only produces infeasible rounds.
    expect(solved).toBeGreaterThan(30);
  });

  test('pruned candidates with certification reach the same optimum as all pairs', () => {
    // Tight candidate windows force the certification loop to add pairs; the result must still
    // equal HiGHS's optimum over all pairs.
    let rounds = 0;
    let cases = 0;
    fc.assert(
      fc.property(
        rawArb({ maxEntries: 30, maxJudges: 14, maxCapacity: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (raw, window, withLocked) => {
          const input = toInput(raw, withLocked);
          const seen: number[] = [];
          const pruned = solveAssignment(
            { ...input, onProgress: (f) => seen.push(f) },
            { candidatesPerEntry: window },
          );
          expect(seen).toEqual([...seen].sort((a, b) => a - b));
          const full = solveAssignment(input, { candidatesPerEntry: Number.POSITIVE_INFINITY });
          expect(pruned.ok).toBe(full.ok);
          if (!pruned.ok || !full.ok) return;
          cases++;
          expect(seen.at(-1)).toBe(1);
          rounds += pruned.stats.certificationRounds;
          expect(pruned.stats.prunedCandidates).toBe(true);
          expect(pruned.stats.certified).toBe(true);
          expect(full.stats.prunedCandidates).toBe(false);
          expectHardRules(input, pruned);
          expect(pruned.objective).toEqual(full.objective);
          const lex = solveLp(input, 'lexicographic');
          expect(lex.status === 'Optimal' && lex.objective).toEqual(pruned.objective);
        },
      ),
      { numRuns: 60 },
    );
    expect(cases).toBeGreaterThan(10);
    expect(rounds, 'the certification loop was exercised').toBeGreaterThan(0);
  });
});
