// Input validation, normalisation (defaults resolved, everything in a canonical order) and the input hash.
// The tally only ever computes from the normalised input, so the order in which the caller lists
// criteria, entries, reviews or score keys cannot change a single bit of the result.

import { createHash } from 'node:crypto';
import { reviewTotalOrReason, tallyMethods } from '@wuzhen/shared';
import { canonicalText, formatNumber } from './tally.canonical.fns.ts';
import {
  type TallyCriterion,
  type TallyEntry,
  type TallyInput,
  TallyInputError,
  type TallyMethod,
  type TallyReview,
} from './tally.types.ts';

/**
 * Ridge penalty of the bias model, measured in reviews: λ·Σ offset² acts like λ extra reviews per
 * judge that sit exactly on the consensus, so a judge with m reviews has an offset shrunk by about
 * m / (m + λ) (exactly so in the balanced two-judge design, see the tests). λ = 1 barely touches a
 * judge with 20 reviews (×0.95) but keeps a judge with one review from absorbing all of its noise
 * (×0.5). It also fixes the gauge: at the optimum the offsets of each connected component sum to 0.
 */
export const DEFAULT_BIAS_LAMBDA = 1;
export const DEFAULT_BOOTSTRAP_SAMPLES = 200;
export const DEFAULT_SEED = 0;
/** Upper bound on bootstrapSamples, to keep a mistyped option from stalling the worker. */
export const MAX_BOOTSTRAP_SAMPLES = 100_000;
/** Bumped whenever the maths changes, so that old snapshots never match a new computation's hash. */
export const TALLY_ALGORITHM = 'tally/1';

/**
 * Validated input with defaults resolved and every list in canonical order (criteria by key,
 * entries by id, reviews as described at prepareInput). Entries and reviews are the
 * caller's own objects (not copied: 500k reviews); only their known fields are ever read, and
 * canonicalInputView shows exactly what is hashed.
 */
export type NormalizedTallyInput = {
  algorithm: typeof TALLY_ALGORITHM;
  roundKind: 'review' | 'live';
  method: TallyMethod;
  criteria: TallyCriterion[];
  entries: readonly TallyEntry[];
  reviews: readonly TallyReview[];
  cutoffPerTrack: number | null;
  seed: number;
  lambda: number;
  bootstrapSamples: number;
};

/** Code-unit order (what `<` does on strings): locale-independent, unlike localeCompare. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortById<T>(items: readonly T[], id: (t: T) => string, what: string): T[] {
  let sorted = true;
  for (let i = 1; i < items.length && sorted; i++) if (id(items[i - 1]!) >= id(items[i]!)) sorted = false;
  // Callers usually pass rows already ordered by id (ORDER BY id): skip the O(n log n) sort then.
  const out = sorted ? items.slice() : items.slice().sort((a, b) => compareIds(id(a), id(b)));
  for (let i = 1; i < out.length; i++) {
    if (id(out[i - 1]!) === id(out[i]!))
      throw new TallyInputError(`duplicate ${what} id ${JSON.stringify(id(out[i]!))}`);
  }
  return out;
}

function isString(x: unknown): x is string {
  return typeof x === 'string';
}

/** Normalised input plus the indices computed on the way (so the tally does not redo them). */
export type PreparedInput = {
  norm: NormalizedTallyInput;
  /** Per normalised review: index of its entry in norm.entries, or -1 when the entry is unknown. */
  reviewEntry: Int32Array;
  /** Per normalised review: index of its judge in judgeIds. */
  reviewJudge: Int32Array;
  /** Every judge id appearing in a review, sorted. */
  judgeIds: string[];
  /** Per normalised review: number of own keys in its scores (counted here to spare an allocation later). */
  reviewKeyCount: Int32Array;
};

/** Validates the structure, resolves defaults and sorts every list; throws TallyInputError. */
export function normalizeInput(input: TallyInput): NormalizedTallyInput {
  return prepareInput(input).norm;
}

