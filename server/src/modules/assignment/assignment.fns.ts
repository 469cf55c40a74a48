// Exact judge assignment for one round. Pure and deterministic: inputs are sorted by id and every
// tie is broken by index or by a hash of ids, so the same input in any order gives the same output.
//
// Hard rules: each entry gets exactly k = reviewsPerEntry distinct judges, no judge exceeds its
// capacity, no conflicted pair is assigned. Locked pairs (reviews already started) are kept and
// count toward the entry's k judges and the judge's load and capacity.
//
// Objective, lexicographic:
//   1. maximise total affinity (affinityOf: 2 first expertise track, 1 another, 0 none);
//   2. minimise same-organisation surplus. Exact definition used here, in the tests' LP and in
//      `objective.sameOrganizationEntries`: Σ over entries e and organisations o of
//      max(0, n(e,o) − 1), where n(e,o) counts the judges of e (locked ones included) whose
//      normalizeOrganization(...) is o. A judge whose organisation normalises to '' has no
//      organisation and never shares one. So each "extra" judge from an already represented
//      organisation costs 1; when no entry has three judges from one organisation (always true for
//      k ≤ 2) this is the number of entries with a repeated organisation. The surplus, unlike the
//      entry count, is convex per (entry, organisation), which is what makes it a flow cost;
//   3. minimise Σ over judges of load², load = all the judge's assignments in the round.
//
// Model (min-cost flow, node supplies instead of a source):
//   entry e (supply k − locked(e)) → organisation node (e,o): a free arc (cap 1, cost 0) when no
//   locked judge of e belongs to o, plus a penalty arc (cap k, cost P); (e,o) → judge j (cap 1,
//   cost −W·affinity); judge j → sink T: one unit arc per free unit of capacity, the u-th costing
//   2(locked(j) + u) − 1 = (locked + u)² − (locked + u − 1)², so a judge's units cost the increase
//   of its squared load (convex, so units fill in order). An organisation with a single candidate
//   judge at an entry needs no node: the pair arc goes e → j directly, with cost −W·affinity (+P when
//   a locked judge of the entry already has that organisation) — the same cost as the path through
//   the node.
//
// Weights (why the one weighted objective is exactly lexicographic). Let h be the number of judges
// that can take reviews, C the largest capacity among them. In any simple residual cycle (length
// ≥ 3) every organisation node lies next to at least one judge and every entry's two neighbours are
// organisation nodes or judges, so the cycle has at most h entries, at most 2h organisation nodes
// and at most 4h + 1 nodes; 2-cycles (parallel arcs) have at most one entry. The sink appears once,
// so the squared-load part of a cycle is at most 2(2C − 1) in magnitude; the organisation part is at
// most P per entry on the cycle. With
//   P = 4C > 2(2C − 1)  and  W = P·max(1, min(entries, h)) + 4C,
// a cycle that improves a higher level by ≥ 1 unit has negative total cost whatever it does to the
// lower levels. An optimal flow has no negative residual cycle; if it were not lexicographically
// optimal, the difference to a lexicographic optimum would decompose into residual cycles, all of
// zero cost at the levels above the first differing one and one of them improving it — a negative
// cycle. So min weighted cost = lexicographic optimum.
//
// Exactness in doubles: costs are multiplied by α = 4h + 2 (> any simple cycle length; see
// assignment.mcf.fns.ts for why ε = 1 then means optimal). The largest scaled cost is
// α·(2W + P) — e.g. h = 1,500, C = 40: about 3·10⁹ — and the engine throws if a price ever
// leaves ±2⁵² (it does not in practice: prices move by O(n·ε) per refinement).
//
// Candidate pruning: rounds with more than PRUNE_ABOVE_PAIRS entry × judge pairs give each entry a
// deterministic list of candidate judges (windows over a hashed ring of judges, best affinity class
// first). After solving on candidates, exact dual prices are computed (shortest residual paths to
// the sink, every residual arc at reduced cost ≥ 0) and every pair left out is checked against them
// (`certify`): if each missing pair can be added with reduced cost ≥ 0 — choosing the prices of
// organisation nodes within what their own arcs allow — the prices are optimal duals of the full
// problem, so the flow is optimal over all pairs. Violating pairs are added and the solve is
// warm-started from the current flow and prices; the loop ends because each round adds pairs, and
// after MAX_ROUNDS it falls back to all pairs. stats.certified reports the outcome.
//
// Decisions the spec left open:
//   - a locked pair that is also conflicted is kept (a person must fix it) and counted in
//     stats.lockedConflicts;
//   - an entry with ≥ k locked judges keeps them all and gets no new ones; a judge whose locked load
//     exceeds its capacity keeps it and gets no new reviews (the result then breaks the rule, which
//     only a person can fix);
//   - duplicate ids, invalid numbers and locked pairs naming unknown ids throw AssignmentInputError;
//     conflicts naming unknown ids are ignored;
//   - sameOrganizationEntries and all objective numbers include the locked pairs.

