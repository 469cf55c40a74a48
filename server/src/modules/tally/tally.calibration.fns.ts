// Score calibration: the additive judge-bias model and per-judge z-scores.
//
// ── Bias model ──────────────────────────────────────────────────────────────────────────────
//   y_r = q_e(r) + b_j(r) + ε_r,  minimise  Σ_r (y_r − q_e − b_j)²  +  λ Σ_j b_j²
// (entry quality q, judge offset b; the NIPS-style calibration). Normal equations, with
// n_e / m_j the review counts of entry e / judge j and C_ej the number of reviews of e by j:
//   n_e q_e + Σ_j C_ej b_j          = Y_e := Σ_{r∈e} y_r
//   Σ_e C_ej q_e + (m_j + λ) b_j    = Y_j := Σ_{r∈j} y_r
// Eliminating q (q = D_n⁻¹ (Y_E − C b)) leaves the judges × judges Schur complement
//   S b = g,   S = D_m + λI − Cᵀ D_n⁻¹ C,   g_j = Σ_{r∈j} (y_r − ȳ_e(r))
// D_m − Cᵀ D_n⁻¹ C is a weighted graph Laplacian (PSD, the constant vector of each component in
// its kernel), so S is SPD for λ > 0 with smallest eigenvalue exactly λ. We solve it by Jacobi-
// preconditioned conjugate gradients, matrix-free: one product S·v costs two passes over the
// reviews (t_e = Σ_{r∈e} v_j / n_e, then (Sv)_j = (m_j + λ) v_j − Σ_{r∈j} t_e), so 500k reviews
// and thousands of judges take milliseconds per iteration and no J² memory.
// Gauge: shifting all offsets of a component by c and all its qualities by −c leaves the fit
// unchanged and changes the penalty by λ Σ (b_j + c)², minimal at Σ b_j = 0. So at the optimum the
// offsets of every component sum to zero (also visible as 1ᵀS = λ1ᵀ and 1ᵀg = 0), and the
// qualities are on the rubric scale of that component's average judge. Each component is solved
// on its own: S is block diagonal, and separate solves keep the pieces independent to the bit.
//
// ── z-scores ─────────────────────────────────────────────────────────────────────────────────
//   z_r = (y_r − μ_j) / σ_j, entry score = M + mean_r(z_r) · P
// μ_j = the judge's own mean (every judge has ≥ 1 review); σ_j = the judge's own sample SD when it
// has ≥ ZSCORE_MIN_REVIEWS reviews and a spread above ZERO_SPREAD, otherwise the pooled SD P (sample
// SD of all totals of the round); M = mean of all totals of the round. If P itself is 0 (every
// total equal) all z are 0 and every score is M. The mapping puts all methods on the rubric scale.

import type { Components, Design } from './tally.design.fns.ts';

/** CG stops when ‖S b − g‖₂ ≤ CG_RELATIVE_TOLERANCE · ‖g‖₂ (offsets then accurate far beyond 6 decimals). */
export const CG_RELATIVE_TOLERANCE = 1e-11;
/** Judges need this many reviews for their own SD to be used in z-scores. */
export const ZSCORE_MIN_REVIEWS = 3;
/** Spreads at or below this are treated as zero (a mean of equal floats can be off in the last bit). */
export const ZERO_SPREAD = 1e-9;

export type BiasFit = {
  /** Offset per judge (negative = harsh). */
  offset: Float64Array;
  /** Quality per entry (NaN without reviews): mean of the entry's totals minus their judges' offsets. */
  quality: Float64Array;
  /** Components whose CG did not reach the tolerance (should be empty; reported as a warning). */
  unconverged: number[];
  iterations: number;
};

