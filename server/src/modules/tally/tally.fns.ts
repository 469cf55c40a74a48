// The tally of a judging round: review totals → entry scores (raw, calibrated) → rankings with
// ties, bootstrap intervals and close calls → judge statistics and reliability. Pure and
// deterministic: inputs are validated and sorted first (tally.input.fns.ts), every float in the
// result is rounded to 6 decimals, so the same inputs in any order give a byte-identical
// canonicalJson(result). The maths of each step is documented in its own file:
//   tally.calibration.fns.ts  bias model (ridge least squares, Schur complement + CG), z-scores
//   tally.bootstrap.fns.ts    seeded percentile intervals
//   tally.ranking.fns.ts      tie rules, competition ranking, close calls
//   tally.judges.fns.ts       severity, outliers, ICC(1)
//
// Decisions the product spec left open (each detailed where it is implemented):
//   - inputs: reviews pointing at an unknown entry, or with a missing / non-integer / off-scale
//     score, are excluded and listed in `warnings`; structural errors (bad rubric or options,
//     duplicate entry ids, a review row repeated with the same id/entry/judge, non-numeric scores)
//     throw TallyInputError. Drafts must be filtered out by the caller.
//   - bias model: λ = DEFAULT_BIAS_LAMBDA = 1 pseudo-review per judge; offsets sum to zero in every
//     connected component, which is calibrated on its own; qualities are not clamped to the scale.
//   - entries without reviews: null scores and interval, component -1, rank = 1 + number of scored
//     entries (overall and in their track), tie false, listed in a warning.
//   - live rounds: rawScore = calibratedScore = score = trimmed mean; the method is not applied
//     (warning unless 'none'); judge offsets are null. Method 'none': calibratedScore = rawScore.
//   - tie: true when the entry shares its overall rank or its track rank after all tie-breaks.
//   - intervals: 200 seeded resamples, 5%–95%; one review gives a point interval (warning).
//   - close calls: every entry above a track's cutoff whose interval overlaps one below it, and
//     vice versa; a tie across the cutoff puts all tied entries above and is warned about.
//   - judges: severity = mean of (total − mean of the other judges' totals on the same entry);
//     outliers from residual = that difference minus the judge's severity, flagged beyond 2.5
//     robust SDs (1.4826 · MAD) of all residuals of the round.
//   - reliability: ICC(1) per track on raw totals, n = entries with at least one review.

import { bootstrapIntervals } from './tally.bootstrap.fns.ts';
import { fitBias, fitZScores } from './tally.calibration.fns.ts';
import { round6 } from './tally.canonical.fns.ts';
import { buildDesign, entryCount, findComponents } from './tally.design.fns.ts';
import { hashNormalizedInput, prepareInput, reviewTotalOrReason } from './tally.input.fns.ts';
import { flagOutliers, judgeConsensus, judgeMoments, reliabilityByTrack } from './tally.judges.fns.ts';
import { competitionRank, flagCloseCalls } from './tally.ranking.fns.ts';
import { trimmedMean } from './tally.stats.fns.ts';
import type { TallyEntryResult, TallyInput, TallyJudgeResult, TallyResult } from './tally.types.ts';

export { BOOTSTRAP_LEVEL } from './tally.bootstrap.fns.ts';
export { CG_RELATIVE_TOLERANCE, ZERO_SPREAD, ZSCORE_MIN_REVIEWS } from './tally.calibration.fns.ts';
export { canonicalJson, RESULT_DECIMALS, round6 } from './tally.canonical.fns.ts';
export {
  DEFAULT_BIAS_LAMBDA,
  DEFAULT_BOOTSTRAP_SAMPLES,
  DEFAULT_SEED,
  inputHash,
  reviewTotal,
  TALLY_ALGORITHM,
} from './tally.input.fns.ts';
export { MAD_TO_SD, OUTLIER_ROBUST_Z } from './tally.judges.fns.ts';
export { TIE_TOLERANCE } from './tally.ranking.fns.ts';
export { trimmedMean } from './tally.stats.fns.ts';
export * from './tally.types.ts';

