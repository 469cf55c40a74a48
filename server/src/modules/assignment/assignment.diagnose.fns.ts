// Feasibility of the judge assignment (a bipartite b-matching) and, when it fails, a diagnosis a
// person can act on.
//
// The max-flow runs on the implicit complete bipartite graph "entries × judges minus banned pairs"
// (banned = conflicted or already locked at the entry), so it never materialises the E × J pairs:
//   1. greedy assignment along each entry's candidate list (the pruned, best-first list);
//   2. augmenting phases: one breadth-first search from all entries that still miss judges over the
//      residual graph (entry → any unbanned judge not yet assigned to it; a full judge → the entries
//      it is assigned to, which could take another judge instead), then augmentation along
//      vertex-disjoint tree paths that end at a judge with spare capacity. The search keeps the
//      judges not yet visited in a list and, for each entry, visits every listed judge that is not
//      banned for it; a judge that stays listed is banned for that entry, so one search costs
//      O(E + J + banned + assigned) instead of O(E × J).
// When a search reaches no judge with spare capacity, the flow is maximum and the visited nodes
// are the source side of a minimum cut: the visited entries need more reviews than the visited
// (all full) judges can give — Hall's condition fails on exactly that set, which is what the
// diagnosis reports.

export type FeasibilityInput = {
  entryCount: number;
  judgeCount: number;
  /** Reviews still needed per entry (reviewsPerEntry minus locked reviews, at least 0). */
  demand: Int32Array;
  /** Reviews each judge can still take (capacity minus locked load, at least 0). */
  spare: Int32Array;
  /** Judges that may not be (newly) assigned to entry e: bannedList[bannedStart[e] .. bannedStart[e+1]). */
  bannedStart: Int32Array;
  bannedList: Int32Array;
  /** Preferred judges per entry, best first; used by the greedy start only. */
  candidates: ReadonlyArray<ArrayLike<number>>;
};

export type FeasibilityResult = {
  feasible: boolean;
  /** New judges per entry (a maximum flow; complete when feasible). */
  assigned: number[][];
  /** Unmet reviews per entry. */
  missing: Int32Array;
  /** Source side of the minimum cut (only meaningful when infeasible). */
  cutEntries: Uint8Array;
  cutJudges: Uint8Array;
};