export function fitBias(d: Design, comps: Components, lambda: number): BiasFit {
  const { E, J, revEntry, revJudge, y, entryStart, entryRevs, judgeStart, judgeRevs } = d;
  const nE = new Float64Array(E);
  const meanE = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    const a = entryStart[e]!;
    const b = entryStart[e + 1]!;
    let s = 0;
    for (let k = a; k < b; k++) s += y[entryRevs[k]!]!;
    nE[e] = b - a;
    meanE[e] = b > a ? s / (b - a) : Number.NaN;
  }
  // g, the diagonal m_j + λ of D_m + λI, and a Jacobi preconditioner. The exact diagonal of S is
  // m_j + λ − Σ_e C_ej² / n_e; with no repeated (judge, entry) pairs that is m_j + λ − Σ_{r∈j} 1/n_e,
  // which we use in every case: it is ≥ λ > 0, so the preconditioner stays SPD regardless.
  const g = new Float64Array(J);
  const mPlus = new Float64Array(J);
  const invDiag = new Float64Array(J);
  for (let j = 0; j < J; j++) {
    const a = judgeStart[j]!;
    const b = judgeStart[j + 1]!;
    let gj = 0;
    let dj = b - a + lambda;
    for (let k = a; k < b; k++) {
      const r = judgeRevs[k]!;
      const e = revEntry[r]!;
      gj += y[r]! - meanE[e]!;
      dj -= 1 / nE[e]!;
    }
    g[j] = gj;
    mPlus[j] = b - a + lambda;
    invDiag[j] = 1 / Math.max(dj, lambda);
  }

  const x = new Float64Array(J);
  const res = new Float64Array(J);
  const p = new Float64Array(J);
  const Ap = new Float64Array(J);
  const t = new Float64Array(E);
  const unconverged: number[] = [];
  let iterations = 0;

  for (let c = 0; c < comps.count; c++) {
    const j0 = comps.judgeStart[c]!;
    const j1 = comps.judgeStart[c + 1]!;
    const e0 = comps.entryStart[c]!;
    const e1 = comps.entryStart[c + 1]!;
    const r0 = comps.revStart[c]!;
    const r1 = comps.revStart[c + 1]!;
    const js = comps.judges;
    const es = comps.entries;
    const rs = comps.revs;

    let gg = 0;
    let rz = 0;
    for (let k = j0; k < j1; k++) {
      const j = js[k]!;
      x[j] = 0;
      res[j] = g[j]!;
      p[j] = g[j]! * invDiag[j]!;
      gg += g[j]! * g[j]!;
      rz += g[j]! * p[j]!;
    }
    const stop = CG_RELATIVE_TOLERANCE * Math.sqrt(gg);
    if (gg === 0) continue; // every judge exactly on its entries' means: all offsets 0
    // In exact arithmetic CG ends within (#judges) steps; the slack absorbs rounding.
    const maxIter = 2 * (j1 - j0) + 50;
    let converged = false;
    for (let it = 0; it < maxIter; it++) {
      iterations++;
      // Ap = S p, matrix-free.
      for (let k = e0; k < e1; k++) t[es[k]!] = 0;
      for (let k = r0; k < r1; k++) {
        const r = rs[k]!;
        t[revEntry[r]!]! += p[revJudge[r]!]!;
      }
      for (let k = e0; k < e1; k++) {
        const e = es[k]!;
        t[e]! /= nE[e]!;
      }
      for (let k = j0; k < j1; k++) {
        const j = js[k]!;
        Ap[j] = mPlus[j]! * p[j]!;
      }
      for (let k = r0; k < r1; k++) {
        const r = rs[k]!;
        Ap[revJudge[r]!]! -= t[revEntry[r]!]!;
      }
      let pAp = 0;
      for (let k = j0; k < j1; k++) {
        const j = js[k]!;
        pAp += p[j]! * Ap[j]!;
      }
      const alpha = rz / pAp;
      let rr = 0;
      for (let k = j0; k < j1; k++) {
        const j = js[k]!;
        x[j]! += alpha * p[j]!;
        res[j]! -= alpha * Ap[j]!;
        rr += res[j]! * res[j]!;
      }
      if (Math.sqrt(rr) <= stop) {
        converged = true;
        break;
      }
      let rzNew = 0;
      for (let k = j0; k < j1; k++) {
        const j = js[k]!;
        rzNew += res[j]! * res[j]! * invDiag[j]!;
      }
      const beta = rzNew / rz;
      rz = rzNew;
      for (let k = j0; k < j1; k++) {
        const j = js[k]!;
        p[j] = res[j]! * invDiag[j]! + beta * p[j]!;
      }
    }
    if (!converged) unconverged.push(c);
  }

  const quality = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    const a = entryStart[e]!;
    const b = entryStart[e + 1]!;
    if (b === a) {
      quality[e] = Number.NaN;
      continue;
    }
    let s = 0;
    for (let k = a; k < b; k++) {
      const r = entryRevs[k]!;
      s += y[r]! - x[revJudge[r]!]!;
    }
    quality[e] = s / (b - a);
  }
  return { offset: x, quality, unconverged, iterations };
}

export type ZScoreFit = {
  /** z per review. */
  z: Float64Array;
  /** Score per entry on the rubric scale (NaN without reviews). */
  score: Float64Array;
  overallMean: number;
  pooledSd: number;
  /** Judges standardised with the pooled SD (too few reviews or no spread). */
  pooledJudges: number;
};

export function fitZScores(d: Design, judgeMean: Float64Array, judgeSd: Float64Array): ZScoreFit {
  const { E, J, R, revJudge, y, entryStart, entryRevs, judgeStart } = d;
  let sum = 0;
  for (let r = 0; r < R; r++) sum += y[r]!;
  const overallMean = R > 0 ? sum / R : Number.NaN;
  let ss = 0;
  for (let r = 0; r < R; r++) ss += (y[r]! - overallMean) ** 2;
  const pooledSd = R > 1 ? Math.sqrt(ss / (R - 1)) : 0;
  const sigma = new Float64Array(J);
  let pooledJudges = 0;
  for (let j = 0; j < J; j++) {
    const m = judgeStart[j + 1]! - judgeStart[j]!;
    const own = m >= ZSCORE_MIN_REVIEWS && judgeSd[j]! > ZERO_SPREAD;
    if (!own) pooledJudges++;
    sigma[j] = own ? judgeSd[j]! : pooledSd;
  }
  const z = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const j = revJudge[r]!;
    const s = sigma[j]!;
    z[r] = s > ZERO_SPREAD ? (y[r]! - judgeMean[j]!) / s : 0;
  }
  const score = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    const a = entryStart[e]!;
    const b = entryStart[e + 1]!;
    if (b === a) {
      score[e] = Number.NaN;
      continue;
    }
    let s = 0;
    for (let k = a; k < b; k++) s += z[entryRevs[k]!]!;
    score[e] = overallMean + (s / (b - a)) * pooledSd;
  }
  return { z, score, overallMean, pooledSd, pooledJudges };
}
