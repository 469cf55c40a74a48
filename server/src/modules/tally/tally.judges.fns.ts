// Judge statistics (moments, severity against the leave-one-out consensus, outlier reviews) and the
// per-track inter-rater reliability. These are descriptive and model-free on purpose: they read the
// same for every method and for live rounds, and they do not depend on λ. The bias model's own
// view of a judge is reported separately as `offset`.

import { ZERO_SPREAD } from './tally.calibration.fns.ts';
import type { Design } from './tally.design.fns.ts';
import { icc1, quantilePair, sampleSd } from './tally.stats.fns.ts';

/** A review is an outlier when its residual is further than this many robust SDs from the median residual. */
export const OUTLIER_ROBUST_Z = 2.5;
/** Consistency constant: 1.4826 · MAD estimates the SD of normally distributed residuals. */
export const MAD_TO_SD = 1.4826;
/** Below this many residuals in the round no review is called an outlier (the spread is not estimable). */
export const OUTLIER_MIN_RESIDUALS = 5;

export function judgeMoments(d: Design): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(d.J);
  const sd = new Float64Array(d.J);
  for (let j = 0; j < d.J; j++) {
    const a = d.judgeStart[j]!;
    const b = d.judgeStart[j + 1]!;
    const vals = new Float64Array(b - a);
    for (let k = a; k < b; k++) vals[k - a] = d.y[d.judgeRevs[k]!]!;
    let s = 0;
    for (let i = 0; i < vals.length; i++) s += vals[i]!;
    mean[j] = s / vals.length;
    sd[j] = sampleSd(vals);
  }
  return { mean, sd };
}

export type Consensus = {
  /** y_r minus the mean of the other judges' totals for the same entry; NaN when no other judge reviewed it. */
  loo: Float64Array;
  /** Mean of `loo` over the judge's reviews where it is defined; 0 when never defined. */
  severity: Float64Array;
  /** loo − severity of the review's judge: what remains after the judge's habitual harshness; NaN as loo. */
  residual: Float64Array;
  /** (entry, judge, count) for every pair reviewed more than once. */
  repeatedPairs: Array<{ entry: number; judge: number; count: number }>;
};

/**
 * Leave-one-out consensus. "Other judges" excludes every review by the same judge of the same
 * entry, so a repeated review cannot vouch for itself. O(R) with per-judge scratch reset lazily by
 * an entry stamp.
 */
export function judgeConsensus(d: Design): Consensus {
  const { E, J, R, revJudge, y, entryStart, entryRevs, judgeStart, judgeRevs } = d;
  const loo = new Float64Array(R).fill(Number.NaN);
  const pairSum = new Float64Array(J);
  const pairCnt = new Int32Array(J);
  const stamp = new Int32Array(J).fill(-1);
  const repeatedPairs: Consensus['repeatedPairs'] = [];
  for (let e = 0; e < E; e++) {
    const a = entryStart[e]!;
    const b = entryStart[e + 1]!;
    let total = 0;
    for (let k = a; k < b; k++) {
      const r = entryRevs[k]!;
      const j = revJudge[r]!;
      if (stamp[j] !== e) {
        stamp[j] = e;
        pairSum[j] = 0;
        pairCnt[j] = 0;
      }
      pairSum[j]! += y[r]!;
      pairCnt[j]!++;
      total += y[r]!;
    }
    for (let k = a; k < b; k++) {
      const r = entryRevs[k]!;
      const j = revJudge[r]!;
      const others = b - a - pairCnt[j]!;
      if (others > 0) loo[r] = y[r]! - (total - pairSum[j]!) / others;
      if (pairCnt[j]! > 1 && stamp[j] === e) {
        repeatedPairs.push({ entry: e, judge: j, count: pairCnt[j]! });
        stamp[j] = -1; // report each pair once
      }
    }
  }
  const severity = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    let s = 0;
    let n = 0;
    for (let k = judgeStart[j]!; k < judgeStart[j + 1]!; k++) {
      const v = loo[judgeRevs[k]!]!;
      if (!Number.isNaN(v)) {
        s += v;
        n++;
      }
    }
    severity[j] = n > 0 ? s / n : 0;
  }
  const residual = new Float64Array(R);
  for (let r = 0; r < R; r++) residual[r] = loo[r]! - severity[revJudge[r]!]!;
  return { loo, severity, residual, repeatedPairs };
}

/**
 * Flags reviews whose residual lies more than OUTLIER_ROBUST_Z robust SDs from the median residual
 * of the round. Robust SD = MAD_TO_SD · median |residual − median|; when that is zero (most
 * residuals identical, common with integer scales) the ordinary sample SD is used instead, and
 * when that is zero too nothing is flagged.
 */
export function flagOutliers(residual: Float64Array): Uint8Array {
  const flags = new Uint8Array(residual.length);
  let n = 0;
  for (let r = 0; r < residual.length; r++) if (!Number.isNaN(residual[r]!)) n++;
  if (n < OUTLIER_MIN_RESIDUALS) return flags;
  const vals = new Float64Array(n);
  n = 0;
  for (let r = 0; r < residual.length; r++) if (!Number.isNaN(residual[r]!)) vals[n++] = residual[r]!;
  let sd = sampleSd(vals); // before selection reorders vals (the order only matters in the last bits)
  const med = quantilePair(vals, n, 0.5, 0.5)[0];
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) dev[i] = Math.abs(vals[i]! - med);
  const mad = quantilePair(dev, n, 0.5, 0.5)[0];
  if (MAD_TO_SD * mad > ZERO_SPREAD) sd = MAD_TO_SD * mad;
  if (!(sd > ZERO_SPREAD)) return flags;
  const limit = OUTLIER_ROBUST_Z * sd;
  for (let r = 0; r < residual.length; r++) {
    const v = residual[r]!;
    if (!Number.isNaN(v) && Math.abs(v - med) > limit) flags[r] = 1;
  }
  return flags;
}

/**
 * ICC(1) per track over the raw review totals: one group per entry of the track with at least one
 * review. `n` is the number of such entries. Null when icc1 says not computable.
 */
export function reliabilityByTrack(
  d: Design,
  entryTrack: Int32Array,
  trackCount: number,
): Array<{ value: number | null; n: number }> {
  const out: Array<{ value: number | null; n: number }> = [];
  const byTrack: number[][] = Array.from({ length: trackCount }, () => []);
  for (let e = 0; e < d.E; e++) if (d.entryStart[e + 1]! > d.entryStart[e]!) byTrack[entryTrack[e]!]!.push(e);
  for (let t = 0; t < trackCount; t++) {
    const ents = byTrack[t]!;
    const start = new Int32Array(ents.length + 1);
    for (let i = 0; i < ents.length; i++) {
      const e = ents[i]!;
      start[i + 1] = start[i]! + d.entryStart[e + 1]! - d.entryStart[e]!;
    }
    const vals = new Float64Array(start[ents.length]!);
    for (let i = 0; i < ents.length; i++) {
      const e = ents[i]!;
      for (let k = d.entryStart[e]!; k < d.entryStart[e + 1]!; k++)
        vals[start[i]! + k - d.entryStart[e]!] = d.y[d.entryRevs[k]!]!;
    }
    out.push({ value: icc1(vals, start), n: ents.length });
  }
  return out;
}