export function maxFlowAssignment(input: FeasibilityInput): FeasibilityResult {
  const { entryCount: E, judgeCount: J, demand, spare, bannedStart, bannedList, candidates } = input;
  const assigned: number[][] = Array.from({ length: E }, () => []);
  const judgeEntries: number[][] = Array.from({ length: J }, () => []);
  const load = new Int32Array(J);

  for (let e = 0; e < E; e++) {
    const want = demand[e]!;
    const list = candidates[e]!;
    const mine = assigned[e]!;
    for (let i = 0; i < list.length && mine.length < want; i++) {
      const j = list[i]!;
      if (load[j]! < spare[j]!) {
        mine.push(j);
        judgeEntries[j]!.push(e);
        load[j]!++;
      }
    }
  }

  const visitedE = new Int32Array(E).fill(-1);
  const visitedJ = new Int32Array(J).fill(-1);
  const parentJudge = new Int32Array(E); // judge that entry e gives up on the path (−1: root)
  const parentEntry = new Int32Array(J); // entry that takes judge j on the path
  const usedE = new Int32Array(E).fill(-1);
  const usedJ = new Int32Array(J).fill(-1);
  const mark = new Int32Array(J).fill(-1);
  const unvisited = new Int32Array(J);
  const queue = new Int32Array(E);
  let token = 0;

  const missingOf = (e: number): number => demand[e]! - assigned[e]!.length;
  const removeFrom = (list: number[], x: number): void => {
    const i = list.indexOf(x);
    list[i] = list[list.length - 1]!;
    list.pop();
  };

  for (let phase = 0; ; phase++) {
    let qLen = 0;
    for (let e = 0; e < E; e++) {
      if (missingOf(e) > 0) {
        visitedE[e] = phase;
        parentJudge[e] = -1;
        queue[qLen++] = e;
      }
    }
    if (qLen === 0) break;
    let unvisitedLen = 0;
    for (let j = 0; j < J; j++) if (spare[j]! > 0) unvisited[unvisitedLen++] = j;
    const terminals: number[] = [];
    for (let qi = 0; qi < qLen; qi++) {
      const e = queue[qi]!;
      token++;
      for (let b = bannedStart[e]!; b < bannedStart[e + 1]!; b++) mark[bannedList[b]!] = token;
      for (const j of assigned[e]!) mark[j] = token;
      let i = 0;
      while (i < unvisitedLen) {
        const j = unvisited[i]!;
        if (mark[j] === token) {
          i++;
          continue;
        }
        unvisited[i] = unvisited[--unvisitedLen]!;
        visitedJ[j] = phase;
        parentEntry[j] = e;
        if (load[j]! < spare[j]!) {
          terminals.push(j);
          continue;
        }
        for (const e2 of judgeEntries[j]!) {
          if (visitedE[e2] === phase) continue;
          visitedE[e2] = phase;
          parentJudge[e2] = j;
          queue[qLen++] = e2;
        }
      }
    }
    if (terminals.length === 0) {
      const missing = new Int32Array(E);
      const cutEntries = new Uint8Array(E);
      const cutJudges = new Uint8Array(J);
      for (let e = 0; e < E; e++) {
        missing[e] = missingOf(e);
        cutEntries[e] = visitedE[e] === phase ? 1 : 0;
      }
      for (let j = 0; j < J; j++) cutJudges[j] = visitedJ[j] === phase ? 1 : 0;
      return { feasible: false, assigned, missing, cutEntries, cutJudges };
    }
    // Augment along tree paths that share no entry or judge except the root entry (which may
    // still miss several judges); the first path is always usable, so every phase makes progress.
    for (const t of terminals) {
      let ok = load[t]! < spare[t]!;
      let e = parentEntry[t]!;
      while (ok) {
        const j = parentJudge[e]!;
        if (j < 0) {
          ok = missingOf(e) > 0;
          break;
        }
        if (usedE[e] === phase || usedJ[j] === phase) ok = false;
        e = parentEntry[j]!;
      }
      if (!ok) continue;
      e = parentEntry[t]!;
      let takes = t;
      for (;;) {
        const gives = parentJudge[e]!;
        assigned[e]!.push(takes);
        judgeEntries[takes]!.push(e);
        if (gives < 0) {
          load[takes]!++;
          break;
        }
        usedE[e] = phase;
        usedJ[gives] = phase;
        removeFrom(assigned[e]!, gives);
        removeFrom(judgeEntries[gives]!, e);
        load[takes]!++;
        load[gives]!--;
        takes = gives;
        e = parentEntry[gives]!;
      }
    }
  }
  return {
    feasible: true,
    assigned,
    missing: new Int32Array(E),
    cutEntries: new Uint8Array(E),
    cutJudges: new Uint8Array(J),
  };
}

export type DiagnosisEntry = {
  entryId: string;
  trackId: string;
  needed: number;
  available: number;
  reason: string;
};
export type Diagnosis = {
  message: string;
  entries: DiagnosisEntry[];
  tracks: Array<{ trackId: string; message: string }>;
};

export type DiagnosisContext = {
  reviewsPerEntry: number;
  entryIds: readonly string[];
  entryTitles: readonly string[];
  entryTrack: readonly string[];
  trackName: (trackId: string) => string;
  judgeCount: number;
  /** Locked reviews per entry (they count toward the k judges). */
  lockedCount: Int32Array;
  demand: Int32Array;
  spare: Int32Array;
  bannedStart: Int32Array;
  bannedList: Int32Array;
  flow: FeasibilityResult;
};

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Explains an infeasible round. For each entry left short by the maximum flow: `available` counts
 * the judges who could still review it at all (locked at it, or without a conflict and with spare
 * capacity). If that is below k, the entry is infeasible on its own; otherwise it loses to other
 * entries for the same judges, and the reason quotes the Hall violation of the minimum cut.
 */