/** Name of the reliability coefficient reported per track. */
export const RELIABILITY_METHOD = 'ICC(1)';
/** How many ids a warning lists before summarising the rest. */
const WARNING_LIST_MAX = 10;

function listSome(items: readonly string[]): string {
  const shown = items.slice(0, WARNING_LIST_MAX).join(', ');
  return items.length > WARNING_LIST_MAX ? `${shown} (+${items.length - WARNING_LIST_MAX} more)` : shown;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function computeTally(input: TallyInput): TallyResult {
  const prep = prepareInput(input);
  const norm = prep.norm;
  const hash = hashNormalizedInput(norm);
  const { criteria, entries, reviews, roundKind, method } = norm;
  const warnings: string[] = [];
  const live = roundKind === 'live';
  const useBias = !live && method === 'bias';
  const useZ = !live && method === 'zscore';

  // ── entries and tracks ──
  const E = entries.length;
  const entryIds = entries.map((e) => e.id);
  const trackIds = [...new Set(entries.map((e) => e.trackId))].sort();
  const trackIndex = new Map(trackIds.map((t, i) => [t, i] as const));
  const entryTrack = new Int32Array(E);
  for (let e = 0; e < E; e++) entryTrack[e] = trackIndex.get(entries[e]!.trackId)!;

  // ── reviews: validate, total, index ──
  const unknownEntry: string[] = [];
  const invalid: string[] = [];
  const extraKeys: string[] = [];
  const keepAll = new Int32Array(reviews.length);
  const entryOfAll = new Int32Array(reviews.length);
  const judgeOfAll = new Int32Array(reviews.length);
  const totalAll = new Float64Array(reviews.length);
  let R = 0;
  for (let i = 0; i < reviews.length; i++) {
    const rv = reviews[i]!;
    const e = prep.reviewEntry[i]!;
    if (e < 0) {
      unknownEntry.push(rv.id);
      continue;
    }
    const t = reviewTotalOrReason(criteria, rv.scores);
    if (typeof t === 'string') {
      invalid.push(`${rv.id} (${t})`);
      continue;
    }
    // Every criterion is present, so more keys than criteria means some are not in the rubric.
    if (prep.reviewKeyCount[i]! > criteria.length) extraKeys.push(rv.id);
    keepAll[R] = i;
    entryOfAll[R] = e;
    judgeOfAll[R] = prep.reviewJudge[i]!;
    totalAll[R] = t;
    R++;
  }
  if (unknownEntry.length > 0) {
    warnings.push(
      `${plural(unknownEntry.length, 'review', 'reviews')} excluded, entry not in this round: ${listSome(unknownEntry)}`,
    );
  }
  if (invalid.length > 0) {
    warnings.push(
      `${plural(invalid.length, 'review', 'reviews')} excluded, invalid scores: ${listSome(invalid)}`,
    );
  }
  if (extraKeys.length > 0) {
    warnings.push(
      `${plural(extraKeys.length, 'review has', 'reviews have')} scores for criteria not in the rubric (ignored): ${listSome(extraKeys)}`,
    );
  }
  // Judges are those with at least one valid review, numbered in id order.
  const judgeNumber = new Int32Array(prep.judgeIds.length).fill(-1);
  for (let r = 0; r < R; r++) judgeNumber[judgeOfAll[r]!] = 0;
  const judgeIds: string[] = [];
  for (let j = 0; j < judgeNumber.length; j++) {
    if (judgeNumber[j] === 0) {
      judgeNumber[j] = judgeIds.length;
      judgeIds.push(prep.judgeIds[j]!);
    }
  }
  const J = judgeIds.length;
  const revEntry = entryOfAll.slice(0, R);
  const y = totalAll.slice(0, R);
  const revJudge = new Int32Array(R);
  for (let r = 0; r < R; r++) {
    revJudge[r] = judgeNumber[judgeOfAll[r]!]!;
  }
  const d = buildDesign(E, J, revEntry, revJudge, y);
  const comps = findComponents(d);

  // ── judge statistics (method-independent) ──
  const moments = judgeMoments(d);
  const consensus = judgeConsensus(d);
  if (consensus.repeatedPairs.length > 0) {
    const pairs = consensus.repeatedPairs.map((p) => `${judgeIds[p.judge]}/${entryIds[p.entry]} ×${p.count}`);
    warnings.push(
      `${plural(pairs.length, 'judge–entry pair', 'judge–entry pairs')} reviewed more than once (all reviews counted): ${listSome(pairs)}`,
    );
  }
  const outlier = flagOutliers(consensus.residual);

  // ── entry scores ──
  const raw = new Float64Array(E).fill(Number.NaN);
  const scratch: number[] = [];
  for (let e = 0; e < E; e++) {
    const a = d.entryStart[e]!;
    const b = d.entryStart[e + 1]!;
    if (a === b) continue;
    scratch.length = 0;
    for (let k = a; k < b; k++) scratch.push(y[d.entryRevs[k]!]!);
    if (live) raw[e] = trimmedMean(scratch);
    else {
      let s = 0;
      for (const v of scratch) s += v;
      raw[e] = s / scratch.length;
    }
  }
  let score: Float64Array = raw;
  let offsets: Float64Array | null = null;
  // Per-review values the bootstrap resamples, and the map back to the rubric scale.
  let bootValues: Float64Array = y;
  let shift = 0;
  let scale = 1;
  if (live && method !== 'none') {
    warnings.push(`live round: scores are trimmed means; method '${method}' is not applied`);
  }
  if (useBias) {
    const fit = fitBias(d, comps, norm.lambda);
    score = fit.quality;
    offsets = fit.offset;
    bootValues = new Float64Array(R);
    for (let r = 0; r < R; r++) bootValues[r] = y[r]! - fit.offset[revJudge[r]!]!;
    if (fit.unconverged.length > 0) {
      warnings.push(
        `bias model: conjugate gradients did not reach the tolerance in ${plural(fit.unconverged.length, 'component', 'components')}: ${fit.unconverged.join(', ')}`,
      );
    }
    if (comps.count > 1) {
      warnings.push(
        `the judge–entry graph falls apart into ${comps.count} components with no judge in common (entries per component: ${listSome(comps.sizes.map(String))}); each is calibrated on its own, so scores of different components rest on different judges`,
      );
    }
  } else if (useZ) {
    const fit = fitZScores(d, moments.mean, moments.sd);
    score = fit.score;
    bootValues = fit.z;
    shift = fit.overallMean;
    scale = fit.pooledSd;
    if (fit.pooledJudges > 0) {
      warnings.push(
        `z-scores: ${plural(fit.pooledJudges, 'judge', 'judges')} with fewer than 3 reviews or no spread standardised with the pooled SD`,
      );
    }
  }

  // ── uncertainty ──
  const { lo, hi } = bootstrapIntervals(d, entryIds, {
    values: bootValues,
    trimmed: live,
    shift,
    scale,
    samples: norm.bootstrapSamples,
    seed: norm.seed,
  });
  let singles = 0;
  for (let e = 0; e < E; e++) if (entryCount(d, e) === 1) singles++;
  if (singles > 0 && norm.bootstrapSamples > 0) {
    warnings.push(
      `${plural(singles, 'entry has', 'entries have')} a single review: the interval is the score itself and understates the uncertainty`,
    );
  }

  // ── rankings ──
  const reviewsOf = new Int32Array(E);
  for (let e = 0; e < E; e++) reviewsOf[e] = entryCount(d, e);
  const keys = { score, raw, reviews: reviewsOf };
  const scored: number[] = [];
  const unscored: number[] = [];
  for (let e = 0; e < E; e++) (reviewsOf[e]! > 0 ? scored : unscored).push(e);
  const rank = new Int32Array(E);
  const tie = new Uint8Array(E);
  const overallOrder = competitionRank(scored, keys, rank, tie);
  for (const e of unscored) rank[e] = scored.length + 1;
  if (unscored.length > 0) {
    warnings.push(
      `${plural(unscored.length, 'entry has', 'entries have')} no reviews: unscored, ranked last (rank ${scored.length + 1}): ${listSome(unscored.map((e) => entryIds[e]!))}`,
    );
  }
  const trackRank = new Int32Array(E);
  const trackTie = new Uint8Array(E);
  const closeCall = new Uint8Array(E);
  const cutoff = norm.cutoffPerTrack;
  const scoredByTrack: number[][] = trackIds.map(() => []);
  for (const e of scored) scoredByTrack[entryTrack[e]!]!.push(e);
  for (const e of unscored) trackRank[e] = scoredByTrack[entryTrack[e]!]!.length + 1;
  for (let t = 0; t < trackIds.length; t++) {
    const ordered = competitionRank(scoredByTrack[t]!, keys, trackRank, trackTie);
    if (cutoff === null || ordered.length === 0) continue;
    const above = ordered.filter((e) => trackRank[e]! <= cutoff);
    const below = ordered.filter((e) => trackRank[e]! > cutoff);
    if (above.length > cutoff && cutoff > 0) {
      const r = trackRank[above[above.length - 1]!]!;
      warnings.push(
        `track ${trackIds[t]}: a tie at rank ${r} straddles the cutoff of ${cutoff}; ${above.length} entries are at or above the line, a person must decide`,
      );
    }
    if (norm.bootstrapSamples > 0) flagCloseCalls(above, below, lo, hi, closeCall);
  }

  // ── judges ──
  const judges: TallyJudgeResult[] = [];
  for (let j = 0; j < J; j++) {
    const ids: string[] = [];
    for (let k = d.judgeStart[j]!; k < d.judgeStart[j + 1]!; k++) {
      const r = d.judgeRevs[k]!;
      if (outlier[r] === 1) ids.push(reviews[keepAll[r]!]!.id);
    }
    judges.push({
      judgeId: judgeIds[j]!,
      reviews: d.judgeStart[j + 1]! - d.judgeStart[j]!,
      mean: round6(moments.mean[j]!),
      spread: round6(moments.sd[j]!),
      severity: round6(consensus.severity[j]!),
      offset: offsets === null ? null : round6(offsets[j]!),
      outlierReviewIds: ids.sort(),
    });
  }

  // ── assemble ──
  const reliability = reliabilityByTrack(d, entryTrack, trackIds.length).map((rel, t) => ({
    trackId: trackIds[t]!,
    method: RELIABILITY_METHOD,
    value: rel.value === null ? null : round6(rel.value),
    n: rel.n,
  }));
  const num = (v: number): number | null => (Number.isNaN(v) ? null : round6(v));
  // Entry order in the snapshot: overall rank, then id (inside a tie the id is display order only;
  // competitionRank already returns that order, and unscored entries are in id order).
  const results: TallyEntryResult[] = [];
  for (const e of [...overallOrder, ...unscored]) {
    const s = num(score[e]!);
    results.push({
      entryId: entryIds[e]!,
      trackId: entries[e]!.trackId,
      rank: rank[e]!,
      trackRank: trackRank[e]!,
      rawScore: num(raw[e]!),
      calibratedScore: s,
      score: s,
      interval: Number.isNaN(lo[e]!) ? null : [round6(lo[e]!), round6(hi[e]!)],
      reviews: reviewsOf[e]!,
      tie: tie[e] === 1 || trackTie[e] === 1,
      closeCall: closeCall[e] === 1,
      component: comps.compOfEntry[e]!,
    });
  }

  return {
    inputHash: hash,
    method,
    entries: results,
    judges,
    reliability,
    components: { count: comps.count, sizes: comps.sizes },
    warnings,
  };
}