/**
 * normalizeInput, keeping its indices. The canonical review order is by (entry id, judge id,
 * review id), with reviews of unknown entries last in the same order. It is a total order on
 * unique ids, so any permutation of the input yields the same list, and it is computed with a
 * counting sort over the (already sorted) entries instead of a 500k-string comparison sort; it
 * also lays reviews out entry by entry, which is the order the tally walks them.
 */
export function prepareInput(input: TallyInput): PreparedInput {
  if (input.roundKind !== 'review' && input.roundKind !== 'live') {
    throw new TallyInputError(`roundKind must be 'review' or 'live'`);
  }
  if (!(tallyMethods as readonly string[]).includes(input.method)) {
    throw new TallyInputError(`method must be one of ${tallyMethods.join(', ')}`);
  }
  if (!Array.isArray(input.criteria) || input.criteria.length === 0) {
    throw new TallyInputError('the rubric needs at least one criterion');
  }
  const criteria = sortById(
    input.criteria.map((c) => {
      if (!isString(c.key)) throw new TallyInputError('criterion key must be a string');
      if (!(Number.isFinite(c.weight) && c.weight > 0)) {
        throw new TallyInputError(`criterion ${c.key}: weight must be a finite number > 0`);
      }
      if (!(Number.isInteger(c.min) && Number.isInteger(c.max) && c.min <= c.max)) {
        throw new TallyInputError(`criterion ${c.key}: min and max must be integers with min <= max`);
      }
      return { key: c.key, max: c.max, min: c.min, weight: c.weight };
    }),
    (c) => c.key,
    'criterion',
  );
  for (const e of input.entries) {
    if (!isString(e.id) || !isString(e.trackId))
      throw new TallyInputError('entry id and trackId must be strings');
  }
  const entries = sortById(input.entries, (e) => e.id, 'entry');
  const entryIndex = new Map<string, number>();
  for (let e = 0; e < entries.length; e++) entryIndex.set(entries[e]!.id, e);

  const given = input.reviews;
  const n = given.length;
  const judgeSet = new Set<string>();
  const keyCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = given[i]!;
    if (!isString(r.id) || !isString(r.entryId) || !isString(r.judgeId)) {
      throw new TallyInputError('review id, entryId and judgeId must be strings');
    }
    if (typeof r.scores !== 'object' || r.scores === null || Array.isArray(r.scores)) {
      throw new TallyInputError(`review ${r.id}: scores must be an object`);
    }
    // A wrong type is a broken caller (structural); a wrong value (off the scale, fractional,
    // missing) is a data problem that only excludes the review, with a warning.
    let keys = 0;
    for (const k in r.scores) {
      if (!Object.hasOwn(r.scores, k)) continue;
      if (!Number.isFinite(r.scores[k])) {
        throw new TallyInputError(`review ${r.id}: score for '${k}' must be a finite number`);
      }
      keys++;
    }
    keyCount[i] = keys;
    judgeSet.add(r.judgeId);
  }
  const judgeIds = [...judgeSet].sort();
  const judgeIndex = new Map<string, number>();
  for (let j = 0; j < judgeIds.length; j++) judgeIndex.set(judgeIds[j]!, j);

  // Counting sort by entry; inside an entry by (judge, id); unknown entries last.
  const ent = new Int32Array(n);
  const jud = new Int32Array(n);
  const start = new Int32Array(entries.length + 1);
  const orphans: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = given[i]!;
    const e = entryIndex.get(r.entryId) ?? -1;
    ent[i] = e;
    jud[i] = judgeIndex.get(r.judgeId)!;
    if (e >= 0) start[e + 1]!++;
    else orphans.push(i);
  }
  for (let e = 0; e < entries.length; e++) start[e + 1]! += start[e]!;
  const order = new Int32Array(n);
  const fill = start.slice(0, entries.length);
  for (let i = 0; i < n; i++) if (ent[i]! >= 0) order[fill[ent[i]!]!++] = i;
  const byJudgeThenId = (a: number, b: number): number =>
    jud[a]! - jud[b]! || compareIds(given[a]!.id, given[b]!.id);
  for (let e = 0; e < entries.length; e++) {
    const a = start[e]!;
    const b = start[e + 1]!;
    if (b - a > 1) order.subarray(a, b).sort(byJudgeThenId);
  }
  orphans.sort(
    (a, b) =>
      compareIds(given[a]!.entryId, given[b]!.entryId) ||
      compareIds(given[a]!.judgeId, given[b]!.judgeId) ||
      compareIds(given[a]!.id, given[b]!.id),
  );
  order.set(orphans, start[entries.length]!);
  const reviews: TallyReview[] = new Array(n);
  const reviewEntry = new Int32Array(n);
  const reviewJudge = new Int32Array(n);
  const reviewKeyCount = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const r = given[i]!;
    // A repeated review id would make the order (and so the snapshot) depend on the input order.
    // Sorted by (entry, judge, id), a repeat sits next to its twin whenever it has the same entry
    // and judge: what a duplicated row looks like. Ids reused across different entries or judges
    // (impossible with a primary key) are distinct reviews here and ordered deterministically.
    const prev = k > 0 ? reviews[k - 1]! : undefined;
    if (prev !== undefined && prev.id === r.id && prev.entryId === r.entryId && prev.judgeId === r.judgeId) {
      throw new TallyInputError(`duplicate review id ${JSON.stringify(r.id)}`);
    }
    reviews[k] = r;
    reviewEntry[k] = ent[i]!;
    reviewJudge[k] = jud[i]!;
    reviewKeyCount[k] = keyCount[i]!;
  }

  const cutoff = input.cutoffPerTrack;
  if (cutoff !== undefined && !(Number.isInteger(cutoff) && cutoff >= 0)) {
    throw new TallyInputError('cutoffPerTrack must be an integer >= 0');
  }
  const seed = input.seed ?? DEFAULT_SEED;
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) {
    throw new TallyInputError('seed must be an integer in [0, 2^32)');
  }
  const lambda = input.lambda ?? DEFAULT_BIAS_LAMBDA;
  // λ = 0 would leave one free constant per component (offsets +c, qualities -c): the system is singular.
  if (!(Number.isFinite(lambda) && lambda > 0))
    throw new TallyInputError('lambda must be a finite number > 0');
  const samples = input.bootstrapSamples ?? DEFAULT_BOOTSTRAP_SAMPLES;
  if (!(Number.isInteger(samples) && samples >= 0 && samples <= MAX_BOOTSTRAP_SAMPLES)) {
    throw new TallyInputError(`bootstrapSamples must be an integer in [0, ${MAX_BOOTSTRAP_SAMPLES}]`);
  }
  const norm: NormalizedTallyInput = {
    algorithm: TALLY_ALGORITHM,
    roundKind: input.roundKind,
    method: input.method,
    criteria,
    entries,
    reviews,
    cutoffPerTrack: cutoff ?? null,
    seed,
    lambda,
    bootstrapSamples: samples,
  };
  return { norm, reviewEntry, reviewJudge, judgeIds, reviewKeyCount };
}

