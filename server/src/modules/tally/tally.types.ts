// Public shapes of the tally: one object in (TallyInput), one object out (TallyResult).
// Everything in this folder is pure: no I/O, no clock, no Math.random; the same input gives the
// same result, byte for byte, through canonicalJson.
import type { TallyMethodName } from '@wuzhen/shared';

export type TallyCriterion = { key: string; weight: number; min: number; max: number };

/** One submitted review. Drafts must be filtered out by the caller: every review given here counts. */
export type TallyReview = { id: string; entryId: string; judgeId: string; scores: Record<string, number> };

export type TallyEntry = { id: string; trackId: string };

/**
 * - 'bias'   (default) additive judge-offset model fitted by ridge least squares (see tally.calibration.fns.ts)
 * - 'zscore' per-judge standardisation, mapped back to the rubric scale
 * - 'none'   the raw mean of the review totals
 */
export type TallyMethod = TallyMethodName;

export type TallyInput = {
  roundKind: 'review' | 'live';
  method: TallyMethod;
  criteria: TallyCriterion[];
  entries: TallyEntry[];
  reviews: TallyReview[];
  /** Top N per track advance; entries around the cutoff whose intervals overlap get closeCall. Omit: no cutoff. */
  cutoffPerTrack?: number;
  /** Bootstrap seed, an integer in [0, 2^32). Default DEFAULT_SEED. */
  seed?: number;
  /** Ridge penalty of the bias model, in "pseudo-reviews" per judge (> 0). Default DEFAULT_BIAS_LAMBDA. */
  lambda?: number;
  /** Bootstrap resamples per entry; 0 disables intervals (and therefore close calls). Default DEFAULT_BOOTSTRAP_SAMPLES. */
  bootstrapSamples?: number;
};

export type TallyEntryResult = {
  entryId: string;
  trackId: string;
  /**
   * Standard competition rank (1,2,2,4) over all entries by `score`. Never null: entries without
   * reviews share the rank after the last scored entry (and a warning says so).
   */
  rank: number;
  /** Same as `rank`, within the entry's track. */
  trackRank: number;
  /** Review round: mean of the review totals. Live round: the trimmed mean. Null without reviews. */
  rawScore: number | null;
  /** The chosen method's score on the rubric scale ('none' and live rounds: equal to rawScore). */
  calibratedScore: number | null;
  /** The value ranked on; always equal to calibratedScore (kept separate so the ranking key is explicit). */
  score: number | null;
  /** 90% bootstrap percentile interval of `score`; null without reviews or with bootstrapSamples = 0. */
  interval: [number, number] | null;
  /** Number of valid reviews counted. */
  reviews: number;
  /** True when the entry shares its rank (overall or in its track) with another entry after all tie-breaks. */
  tie: boolean;
  /** True when the entry sits around its track's cutoff and its interval overlaps one across the line. */
  closeCall: boolean;
  /** Index of the judge–entry connected component (0-based, ordered by smallest entry id); -1 without reviews. */
  component: number;
};

export type TallyJudgeResult = {
  judgeId: string;
  reviews: number;
  /** Mean of the judge's review totals. */
  mean: number;
  /** Sample standard deviation (n - 1) of the judge's totals; 0 with fewer than 2 reviews. */
  spread: number;
  /**
   * Mean over the judge's reviews of (total - leave-one-out consensus), the consensus being the mean of
   * the other judges' totals for the same entry. Negative = harsh. 0 when the judge shares no entry.
   */
  severity: number;
  /** Fitted offset of the bias model (negative = harsh); null unless method 'bias' in a review round. */
  offset: number | null;
  /** Reviews whose residual is more than OUTLIER_ROBUST_Z robust SDs from the median residual. */
  outlierReviewIds: string[];
};

export type TallyReliability = { trackId: string; method: string; value: number | null; n: number };

export type TallyResult = {
  inputHash: string;
  method: TallyMethod;
  entries: TallyEntryResult[];
  judges: TallyJudgeResult[];
  reliability: TallyReliability[];
  /** Components of the judge–entry graph; sizes[i] = number of entries in component i. */
  components: { count: number; sizes: number[] };
  warnings: string[];
};

/** Structural input errors (bad rubric, duplicate ids, bad options). Data problems in single reviews are warnings. */
export class TallyInputError extends Error {
  override name = 'TallyInputError';
}