import { type Diagnosis, diagnose, maxFlowAssignment } from './assignment.diagnose.fns.ts';
import { type FlowNetwork, FlowNetworkBuilder, minCostFlow, sinkPotentials } from './assignment.mcf.fns.ts';

export type SolverEntry = { id: string; trackId: string; title?: string };
export type SolverJudge = { id: string; organization: string; expertise: string[]; capacity: number };
export type SolverInput = {
  entries: SolverEntry[];
  judges: SolverJudge[];
  reviewsPerEntry: number;
  conflicts: Array<{ entryId: string; judgeId: string }>;
  locked?: Array<{ entryId: string; judgeId: string }>;
  trackNames?: Record<string, string>;
  onProgress?: (fraction: number, phase: string) => void;
};
export type SolverAssignment = { entryId: string; judgeId: string; affinity: number; locked: boolean };
export type SolverObjective = {
  totalAffinity: number;
  sameOrganizationEntries: number;
  sumSquaredLoads: number;
};
export type SolverStats = {
  arcs: number;
  nodes: number;
  prunedCandidates: boolean;
  certified: boolean;
  ms: number;
  /** Locked pairs that are also in `conflicts` (kept; a person must resolve them). */
  lockedConflicts: number;
  /** Solves after the first one, each adding pairs that failed certification. */
  certificationRounds: number;
};
export type SolverResult =
  | { ok: true; assignments: SolverAssignment[]; objective: SolverObjective; stats: SolverStats }
  | { ok: false; diagnosis: Diagnosis };

/** Tuning knobs, mainly for tests and the benchmark; the defaults suit production. */
export type SolverOptions = {
  /**
   * Size of the best-affinity candidate window per entry (lower classes get half and a quarter).
   * Infinity disables pruning; the default prunes only rounds with more than PRUNE_ABOVE_PAIRS pairs.
   */
  candidatesPerEntry?: number;
};

export class AssignmentInputError extends Error {
  override name = 'AssignmentInputError';
}

/** Rounds with more entry × judge pairs than this are solved on pruned candidates. */
export const PRUNE_ABOVE_PAIRS = 20_000;
export const DEFAULT_CANDIDATES_PER_ENTRY = 16;
const MAX_ROUNDS = 8;
/**
 * Length of the virtual arc to the sink used by sinkPotentials: longer than any residual path
 * (≤ nodes × largest scaled cost, well below 2⁵⁰ for any round we accept) yet exact in a double
 * together with any path length added to it.
 */
const VIRTUAL_LENGTH = 2 ** 50;