/**
 * What the input hash covers: the normalised input restricted to its known fields. The hash is
 * sha256(canonicalJson(canonicalInputView(norm))); writeCanonicalInput produces those same bytes
 * without building the view (tested for equality).
 */
export function canonicalInputView(norm: NormalizedTallyInput): unknown {
  return {
    ...norm,
    entries: norm.entries.map((e) => ({ id: e.id, trackId: e.trackId })),
    reviews: norm.reviews.map((r) => ({
      id: r.id,
      entryId: r.entryId,
      judgeId: r.judgeId,
      scores: r.scores,
    })),
  };
}

/**
 * Streams canonicalJson(canonicalInputView(norm)) as pieces of text, fast: no intermediate objects,
 * and the rendered score keys are reused while consecutive reviews have the same key sequence
 * (they nearly always do).
 */
export function writeCanonicalInput(norm: NormalizedTallyInput, push: (piece: string) => void): void {
  const q = JSON.stringify;
  push(
    `{"algorithm":${q(norm.algorithm)},"bootstrapSamples":${formatNumber(norm.bootstrapSamples)}` +
      `,"criteria":${canonicalText(norm.criteria)}` +
      `,"cutoffPerTrack":${norm.cutoffPerTrack === null ? 'null' : formatNumber(norm.cutoffPerTrack)},"entries":[`,
  );
  for (let i = 0; i < norm.entries.length; i++) {
    const e = norm.entries[i]!;
    push(`${i > 0 ? ',' : ''}{"id":${q(e.id)},"trackId":${q(e.trackId)}}`);
  }
  push(`],"lambda":${formatNumber(norm.lambda)},"method":${q(norm.method)},"reviews":[`);
  let lastKeys: string[] = [];
  let order: string[] = []; // lastKeys in code-unit order
  let keyTexts: string[] = []; // `"key":` for each of order
  for (let i = 0; i < norm.reviews.length; i++) {
    const r = norm.reviews[i]!;
    const scores = r.scores;
    // Compare the key sequence with the previous review's without allocating (for-in yields own
    // keys in Object.keys order; an inherited enumerable key only makes the sequences differ).
    let same = true;
    let count = 0;
    for (const key in scores) {
      if (key !== lastKeys[count]) {
        same = false;
        break;
      }
      count++;
    }
    if (!same || count !== lastKeys.length) {
      lastKeys = Object.keys(scores);
      order = lastKeys.slice().sort();
      keyTexts = order.map((k) => `${q(k)}:`);
    }
    let body = '';
    for (let k = 0; k < order.length; k++) {
      // finite numbers: checked by prepareInput
      body += `${k > 0 ? ',' : ''}${keyTexts[k]}${formatNumber(scores[order[k]!]!)}`;
    }
    push(
      `${i > 0 ? ',' : ''}{"entryId":${q(r.entryId)},"id":${q(r.id)},"judgeId":${q(r.judgeId)},"scores":{${body}}}`,
    );
  }
  push(`],"roundKind":${q(norm.roundKind)},"seed":${formatNumber(norm.seed)}}`);
}

