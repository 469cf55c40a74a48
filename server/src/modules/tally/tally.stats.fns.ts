// Small numeric building blocks: means, spreads, quantiles, a seeded PRNG and ICC(1).
// All loops run in index order so the floating-point result depends only on the order of the
// values given (the tally sorts its inputs first, which is what makes snapshots reproducible).

/** Arithmetic mean; NaN for an empty list. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  return s / n;
}

/** Sample standard deviation (divisor n - 1), two-pass for accuracy; 0 when fewer than 2 values. */
export function sampleSd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/** Live rounds drop one highest and one lowest score from this many scores upwards. */
export const TRIM_FROM = 5;

/**
 * Live-round score: with five or more values drop the single highest and the single lowest (one
 * of each even when several values tie for the extreme) and average the rest; with fewer values
 * the plain mean. NaN for an empty list.
 */
export function trimmedMean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    s += v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (n < TRIM_FROM) return s / n;
  return (s - lo - hi) / (n - 2);
}

/** Quantile of an ascending-sorted array, linear interpolation between order statistics (R type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hiIdx = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hiIdx]! - a);
}

/**
 * Rearranges a[lo..hi] in place so that a[k] holds the value it would have after sorting, with
 * nothing larger before it and nothing smaller after it (quickselect, median-of-three pivot).
 * Order statistics are exact, so the result equals sorting's; expected O(n) instead of O(n log n).
 */
export function selectInPlace(a: Float64Array, lo: number, hi: number, k: number): void {
  let l = lo;
  let h = hi;
  while (h > l) {
    const m = (l + h) >>> 1;
    // median of three → pivot value
    let x = a[l]!;
    let y = a[m]!;
    let z = a[h]!;
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) y = x;
    const pivot = y;
    let i = l;
    let j = h;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i] = a[j]!;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) h = j;
    else if (k >= i) l = i;
    else return;
  }
}

/**
 * Type-7 quantiles at pLo ≤ pHi of the values a[0..n), computed by selection; `a` is reordered.
 * Same numbers as quantileSorted on the sorted array.
 */
export function quantilePair(a: Float64Array, n: number, pLo: number, pHi: number): [number, number] {
  const q = (from: number, p: number): number => {
    const h = (n - 1) * p;
    const i = Math.floor(h);
    selectInPlace(a, from, n - 1, i);
    const v = a[i]!;
    if (h === i || i + 1 >= n) return v;
    // a[i+1] in sorted order is the minimum of what lies right of i.
    let next = a[i + 1]!;
    for (let k = i + 2; k < n; k++) if (a[k]! < next) next = a[k]!;
    return v + (h - i) * (next - v);
  };
  const lo = q(0, pLo);
  // Everything left of floor(h_lo) + 1 is ≤ everything right of it, so the second selection can start there.
  const from = Math.min(Math.floor((n - 1) * pLo) + 1, n - 1);
  const hi = q(Math.min(from, Math.floor((n - 1) * pHi)), pHi);
  return [lo, hi];
}

/** 32-bit FNV-1a of a string's UTF-16 code units: a stable per-entry seed component. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3 finaliser: spreads nearby seeds (0, 1, 2, ...) over the whole 32-bit state space. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: tiny, fast, seeded PRNG returning floats in [0, 1). Plenty for bootstrap resampling. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller) from a uniform source; used by the simulations. */
export function normal(rand: () => number): number {
  // 1 - u keeps the log argument in (0, 1].
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * ICC(1): one-way random-effects intraclass correlation for unbalanced groups (Shrout & Fleiss
 * 1979; n0 from Snedecor & Cochran):
 *   MSB = Σ n_i (ȳ_i − ȳ)² / (k − 1)
 *   MSW = Σ_i Σ_r (y_ir − ȳ_i)² / (N − k)
 *   n0  = (N − Σ n_i² / N) / (k − 1)
 *   ICC(1) = (MSB − MSW) / (MSB + (n0 − 1) · MSW)
 * `values` holds every observation, grouped: group g owns values[start[g] .. start[g+1]).
 * Returns null when not computable: fewer than 2 groups, no within-group replication (N = k), or a
 * zero denominator (all values equal). The value is not clamped; it may be negative.
 */
export function icc1(values: ArrayLike<number>, start: ArrayLike<number>): number | null {
  const k = start.length - 1;
  if (k < 2) return null;
  const N = start[k]! - start[0]!;
  if (N - k < 1) return null;
  let grand = 0;
  for (let i = start[0]!; i < start[k]!; i++) grand += values[i]!;
  grand /= N;
  let ssb = 0;
  let ssw = 0;
  let sumN2 = 0;
  for (let g = 0; g < k; g++) {
    const a = start[g]!;
    const b = start[g + 1]!;
    const n = b - a;
    if (n === 0) return null; // caller passes only groups with observations
    let m = 0;
    for (let i = a; i < b; i++) m += values[i]!;
    m /= n;
    ssb += n * (m - grand) * (m - grand);
    for (let i = a; i < b; i++) ssw += (values[i]! - m) * (values[i]! - m);
    sumN2 += n * n;
  }
  const msb = ssb / (k - 1);
  const msw = ssw / (N - k);
  const n0 = (N - sumN2 / N) / (k - 1);
  const den = msb + (n0 - 1) * msw;
  if (!(Math.abs(den) > 1e-12)) return null;
  return (msb - msw) / den;
}