export function normalizeOrganization(name: string): string {
  // NFKC folds full-width and compatibility forms; then case, whitespace, punctuation and symbols
  // are dropped so "ACME Inc.", "acme inc" and " A.C.M.E  Inc " compare equal.
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

export function affinityOf(
  judge: Pick<SolverJudge, 'expertise'>,
  entry: Pick<SolverEntry, 'trackId'>,
): 0 | 1 | 2 {
  const i = judge.expertise.indexOf(entry.trackId);
  return i === 0 ? 2 : i > 0 ? 1 : 0;
}

export type ObjectiveWeights = {
  /** W: cost per unit of affinity (level 1). */
  affinity: number;
  /** P: cost per same-organisation surplus judge (level 2). */
  organization: number;
  /** α: all costs are multiplied by it inside the engine. */
  scale: number;
};

/**
 * The weights of the single weighted objective, from the number of judges that can take reviews,
 * the number of entries that need reviews, and the largest capacity among those judges. See the
 * header for the proof. Exported so the benchmark can hand HiGHS the identical objective.
 */
export function objectiveWeights(
  activeJudges: number,
  activeEntries: number,
  maxCapacity: number,
): ObjectiveWeights {
  const c = Math.max(1, maxCapacity);
  const organization = 4 * c;
  const affinity = organization * Math.max(1, Math.min(activeEntries, activeJudges)) + 4 * c;
  return { affinity, organization, scale: 4 * activeJudges + 2 };
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** FNV-1a then a murmur3 finaliser: a well-mixed 32-bit hash of an id. */
function hashId(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The round in index form. Entries and judges are sorted by id; indices are positions. */
type Prepared = {
  entries: SolverEntry[];
  judges: SolverJudge[];
  k: number;
  E: number;
  J: number;
  trackIds: string[];
  entryTrack: Int32Array;
  /** judgeAff[j * trackCount + t]: affinity of judge j for track t. */
  judgeAff: Int8Array;
  /** Organisation index per judge; judges without an organisation get one of their own. */
  judgeOrg: Int32Array;
  orgCount: number;
  lockedLoad: Int32Array;
  spare: Int32Array;
  lockedCount: Int32Array;
  demand: Int32Array;
  bannedStart: Int32Array;
  bannedList: Int32Array;
  lockedByEntry: number[][];
  lockedConflicts: number;
};

function checkCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0)
    throw new AssignmentInputError(`${what} must be a non-negative integer, got ${value}`);
}

function prepare(input: SolverInput): Prepared {
  checkCount(input.reviewsPerEntry, 'reviewsPerEntry');
  const entries = [...input.entries].sort((a, b) => compareIds(a.id, b.id));
  const judges = [...input.judges].sort((a, b) => compareIds(a.id, b.id));
  const E = entries.length;
  const J = judges.length;
  const k = input.reviewsPerEntry;
  const entryIndex = new Map<string, number>();
  entries.forEach((e, i) => {
    if (entryIndex.has(e.id)) throw new AssignmentInputError(`duplicate entry id ${e.id}`);
    entryIndex.set(e.id, i);
  });
  const judgeIndex = new Map<string, number>();
  judges.forEach((j, i) => {
    if (judgeIndex.has(j.id)) throw new AssignmentInputError(`duplicate judge id ${j.id}`);
    checkCount(j.capacity, `capacity of judge ${j.id}`);
    judgeIndex.set(j.id, i);
  });

  const trackSet = new Set<string>();
  for (const e of entries) trackSet.add(e.trackId);
  const trackIds = [...trackSet].sort(compareIds);
  const trackIndex = new Map(trackIds.map((t, i) => [t, i]));
  const T = trackIds.length;
  const entryTrack = Int32Array.from(entries, (e) => trackIndex.get(e.trackId)!);
  const judgeAff = new Int8Array(J * T);
  judges.forEach((j, ji) => {
    for (let t = 0; t < T; t++) judgeAff[ji * T + t] = affinityOf(j, { trackId: trackIds[t]! });
  });

  const orgNames = judges.map((j) => normalizeOrganization(j.organization));
  const named = [...new Set(orgNames.filter((o) => o !== ''))].sort(compareIds);
  const orgIndex = new Map(named.map((o, i) => [o, i]));
  let orgCount = named.length;
  const judgeOrg = Int32Array.from(orgNames, (o) => (o === '' ? orgCount++ : orgIndex.get(o)!));

  // Locked pairs, deduplicated.
  const lockedByEntry: number[][] = Array.from({ length: E }, () => []);
  const lockedLoad = new Int32Array(J);
  for (const l of input.locked ?? []) {
    const e = entryIndex.get(l.entryId);
    const j = judgeIndex.get(l.judgeId);
    if (e === undefined || j === undefined) {
      throw new AssignmentInputError(
        `locked pair (${l.entryId}, ${l.judgeId}) names an unknown entry or judge`,
      );
    }
    const list = lockedByEntry[e]!;
    if (list.includes(j)) continue;
    list.push(j);
    lockedLoad[j]!++;
  }
  for (const list of lockedByEntry) list.sort((a, b) => a - b);
  const lockedCount = Int32Array.from(lockedByEntry, (l) => l.length);
  const demand = Int32Array.from(lockedCount, (c) => Math.max(0, k - c));
  const spare = Int32Array.from(judges, (j, i) => Math.max(0, j.capacity - lockedLoad[i]!));

  // Banned pairs per entry: conflicts plus judges already locked at the entry.
  const conflictsOf: number[][] = Array.from({ length: E }, () => []);
  for (const c of input.conflicts) {
    const e = entryIndex.get(c.entryId);
    const j = judgeIndex.get(c.judgeId);
    if (e === undefined || j === undefined) continue;
    conflictsOf[e]!.push(j);
  }
  let lockedConflicts = 0;
  const banned = conflictsOf.map((list, e) => {
    for (const j of lockedByEntry[e]!) if (list.includes(j)) lockedConflicts++;
    return list.concat(lockedByEntry[e]!);
  });
  const bannedStart = new Int32Array(E + 1);
  const flat: number[] = [];
  banned.forEach((list, e) => {
    list.sort((a, b) => a - b);
    for (let i = 0; i < list.length; i++) if (i === 0 || list[i] !== list[i - 1]) flat.push(list[i]!);
    bannedStart[e + 1] = flat.length;
  });
  return {
    entries,
    judges,
    k,
    E,
    J,
    trackIds,
    entryTrack,
    judgeAff,
    judgeOrg,
    orgCount,
    lockedLoad,
    spare,
    lockedCount,
    demand,
    bannedStart,
    bannedList: Int32Array.from(flat),
    lockedByEntry,
    lockedConflicts,
  };
}

/**
 * Candidate judges per entry, best first. Unpruned: every judge with spare capacity that is not
 * banned, by affinity then index. Pruned: judges with spare capacity are put on a ring ordered by
 * hash(id), split per track into affinity classes 2, 1, 0; an entry takes a window of `n` judges
 * from class 2, n/2 from class 1 and n/4 from class 0 (shortfalls carry to the next class),
 * starting at hash(entry id) on each ring and skipping banned judges. Windows at hashed offsets
 * spread entries evenly over equally good judges, which keeps load balancing possible.
 */
function buildCandidates(p: Prepared, n: number): number[][] {
  const { E, J, spare, judgeAff, bannedStart, bannedList } = p;
  const T = p.trackIds.length;
  const active: number[] = [];
  for (let j = 0; j < J; j++) if (spare[j]! > 0) active.push(j);
  const mark = new Int32Array(J).fill(-1);
  const result: number[][] = Array.from({ length: E }, () => []);
  if (!Number.isFinite(n)) {
    for (let e = 0; e < E; e++) {
      if (p.demand[e]! === 0) continue;
      for (let b = bannedStart[e]!; b < bannedStart[e + 1]!; b++) mark[bannedList[b]!] = e;
      const t = p.entryTrack[e]!;
      const list = result[e]!;
      for (let a = 2; a >= 0; a--) {
        for (const j of active) if (mark[j] !== e && judgeAff[j * T + t] === a) list.push(j);
      }
    }
    return result;
  }
  const judgeHash = p.judges.map((j) => hashId(j.id));
  const ring = [...active].sort((a, b) => judgeHash[a]! - judgeHash[b]! || a - b);
  const classes: number[][][] = Array.from({ length: T }, () => [[], [], []]);
  for (let t = 0; t < T; t++) for (const j of ring) classes[t]![judgeAff[j * T + t]!]!.push(j);
  const quotas = [Math.ceil(n / 4), Math.ceil(n / 2), n];
  for (let e = 0; e < E; e++) {
    if (p.demand[e]! === 0) continue;
    for (let b = bannedStart[e]!; b < bannedStart[e + 1]!; b++) mark[bannedList[b]!] = e;
    const h = hashId(p.entries[e]!.id);
    const list = result[e]!;
    let carry = 0;
    for (let a = 2; a >= 0; a--) {
      const cls = classes[p.entryTrack[e]!]![a]!;
      let want = quotas[a]! + carry;
      const offset = cls.length === 0 ? 0 : h % cls.length;
      for (let i = 0; i < cls.length && want > 0; i++) {
        const j = cls[(offset + i) % cls.length]!;
        if (mark[j] === e) continue;
        list.push(j);
        want--;
      }
      carry = want;
    }
  }
  return result;
}

/** The flow network for a candidate set, with the bookkeeping needed to read it back. */
type Built = {
  net: FlowNetwork;
  supply: Int32Array;
  /** Per pair arc: entry, judge, arc index. */
  pairEntry: Int32Array;
  pairJudge: Int32Array;
  pairArc: Int32Array;
  /** Per entry, its organisation groups: groupStart[e] .. groupStart[e+1]. */
  groupStart: Int32Array;
  groupOrg: Int32Array;
  groupEntry: Int32Array;
  /** Organisation node of the group, or −1 when the single pair arc goes straight to the judge. */
  groupNode: Int32Array;
  /** Pair index of a direct group, else −1. */
  groupPair: Int32Array;
  /** Free and penalty arcs of a group with a node (free = −1 when a locked judge has the organisation). */
  groupFree: Int32Array;
  groupPenalty: Int32Array;
  /** First unit arc per judge; judge j's units are arcs sinkStart[j] .. sinkStart[j] + spare[j] − 1. */
  sinkStart: Int32Array;
  sink: number;
};

/** Scaled costs of the model. */
type Costs = { affinity: number; penalty: number; scale: number };

function lockedOrgMarks(p: Prepared, e: number, mark: Int32Array, token: number): void {
  for (const j of p.lockedByEntry[e]!) mark[p.judgeOrg[j]!] = token;
}

function buildNetwork(p: Prepared, cands: number[][], costs: Costs): Built {
  const { E, J, spare, judgeOrg, judgeAff } = p;
  const T = p.trackIds.length;
  const sink = E + J;
  let nodeCount = E + J + 1;
  const b = new FlowNetworkBuilder();
  // Pairs and groups are at most the number of candidates: preallocated typed arrays.
  let candidateCount = 0;
  for (const list of cands) candidateCount += list.length;
  const pairEntry = new Int32Array(candidateCount);
  const pairJudge = new Int32Array(candidateCount);
  const pairArc = new Int32Array(candidateCount);
  let pairs = 0;
  const groupStart = new Int32Array(E + 1);
  const groupOrg = new Int32Array(candidateCount);
  const groupEntry = new Int32Array(candidateCount);
  const groupNode = new Int32Array(candidateCount);
  const groupPair = new Int32Array(candidateCount);
  const groupFree = new Int32Array(candidateCount);
  const groupPenalty = new Int32Array(candidateCount);
  let groups = 0;
  const orgCount = new Int32Array(p.orgCount);
  const orgNode = new Int32Array(p.orgCount);
  const lockedOrg = new Int32Array(p.orgCount).fill(-1);
  for (let e = 0; e < E; e++) {
    const list = cands[e]!;
    if (p.demand[e]! > 0 && list.length > 0) {
      lockedOrgMarks(p, e, lockedOrg, e);
      const t = p.entryTrack[e]!;
      for (const j of list) orgCount[judgeOrg[j]!]!++;
      // Groups in order of their lowest judge index (list is sorted by judge).
      for (const j of list) {
        const o = judgeOrg[j]!;
        const count = orgCount[o]!;
        if (count <= 0) continue; // group already emitted
        const locked = lockedOrg[o] === e;
        const affCost = -costs.affinity * judgeAff[j * T + t]!;
        const g = groups++;
        groupOrg[g] = o;
        groupEntry[g] = e;
        if (count === 1) {
          groupNode[g] = -1;
          groupPair[g] = pairs;
          groupFree[g] = -1;
          groupPenalty[g] = -1;
          pairEntry[pairs] = e;
          pairJudge[pairs] = j;
          pairArc[pairs++] = b.addArc(e, E + j, 1, affCost + (locked ? costs.penalty : 0));
        } else {
          const node = nodeCount++;
          orgNode[o] = node;
          groupNode[g] = node;
          groupPair[g] = -1;
          groupFree[g] = locked ? -1 : b.addArc(e, node, 1, 0);
          groupPenalty[g] = b.addArc(e, node, p.k, costs.penalty);
        }
        // 0: direct arc done; −1: node made, its arcs to the judges are added below.
        orgCount[o] = count === 1 ? 0 : -1;
      }
      for (const j of list) {
        const o = judgeOrg[j]!;
        if (orgCount[o]! >= 0) continue;
        pairEntry[pairs] = e;
        pairJudge[pairs] = j;
        pairArc[pairs++] = b.addArc(orgNode[o]!, E + j, 1, -costs.affinity * judgeAff[j * T + t]!);
      }
      for (const j of list) orgCount[judgeOrg[j]!] = 0;
    }
    groupStart[e + 1] = groups;
  }
  const sinkStart = new Int32Array(J);
  for (let j = 0; j < J; j++) {
    sinkStart[j] = b.arcCount;
    const base = p.lockedLoad[j]!;
    for (let u = 1; u <= spare[j]!; u++) b.addArc(E + j, sink, 1, (2 * (base + u) - 1) * costs.scale);
  }
  const supply = new Int32Array(nodeCount);
  let total = 0;
  for (let e = 0; e < E; e++) {
    if (cands[e]!.length === 0) continue;
    supply[e] = p.demand[e]!;
    total += p.demand[e]!;
  }
  supply[sink] = -total;
  const net = b.build(nodeCount);
  return {
    net,
    supply,
    pairEntry: pairEntry.subarray(0, pairs),
    pairJudge: pairJudge.subarray(0, pairs),
    pairArc: pairArc.subarray(0, pairs),
    groupStart,
    groupOrg: groupOrg.subarray(0, groups),
    groupEntry: groupEntry.subarray(0, groups),
    groupNode: groupNode.subarray(0, groups),
    groupPair: groupPair.subarray(0, groups),
    groupFree: groupFree.subarray(0, groups),
    groupPenalty: groupPenalty.subarray(0, groups),
    sinkStart,
    sink,
  };
}

function setFlow(net: FlowNetwork, arc: number, flow: number): void {
  const s = net.slotOfArc[arc]!;
  net.residual[s] = net.capacity[s]! - flow;
  net.residual[net.mate[s]!] = flow;
}

function arcFlow(net: FlowNetwork, arc: number): number {
  const s = net.slotOfArc[arc]!;
  return net.capacity[s]! - net.residual[s]!;
}

/** Loads an assignment (new pairs per entry) as the flow of a network built on a superset. */
function loadFlow(p: Prepared, built: Built, assigned: number[][]): void {
  const { net } = built;
  const has = new Int32Array(p.J).fill(-1);
  const load = new Int32Array(p.J);
  for (let e = 0; e < p.E; e++) for (const j of assigned[e]!) load[j]!++;
  for (let i = 0; i < built.pairArc.length; i++) {
    const e = built.pairEntry[i]!;
    if (i === 0 || built.pairEntry[i - 1] !== e) for (const j of assigned[e]!) has[j] = e;
    setFlow(net, built.pairArc[i]!, has[built.pairJudge[i]!] === e ? 1 : 0);
  }
  for (let e = 0; e < p.E; e++) {
    for (let g = built.groupStart[e]!; g < built.groupStart[e + 1]!; g++) {
      const node = built.groupNode[g]!;
      if (node < 0) continue;
      let c = 0;
      for (let s = net.start[node]!; s < net.start[node + 1]!; s++) {
        if (net.capacity[s]! > 0) c += net.capacity[s]! - net.residual[s]!;
      }
      const free = built.groupFree[g]!;
      const freeFlow = free >= 0 ? Math.min(1, c) : 0;
      if (free >= 0) setFlow(net, free, freeFlow);
      setFlow(net, built.groupPenalty[g]!, c - freeFlow);
    }
  }
  for (let j = 0; j < p.J; j++) {
    for (let u = 0; u < p.spare[j]!; u++) setFlow(net, built.sinkStart[j]! + u, u < load[j]! ? 1 : 0);
  }
}

function readAssignment(p: Prepared, built: Built): number[][] {
  const assigned: number[][] = Array.from({ length: p.E }, () => []);
  for (let i = 0; i < built.pairArc.length; i++) {
    if (arcFlow(built.net, built.pairArc[i]!) > 0) assigned[built.pairEntry[i]!]!.push(built.pairJudge[i]!);
  }
  return assigned;
}

type Violations = {
  pairs: Array<[number, number]>;
  /** Price to give an organisation node created for (entry, org), keyed entry * orgCount + org. */
  nodePrice: Map<number, number>;
};

/**
 * Certification against all pairs of an optimal flow on candidates, with exact potentials π
 * (every residual arc has rc = c + π(tail) − π(head) ≥ 0). Extend the flow by zero on the missing
 * pair arcs; it is optimal for the full network if some price of each organisation node keeps
 * every residual arc at rc ≥ 0 (complementary slackness). Organisation nodes touch only their
 * entry and their judges, so each one's price q can be chosen on its own, inside [L, U]:
 *   an existing node: U = priceCeiling (the tightest bound from its residual in-arcs);
 *   a group drawn as one direct arc e→j1 (or with no candidate at all), from the arcs its node
 *   would have: free arc e→o (cost 0): residual → q ≤ π(e), flow → q ≥ π(e); penalty arc (cost P,
 *   never saturated): q ≤ π(e) + P, flow → q ≥ π(e) + P; o→j1 (cost c1): no flow → q ≥ π(j1) − c1,
 *   flow → q ≤ π(j1) − c1.
 * Each missing pair o→j2 (cost c2, no flow) demands q ≥ π(j2) − c2. A pair whose bound exceeds U
 * violates; violating pairs are returned (with U as the price of the node they may create, for the
 * warm start).
 */
function certify(
  p: Prepared,
  built: Built,
  cands: number[][],
  price: Float64Array,
  costs: Costs,
): Violations {
  const { E, J, spare, judgeOrg, judgeAff } = p;
  const { net } = built;
  const T = p.trackIds.length;
  const mark = new Int32Array(J).fill(-1);
  const orgTok = new Int32Array(p.orgCount).fill(-1);
  const orgU = new Float64Array(p.orgCount);
  const lockedOrg = new Int32Array(p.orgCount).fill(-1);
  const active: number[] = [];
  for (let j = 0; j < J; j++) if (spare[j]! > 0) active.push(j);
  const pairs: Array<[number, number]> = [];
  const nodePrice = new Map<number, number>();
  for (let e = 0; e < E; e++) {
    if (p.demand[e]! === 0 || cands[e]!.length === 0) continue;
    for (const j of cands[e]!) mark[j] = e;
    for (let b = p.bannedStart[e]!; b < p.bannedStart[e + 1]!; b++) mark[p.bannedList[b]!] = e;
    lockedOrgMarks(p, e, lockedOrg, e);
    const pe = price[e]!;
    const t = p.entryTrack[e]!;
    for (let g = built.groupStart[e]!; g < built.groupStart[e + 1]!; g++) {
      const o = built.groupOrg[g]!;
      orgTok[o] = e;
      const node = built.groupNode[g]!;
      if (node >= 0) {
        // The node's price may move anywhere its own residual arcs allow; only U matters here.
        orgU[o] = priceCeiling(net, node, price);
        continue;
      }
      const pair = built.groupPair[g]!;
      const j1 = built.pairJudge[pair]!;
      const x = arcFlow(net, built.pairArc[pair]!);
      const locked = lockedOrg[o] === e;
      const reach = price[E + j1]! + costs.affinity * judgeAff[j1 * T + t]!; // π(j1) − c1
      let U = pe + costs.penalty;
      let L = Number.NEGATIVE_INFINITY;
      if (!locked && x === 0) U = Math.min(U, pe);
      if (!locked && x === 1) L = pe;
      if (locked && x === 1) L = pe + costs.penalty;
      if (x === 1) U = Math.min(U, reach);
      else L = Math.max(L, reach);
      if (L > U) throw new Error(`assignment: certification found an inconsistent group at entry ${e}`);
      orgU[o] = U;
    }
    for (const j of active) {
      if (mark[j] === e) continue;
      const o = judgeOrg[j]!;
      if (orgTok[o] !== e) {
        orgTok[o] = e;
        orgU[o] = pe + (lockedOrg[o] === e ? costs.penalty : 0);
      }
      const bound = price[E + j]! + costs.affinity * judgeAff[j * T + t]!;
      if (bound > orgU[o]!) {
        pairs.push([e, j]);
        nodePrice.set(e * p.orgCount + o, orgU[o]!);
      }
    }
  }
  return { pairs, nodePrice };
}

/**
 * The highest price node v can take while its residual arcs keep rc ≥ 0, other prices fixed:
 * every residual arc x→v (cost c) requires price(v) ≤ price(x) + c. (Arcs out of v only bound the
 * price from below, and the current price already satisfies them.)
 */
function priceCeiling(net: FlowNetwork, v: number, price: Float64Array): number {
  let ceiling = Number.POSITIVE_INFINITY;
  for (let s = net.start[v]!; s < net.start[v + 1]!; s++) {
    const a = net.mate[s]!;
    if (net.residual[a]! > 0) ceiling = Math.min(ceiling, price[net.head[s]!]! + net.cost[a]!);
  }
  return ceiling;
}

function evaluate(p: Prepared, assigned: number[][]): SolverObjective {
  const T = p.trackIds.length;
  let totalAffinity = 0;
  let sameOrganizationEntries = 0;
  const load = Int32Array.from(p.lockedLoad);
  const seen = new Int32Array(p.orgCount).fill(-1);
  for (let e = 0; e < p.E; e++) {
    const t = p.entryTrack[e]!;
    for (const j of [...p.lockedByEntry[e]!, ...assigned[e]!]) {
      totalAffinity += p.judgeAff[j * T + t]!;
      const o = p.judgeOrg[j]!;
      if (seen[o] === e) sameOrganizationEntries++;
      seen[o] = e;
    }
    for (const j of assigned[e]!) load[j]!++;
  }
  let sumSquaredLoads = 0;
  for (let j = 0; j < p.J; j++) sumSquaredLoads += load[j]! * load[j]!;
  return { totalAffinity, sameOrganizationEntries, sumSquaredLoads };
}

export function solveAssignment(input: SolverInput, options: SolverOptions = {}): SolverResult {
  const started = performance.now();
  // Progress never goes backwards, even when certification sends the solve round again.
  let reported = 0;
  const progress = (fraction: number, phase: string): void => {
    reported = Math.max(reported, fraction);
    input.onProgress?.(reported, phase);
  };
  progress(0, 'prepare');
  const p = prepare(input);
  const { E, J } = p;

  let activeJudges = 0;
  let maxCapacity = 0;
  for (let j = 0; j < J; j++) {
    if (p.spare[j]! > 0) {
      activeJudges++;
      maxCapacity = Math.max(maxCapacity, p.judges[j]!.capacity);
    }
  }
  let activeEntries = 0;
  for (let e = 0; e < E; e++) if (p.demand[e]! > 0) activeEntries++;
  const pruned =
    options.candidatesPerEntry !== undefined
      ? Number.isFinite(options.candidatesPerEntry)
      : activeEntries * activeJudges > PRUNE_ABOVE_PAIRS;
  const perEntry = pruned
    ? (options.candidatesPerEntry ?? DEFAULT_CANDIDATES_PER_ENTRY)
    : Number.POSITIVE_INFINITY;
  const cands = buildCandidates(p, perEntry);

  progress(0.05, 'feasibility');
  const flow = maxFlowAssignment({
    entryCount: E,
    judgeCount: J,
    demand: p.demand,
    spare: p.spare,
    bannedStart: p.bannedStart,
    bannedList: p.bannedList,
    candidates: cands,
  });
  if (!flow.feasible) {
    const names = input.trackNames ?? {};
    progress(1, 'infeasible');
    return {
      ok: false,
      diagnosis: diagnose({
        reviewsPerEntry: p.k,
        entryIds: p.entries.map((e) => e.id),
        entryTitles: p.entries.map((e) => e.title ?? e.id),
        entryTrack: p.entries.map((e) => e.trackId),
        trackName: (t) => names[t] ?? t,
        judgeCount: J,
        lockedCount: p.lockedCount,
        demand: p.demand,
        spare: p.spare,
        bannedStart: p.bannedStart,
        bannedList: p.bannedList,
        flow,
      }),
    };
  }
  // The feasible pairs join the candidates, so the network on candidates is feasible.
  for (let e = 0; e < E; e++) {
    const list = cands[e]!;
    const have = new Set(list);
    for (const j of flow.assigned[e]!) if (!have.has(j)) list.push(j);
    list.sort((a, b) => a - b);
  }

  const w = objectiveWeights(activeJudges, activeEntries, maxCapacity);
  const costs: Costs = { affinity: w.affinity * w.scale, penalty: w.organization * w.scale, scale: w.scale };
  let assigned = flow.assigned;
  let price: Float64Array | undefined;
  let nodeKeys: number[] = [];
  let nodePrice = new Map<number, number>();
  let built: Built;
  let rounds = 0;
  let certified = !pruned;
  for (;;) {
    built = buildNetwork(p, cands, costs);
    const n = built.net.nodeCount;
    const next = new Float64Array(n);
    // Warm start: entries, judges and the sink keep their indices; organisation nodes are matched
    // by (entry, organisation); new ones get the price certification chose for them.
    if (price) {
      next.set(price.subarray(0, E + J + 1));
      const old = new Map<number, number>();
      for (let i = 0; i < nodeKeys.length; i++) old.set(nodeKeys[i]!, price[E + J + 1 + i]!);
      for (let g = 0; g < built.groupNode.length; g++) {
        const node = built.groupNode[g]!;
        if (node < 0) continue;
        const key = built.groupOrg[g]! + p.orgCount * built.groupEntry[g]!;
        next[node] = old.get(key) ?? nodePrice.get(key) ?? next[built.groupEntry[g]!]!;
      }
    }
    loadFlow(p, built, assigned);
    const [from, span] = rounds === 0 ? [0.1, 0.75] : [0.9, 0.09 * (1 - rounds / MAX_ROUNDS)];
    minCostFlow(built.net, built.supply, next, { onRefine: (f) => progress(from + span * f, 'optimize') });
    price = next;
    nodeKeys = [];
    for (let g = 0; g < built.groupNode.length; g++) {
      if (built.groupNode[g]! >= 0) nodeKeys.push(built.groupOrg[g]! + p.orgCount * built.groupEntry[g]!);
    }
    assigned = readAssignment(p, built);
    if (!pruned) break;
    progress(0.88, 'certify');
    price = sinkPotentials(built.net, built.sink, VIRTUAL_LENGTH);
    const v = certify(p, built, cands, price, costs);
    if (v.pairs.length === 0) {
      certified = true;
      break;
    }
    rounds++;
    nodePrice = v.nodePrice;
    if (rounds >= MAX_ROUNDS) {
      const all = buildCandidates(p, Number.POSITIVE_INFINITY);
      for (let e = 0; e < E; e++) cands[e] = all[e]!.sort((a, b) => a - b);
    } else {
      for (const [e, j] of v.pairs) cands[e]!.push(j);
      for (const list of cands) list.sort((a, b) => a - b);
    }
  }

  const T = p.trackIds.length;
  const assignments: SolverAssignment[] = [];
  for (let e = 0; e < E; e++) {
    const t = p.entryTrack[e]!;
    const locked = new Set(p.lockedByEntry[e]!);
    const all = [...p.lockedByEntry[e]!, ...assigned[e]!].sort((a, b) => a - b);
    for (const j of all) {
      assignments.push({
        entryId: p.entries[e]!.id,
        judgeId: p.judges[j]!.id,
        affinity: p.judgeAff[j * T + t]!,
        locked: locked.has(j),
      });
    }
  }
  progress(1, 'done');
  return {
    ok: true,
    assignments,
    objective: evaluate(p, assigned),
    stats: {
      arcs: built.net.head.length / 2,
      nodes: built.net.nodeCount,
      prunedCandidates: pruned,
      certified,
      ms: performance.now() - started,
      lockedConflicts: p.lockedConflicts,
      certificationRounds: rounds,
    },
  };
}
