// The judge–entry design in typed arrays: reviews as (entry, judge, total) triples plus CSR
// adjacency lists, and the connected components of the bipartite judge–entry graph.
// Invariant: every index list is in ascending review / judge / entry index order, i.e. in the
// canonical order of the normalised input. Loops over a component therefore visit its items in
// the same relative order whether or not other components are present, which makes each
// component's calibration bit-identical to calibrating that piece alone.

export type Design = {
  /** Entries (all, including unreviewed), judges (with at least one valid review), valid reviews. */
  E: number;
  J: number;
  R: number;
  revEntry: Int32Array;
  revJudge: Int32Array;
  /** Review totals on the rubric scale. */
  y: Float64Array;
  /** Reviews of entry e: entryRevs[entryStart[e] .. entryStart[e+1]), ascending review index. */
  entryStart: Int32Array;
  entryRevs: Int32Array;
  /** Reviews of judge j: judgeRevs[judgeStart[j] .. judgeStart[j+1]), ascending review index. */
  judgeStart: Int32Array;
  judgeRevs: Int32Array;
};

export function buildDesign(
  E: number,
  J: number,
  revEntry: Int32Array,
  revJudge: Int32Array,
  y: Float64Array,
): Design {
  const R = y.length;
  const entryStart = new Int32Array(E + 1);
  const judgeStart = new Int32Array(J + 1);
  for (let r = 0; r < R; r++) {
    entryStart[revEntry[r]! + 1]!++;
    judgeStart[revJudge[r]! + 1]!++;
  }
  for (let e = 0; e < E; e++) entryStart[e + 1]! += entryStart[e]!;
  for (let j = 0; j < J; j++) judgeStart[j + 1]! += judgeStart[j]!;
  const entryRevs = new Int32Array(R);
  const judgeRevs = new Int32Array(R);
  const ef = entryStart.slice(0, E);
  const jf = judgeStart.slice(0, J);
  // Counting sort, stable: reviews keep ascending index order inside each list.
  for (let r = 0; r < R; r++) {
    entryRevs[ef[revEntry[r]!]!++] = r;
    judgeRevs[jf[revJudge[r]!]!++] = r;
  }
  return { E, J, R, revEntry, revJudge, y, entryStart, entryRevs, judgeStart, judgeRevs };
}

/** Number of reviews of entry e. */
export function entryCount(d: Design, e: number): number {
  return d.entryStart[e + 1]! - d.entryStart[e]!;
}

export type Components = {
  count: number;
  /** Component of each entry; -1 for entries without reviews (they belong to no judge). */
  compOfEntry: Int32Array;
  compOfJudge: Int32Array;
  /** Entries per component. */
  sizes: number[];
  /** Judges of component c: judges[judgeStart[c] .. judgeStart[c+1]), ascending. Same layout for entries and reviews. */
  judgeStart: Int32Array;
  judges: Int32Array;
  entryStart: Int32Array;
  entries: Int32Array;
  revStart: Int32Array;
  revs: Int32Array;
};

/**
 * Connected components of the bipartite graph (entries ∪ judges, an edge per review), by union–find
 * with path halving. Components are numbered in order of their smallest entry id, so the numbering
 * depends only on the input, not on the union order.
 */
export function findComponents(d: Design): Components {
  const { E, J, R } = d;
  const parent = new Int32Array(E + J);
  for (let i = 0; i < E + J; i++) parent[i] = i;
  const find = (x: number): number => {
    let v = x;
    while (parent[v]! !== v) {
      parent[v] = parent[parent[v]!]!;
      v = parent[v]!;
    }
    return v;
  };
  for (let r = 0; r < R; r++) {
    const a = find(d.revEntry[r]!);
    const b = find(E + d.revJudge[r]!);
    if (a !== b) {
      if (a < b) parent[b] = a;
      else parent[a] = b;
    }
  }
  const compOfRoot = new Int32Array(E + J).fill(-1);
  const compOfEntry = new Int32Array(E).fill(-1);
  let count = 0;
  for (let e = 0; e < E; e++) {
    if (entryCount(d, e) === 0) continue;
    const root = find(e);
    if (compOfRoot[root] === -1) compOfRoot[root] = count++;
    compOfEntry[e] = compOfRoot[root]!;
  }
  // Every judge has a review, hence an entry, hence a numbered root.
  const compOfJudge = new Int32Array(J);
  for (let j = 0; j < J; j++) compOfJudge[j] = compOfRoot[find(E + j)]!;

  const group = (n: number, compOf: (i: number) => number): [Int32Array, Int32Array] => {
    const start = new Int32Array(count + 1);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const c = compOf(i);
      if (c >= 0) {
        start[c + 1]!++;
        total++;
      }
    }
    for (let c = 0; c < count; c++) start[c + 1]! += start[c]!;
    const items = new Int32Array(total);
    const fill = start.slice(0, count);
    for (let i = 0; i < n; i++) {
      const c = compOf(i);
      if (c >= 0) items[fill[c]!++] = i;
    }
    return [start, items];
  };
  const [judgeStart, judges] = group(J, (j) => compOfJudge[j]!);
  const [entryStart, entries] = group(E, (e) => compOfEntry[e]!);
  const [revStart, revs] = group(R, (r) => compOfEntry[d.revEntry[r]!]!);
  const sizes: number[] = [];
  for (let c = 0; c < count; c++) sizes.push(entryStart[c + 1]! - entryStart[c]!);
  return { count, compOfEntry, compOfJudge, sizes, judgeStart, judges, entryStart, entries, revStart, revs };
}