export function diagnose(ctx: DiagnosisContext): Diagnosis {
  const k = ctx.reviewsPerEntry;
  const E = ctx.entryIds.length;
  const J = ctx.judgeCount;
  const { flow, spare, demand } = ctx;
  const mark = new Int32Array(J).fill(-1);

  const availableOf = (e: number): number => {
    for (let b = ctx.bannedStart[e]!; b < ctx.bannedStart[e + 1]!; b++) mark[ctx.bannedList[b]!] = e;
    let count = ctx.lockedCount[e]!;
    for (let j = 0; j < J; j++) if (mark[j] !== e && spare[j]! > 0) count++;
    return count;
  };

  // The minimum cut: entries that compete for the same saturated judges.
  let cutDemand = 0;
  let cutEntryCount = 0;
  let cutSpare = 0;
  let cutJudgeCount = 0;
  for (let e = 0; e < E; e++) {
    if (flow.cutEntries[e]) {
      cutDemand += demand[e]!;
      cutEntryCount++;
    }
  }
  for (let j = 0; j < J; j++) {
    if (flow.cutJudges[j]) {
      cutSpare += spare[j]!;
      cutJudgeCount++;
    }
  }

  const entries: DiagnosisEntry[] = [];
  const byTrack = new Map<string, DiagnosisEntry[]>();
  for (let e = 0; e < E; e++) {
    if (flow.missing[e]! <= 0) continue;
    const trackId = ctx.entryTrack[e]!;
    const available = availableOf(e);
    const name = `Entry "${ctx.entryTitles[e]}" (track ${ctx.trackName(trackId)})`;
    const reason =
      available < k
        ? `${name} needs ${plural(k, 'judge', 'judges')} but only ${plural(available, 'judge', 'judges')} without a conflict ${available === 1 ? 'has' : 'have'} capacity.`
        : `${name} needs ${plural(k, 'judge', 'judges')}; ${plural(available, 'judge', 'judges')} without a conflict could review it, but they are booked by other entries: the ${plural(cutJudgeCount, 'judge', 'judges')} these entries can use have ${plural(cutSpare, 'review', 'reviews')} of capacity left for the ${plural(cutDemand, 'review', 'reviews')} that ${plural(cutEntryCount, 'entry', 'entries')} need.`;
    const item = { entryId: ctx.entryIds[e]!, trackId, needed: k, available, reason };
    entries.push(item);
    const list = byTrack.get(trackId);
    if (list) list.push(item);
    else byTrack.set(trackId, [item]);
  }

  const tracks: Array<{ trackId: string; message: string }> = [];
  const trackIds = [...byTrack.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const trackId of trackIds) {
    const list = byTrack.get(trackId)!;
    const name = ctx.trackName(trackId);
    const short = list.filter((d) => d.available < k);
    const head = `Track ${name}: ${plural(list.length, 'entry', 'entries')} cannot get ${plural(k, 'judge', 'judges')}`;
    let message: string;
    if (short.length === list.length) {
      // "only N": the best case over the track's short entries, so it holds for each of them.
      const most = Math.max(...short.map((d) => d.available));
      message = `${head}; only ${plural(most, 'judge', 'judges')} without a conflict ${most === 1 ? 'has' : 'have'} capacity for track ${name}.`;
    } else {
      message = `${head}; the judges without a conflict who could review them are fully booked (${plural(cutSpare, 'review', 'reviews')} of capacity left for ${plural(cutDemand, 'review', 'reviews')} needed).`;
    }
    tracks.push({ trackId, message });
  }

  let totalSpare = 0;
  let totalDemand = 0;
  for (let j = 0; j < J; j++) totalSpare += spare[j]!;
  for (let e = 0; e < E; e++) totalDemand += demand[e]!;
  const parts = [
    `${plural(entries.length, 'entry', 'entries')} of ${E} cannot get ${plural(k, 'judge', 'judges')}.`,
  ];
  if (totalSpare < totalDemand) {
    parts.push(
      `The judges can take ${plural(totalSpare, 'more review', 'more reviews')} in total but ${plural(totalDemand, 'is', 'are')} needed; add judges or raise their capacity.`,
    );
  }
  if (J < k)
    parts.push(
      `Each entry needs ${k} distinct judges but the round has only ${plural(J, 'judge', 'judges')}.`,
    );
  return { message: parts.join(' '), entries, tracks };
}
