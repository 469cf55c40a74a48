// Rankings, ties and close calls.
//
// Order: score descending; among scores equal within TIE_TOLERANCE, raw score descending; among
// those, more reviews first. Entries still equal share a rank (standard competition ranking
// 1, 2, 2, 4) and are flagged as a tie for a person to decide: the id never breaks a tie (it only
// fixes the display order inside a tie group).
// "Equal within tolerance" is made transitive by single-linkage clustering of the sorted values:
// a new group starts where the gap to the previous value exceeds the tolerance. A plain
// |a − b| ≤ tol comparator would not be a consistent sort order.

/** Scores are on the rubric scale (units to tens): 1e-9 is far above float noise (~1e-14), far below the 6 shown decimals. */
export const TIE_TOLERANCE = 1e-9;

export type RankKeys = { score: Float64Array; raw: Float64Array; reviews: Int32Array };

/** Splits an already ordered list into runs whose consecutive values differ by at most `tol`. */
function runs(items: number[], value: (i: number) => number, tol: number): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  for (let k = 0; k < items.length; k++) {
    const i = items[k]!;
    if (cur.length > 0 && Math.abs(value(cur[cur.length - 1]!) - value(i)) > tol) {
      out.push(cur);
      cur = [];
    }
    cur.push(i);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/**
 * Ranks `items` (entry indices with a score). Writes the 1-based competition rank and the tie flag
 * (shares its rank) into rankOut / tieOut at each item's index; returns the items in rank order.
 * One sort by score; only the (rare) clusters of scores within tolerance are split further, so
 * the common case allocates nothing per entry.
 */
export function competitionRank(
  items: readonly number[],
  keys: RankKeys,
  rankOut: Int32Array,
  tieOut: Uint8Array,
): number[] {
  const { score, raw, reviews } = keys;
  const desc = (v: Float64Array | Int32Array) => (a: number, b: number) => v[b]! - v[a]! || a - b;
  const byScore = items.slice().sort(desc(score));
  const ordered: number[] = [];
  let pos = 0;
  const place = (group: number[]): void => {
    group.sort((a, b) => a - b); // display order inside a tie only
    for (const i of group) {
      rankOut[i] = pos + 1;
      tieOut[i] = group.length > 1 ? 1 : 0;
      ordered.push(i);
    }
    pos += group.length;
  };
  const m = byScore.length;
  for (let i = 0; i < m; ) {
    // The cluster byScore[i..j]: consecutive scores within tolerance.
    let j = i;
    while (j + 1 < m && score[byScore[j]!]! - score[byScore[j + 1]!]! <= TIE_TOLERANCE) j++;
    if (j === i) {
      const e = byScore[i]!;
      rankOut[e] = ++pos;
      tieOut[e] = 0;
      ordered.push(e);
    } else {
      const cluster = byScore.slice(i, j + 1).sort(desc(raw));
      for (const rGroup of runs(cluster, (k) => raw[k]!, TIE_TOLERANCE)) {
        if (rGroup.length === 1) place(rGroup);
        else for (const group of runs(rGroup.sort(desc(reviews)), (k) => reviews[k]!, 0)) place(group);
      }
    }
    i = j + 1;
  }
  return ordered;
}

/**
 * Close calls at a track's cutoff. Above the line: trackRank ≤ cutoff (a tie straddling the
 * cutoff therefore puts all its members above, and the caller warns). An entry above the line is a
 * close call when its interval overlaps the interval of any entry below it, and vice versa, so
 * every entry whose placement the bootstrap cannot settle is flagged, not only ranks N and N+1.
 * Intervals are closed: touching endpoints overlap. O(n log n) via sorted lower bounds and prefix
 * maxima of upper bounds.
 */
export function flagCloseCalls(
  above: readonly number[],
  below: readonly number[],
  lo: Float64Array,
  hi: Float64Array,
  out: Uint8Array,
): void {
  const mark = (targets: readonly number[], others: readonly number[]) => {
    if (others.length === 0) return;
    const sorted = others.slice().sort((a, b) => lo[a]! - lo[b]! || a - b);
    const loSorted = new Float64Array(sorted.length);
    const prefMaxHi = new Float64Array(sorted.length);
    let m = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < sorted.length; k++) {
      const i = sorted[k]!;
      loSorted[k] = lo[i]!;
      m = Math.max(m, hi[i]!);
      prefMaxHi[k] = m;
    }
    for (const t of targets) {
      // count of others with lo ≤ hi[t]
      let a = 0;
      let b = sorted.length;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if (loSorted[mid]! <= hi[t]!) a = mid + 1;
        else b = mid;
      }
      if (a > 0 && prefMaxHi[a - 1]! >= lo[t]!) out[t] = 1;
    }
  };
  mark(above, below);
  mark(below, above);
}
