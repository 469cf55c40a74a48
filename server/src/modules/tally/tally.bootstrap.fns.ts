// Seeded percentile bootstrap of each entry's score over its own reviews.
// Each entry resamples its per-review values (raw totals; for 'bias' totals minus their judge's
// fitted offset, the offsets held fixed; for 'zscore' the z values) with replacement, recomputes
// the statistic (mean, or trimmed mean in live rounds), maps it to the rubric scale
// (score = shift + scale · statistic, scale ≥ 0, so quantiles map through) and takes the
// BOOTSTRAP_LEVEL percentile interval (type-7 quantiles of the resampled statistics).
// The PRNG stream of an entry is seeded from the tally seed and a hash of the entry id, not from
// its position, so an entry's interval does not move when unrelated entries are added or removed.
// With a single review the interval is the point itself: the bootstrap has nothing to resample,
// which understates the uncertainty (the tally warns).

import type { Design } from './tally.design.fns.ts';
import { fmix32, fnv1a32, quantilePair, TRIM_FROM } from './tally.stats.fns.ts';

/** Two-sided coverage of the percentile interval: the 5% and 95% quantiles. */
export const BOOTSTRAP_LEVEL = 0.9;
// Written out rather than computed: (1 − 0.9) / 2 is 0.04999999999999999 in binary floating point.
const P_LO = 0.05;
const P_HI = 0.95;

export type BootstrapSpec = {
  values: Float64Array;
  trimmed: boolean;
  shift: number;
  scale: number;
  samples: number;
  seed: number;
};

/** Above this many order statistics to track, selection on the full sample array is cheaper. */
const MAX_TRACKED = 64;

/**
 * Fills lo/hi per entry (NaN for entries without reviews).
 * The two quantiles need only the order statistics around positions (B−1)·p: we keep the few
 * smallest and few largest resampled statistics in small sorted buffers while generating them
 * (about 2B comparisons plus a few dozen insertions) instead of storing and sorting all B.
 * The numbers are the same as sorting would give (order statistics are exact).
 */
export function bootstrapIntervals(
  d: Design,
  entryIds: readonly string[],
  spec: BootstrapSpec,
): { lo: Float64Array; hi: Float64Array } {
  const { E, entryStart, entryRevs } = d;
  const { values, trimmed, shift, scale, samples } = spec;
  const lo = new Float64Array(E).fill(Number.NaN);
  const hi = new Float64Array(E).fill(Number.NaN);
  if (samples === 0) return { lo, hi };
  const hLo = (samples - 1) * P_LO;
  const hHi = (samples - 1) * P_HI;
  const iLo = Math.floor(hLo);
  const iHi = Math.floor(hHi);
  // Ascending positions 0..iLo+1 and iHi..B−1 are needed (type-7 interpolates with the next one).
  const kLo = Math.min(samples, iLo + 2);
  const kHi = Math.min(samples, samples - iHi);
  const tracked = kLo + kHi <= MAX_TRACKED;
  const low = new Float64Array(kLo); // ascending: the kLo smallest so far
  const high = new Float64Array(kHi); // descending: the kHi largest so far
  const stats = tracked ? new Float64Array(0) : new Float64Array(samples);
  let scratch = new Float64Array(64);
  const seedMix = fmix32(spec.seed);
  const inv = 1 / 4294967296;
  for (let e = 0; e < E; e++) {
    const a = entryStart[e]!;
    const n = entryStart[e + 1]! - a;
    if (n === 0) continue;
    if (n > scratch.length) scratch = new Float64Array(n);
    for (let k = 0; k < n; k++) scratch[k] = values[entryRevs[a + k]!]!;
    if (n === 1) {
      const v = shift + scale * scratch[0]!;
      lo[e] = v;
      hi[e] = v;
      continue;
    }
    const trim = trimmed && n >= TRIM_FROM;
    // mulberry32 inlined (same stream as stats.mulberry32): this loop runs samples × reviews times.
    let state = fmix32(fnv1a32(entryIds[e]!) ^ seedMix) | 0;
    let nLow = 0;
    let nHigh = 0;
    // u·n with u = x / 2³² ∈ [0, 1), floored: exactly Math.floor(mulberry32() * n).
    const step = inv * n;
    for (let s = 0; s < samples; s++) {
      let sum = 0;
      let stat: number;
      if (trim) {
        let mn = Number.POSITIVE_INFINITY;
        let mx = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < n; k++) {
          state = (state + 0x6d2b79f5) | 0;
          let t = Math.imul(state ^ (state >>> 15), state | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          const v = scratch[(((t ^ (t >>> 14)) >>> 0) * step) | 0]!;
          sum += v;
          if (v < mn) mn = v;
          if (v > mx) mx = v;
        }
        stat = (sum - mn - mx) / (n - 2);
      } else {
        for (let k = 0; k < n; k++) {
          state = (state + 0x6d2b79f5) | 0;
          let t = Math.imul(state ^ (state >>> 15), state | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          sum += scratch[(((t ^ (t >>> 14)) >>> 0) * step) | 0]!;
        }
        stat = sum / n;
      }
      if (!tracked) {
        stats[s] = stat;
        continue;
      }
      if (nLow < kLo || stat < low[kLo - 1]!) {
        let p = nLow < kLo ? nLow++ : kLo - 1;
        while (p > 0 && low[p - 1]! > stat) {
          low[p] = low[p - 1]!;
          p--;
        }
        low[p] = stat;
      }
      if (nHigh < kHi || stat > high[kHi - 1]!) {
        let p = nHigh < kHi ? nHigh++ : kHi - 1;
        while (p > 0 && high[p - 1]! < stat) {
          high[p] = high[p - 1]!;
          p--;
        }
        high[p] = stat;
      }
    }
    let qLo: number;
    let qHi: number;
    if (tracked) {
      // Ascending position i is low[i] in the low buffer and high[B−1−i] in the high one.
      const at = (i: number): number => (i < kLo ? low[i]! : high[samples - 1 - i]!);
      qLo = iLo + 1 < samples ? at(iLo) + (hLo - iLo) * (at(iLo + 1) - at(iLo)) : at(iLo);
      qHi = iHi + 1 < samples ? at(iHi) + (hHi - iHi) * (at(iHi + 1) - at(iHi)) : at(iHi);
    } else {
      [qLo, qHi] = quantilePair(stats, samples, P_LO, P_HI);
    }
    lo[e] = shift + scale * qLo;
    hi[e] = shift + scale * qHi;
  }
  return { lo, hi };
}