/** Bytes handed to the hash at a time. */
const HASH_BUFFER = 1 << 20;

/**
 * sha256 hex of the canonical JSON of an already normalised input's view. The text is encoded
 * straight into a reused buffer, so no large strings are ever built.
 */
export function hashNormalizedInput(norm: NormalizedTallyInput): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(HASH_BUFFER);
  let used = 0;
  writeCanonicalInput(norm, (piece) => {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (used + piece.length * 3 > HASH_BUFFER) {
      hash.update(buf.subarray(0, used));
      used = 0;
      if (piece.length * 3 > HASH_BUFFER) {
        hash.update(piece, 'utf8');
        return;
      }
    }
    used += buf.write(piece, used, 'utf8');
  });
  hash.update(buf.subarray(0, used));
  return hash.digest('hex');
}

/**
 * sha256 hex of the canonical JSON of the normalised input (defaults resolved, lists sorted by id,
 * unknown extra properties dropped, plus the algorithm version): equal for inputs that differ only
 * in order, different for any change that can change the result.
 */
export function inputHash(input: TallyInput): string {
  return hashNormalizedInput(normalizeInput(input));
}

export { reviewTotalOrReason };

/** A review total: Σ wᵢ sᵢ / Σ wᵢ. Throws RangeError when a score is missing, non-integer or off the scale. */
export function reviewTotal(
  criteria: readonly TallyCriterion[],
  scores: Readonly<Record<string, number>>,
): number {
  const t = reviewTotalOrReason(criteria, scores);
  if (typeof t === 'string') throw new RangeError(t);
  return t;
}
