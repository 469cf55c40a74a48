// Hand-computed tables for the tally. Every expected number below is derived in the comment next to
// it, not taken from the implementation.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { simulateRound } from '../../../../tests/support/tally-simulate.ts';
import {
  canonicalJson,
  computeTally,
  DEFAULT_BIAS_LAMBDA,
  inputHash,
  reviewTotal,
  type TallyCriterion,
  type TallyEntryResult,
  type TallyInput,
  TallyInputError,
  type TallyResult,
  type TallyReview,
  trimmedMean,
} from './tally.fns.ts';
import { mulberry32 } from './tally.stats.fns.ts';

// One criterion on 0..10 with weight 1: a review's total is its score, so tables stay readable.
const ONE: TallyCriterion[] = [{ key: 's', weight: 1, min: 0, max: 10 }];

/** Reviews from compact rows [entryId, judgeId, total]; ids r01, r02, … in row order. */
function rows(list: Array<[string, string, number]>): TallyReview[] {
  return list.map(([entryId, judgeId, s], i) => ({
    id: `r${String(i + 1).padStart(2, '0')}`,
    entryId,
    judgeId,
    scores: { s },
  }));
}

function entriesOf(ids: string[], trackId = 't'): Array<{ id: string; trackId: string }> {
  return ids.map((id) => ({ id, trackId }));
}

function byId(result: TallyResult): Map<string, TallyEntryResult> {
  return new Map(result.entries.map((e) => [e.entryId, e]));
}

function entry(result: TallyResult, id: string): TallyEntryResult {
  const e = byId(result).get(id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
}

function judge(result: TallyResult, id: string) {
  const j = result.judges.find((x) => x.judgeId === id);
  if (!j) throw new Error(`no judge ${id}`);
  return j;
}

describe('reviewTotal: Σ wᵢ sᵢ / Σ wᵢ', () => {
  const W31: TallyCriterion[] = [
    { key: 'a', weight: 3, min: 1, max: 10 },
    { key: 'b', weight: 1, min: 1, max: 10 },
  ];
  const W211: TallyCriterion[] = [
    { key: 'x', weight: 2, min: 0, max: 5 },
    { key: 'y', weight: 1, min: 0, max: 10 },
    { key: 'z', weight: 1, min: 1, max: 3 },
  ];
  test.each([
    // (3·8 + 1·4) / 4 = 28 / 4 = 7
    [W31, { a: 8, b: 4 }, 7],
    // (3·1 + 1·10) / 4 = 13 / 4 = 3.25
    [W31, { a: 1, b: 10 }, 3.25],
    // all at max → max
    [W31, { a: 10, b: 10 }, 10],
    // (2·5 + 1·9 + 1·1) / 4 = 20 / 4 = 5
    [W211, { x: 5, y: 9, z: 1 }, 5],
    // (2·0 + 1·0 + 1·3) / 4 = 0.75; extra keys are ignored by the total
    [W211, { x: 0, y: 0, z: 3, extra: 99 }, 0.75],
    // weights 0.5 and 1.5: (0.5·2 + 1.5·6) / 2 = 10 / 2 = 5
    [
      [
        { key: 'p', weight: 0.5, min: 0, max: 10 },
        { key: 'q', weight: 1.5, min: 0, max: 10 },
      ],
      { p: 2, q: 6 },
      5,
    ],
  ])('criteria %#: %o → %d', (criteria, scores, expected) => {
    expect(reviewTotal(criteria, scores)).toBeCloseTo(expected, 12);
  });

  test.each([
    [{ a: 8 }, /missing score for 'b'/],
    [{ a: 8, b: 4.5 }, /not an integer/],
    [{ a: 11, b: 4 }, /outside 1\.\.10/],
    [{ a: 0, b: 4 }, /outside 1\.\.10/],
  ])('%o is rejected', (scores, message) => {
    expect(() => reviewTotal(W31, scores)).toThrow(message);
  });
});

describe('trimmedMean: drop one highest and one lowest from five values upwards', () => {
  test.each([
    // 4 values: plain mean (1 + 2 + 3 + 10) / 4 = 4
    [[1, 2, 3, 10], 4],
    // 5 values: drop 1 and 10 → (2 + 3 + 4) / 3 = 3
    [[1, 2, 3, 4, 10], 3],
    // order does not matter
    [[10, 4, 1, 3, 2], 3],
    // only one of each tied extreme goes: drop one 1 and one 9 → (1 + 9 + 9) / 3
    [[1, 1, 9, 9, 9], 19 / 3],
    // 6 values: drop 2 and 9 → (7 + 4 + 3 + 8) / 4 = 5.5
    [[7, 2, 9, 4, 3, 8], 5.5],
    [[5, 5, 5, 5, 5], 5],
    [[4], 4],
    [[3, 8], 5.5],
  ])('%o → %d', (values, expected) => {
    expect(trimmedMean(values)).toBeCloseTo(expected, 12);
  });

  test('empty → NaN', () => {
    expect(trimmedMean([])).toBeNaN();
  });
});

describe('live rounds', () => {
  // e5 has five totals 1,2,3,4,10 → trimmed 3; e4 has four totals 1,2,3,10 → plain mean 4.
  const input: TallyInput = {
    roundKind: 'live',
    method: 'bias',
    criteria: ONE,
    entries: entriesOf(['e4', 'e5']),
    reviews: rows([
      ['e5', 'a', 1],
      ['e5', 'b', 2],
      ['e5', 'c', 3],
      ['e5', 'd', 4],
      ['e5', 'e', 10],
      ['e4', 'a', 1],
      ['e4', 'b', 2],
      ['e4', 'c', 3],
      ['e4', 'd', 10],
    ]),
  };

  test('scores are trimmed means, the method is not applied and a warning says so', () => {
    const r = computeTally(input);
    expect(entry(r, 'e5')).toMatchObject({ rawScore: 3, calibratedScore: 3, score: 3, rank: 2 });
    expect(entry(r, 'e4')).toMatchObject({ rawScore: 4, calibratedScore: 4, score: 4, rank: 1 });
    expect(r.warnings).toContain("live round: scores are trimmed means; method 'bias' is not applied");
    expect(r.judges.every((j) => j.offset === null)).toBe(true);
  });

  test("no warning with method 'none'", () => {
    const r = computeTally({ ...input, method: 'none' });
    expect(r.warnings.some((w) => w.startsWith('live round'))).toBe(false);
  });
});

describe('z-scores with pooled spread', () => {
  // Judges: A has 3 reviews 2, 4, 6 → mean 4, sample SD √((4 + 0 + 4) / 2) = 2 (own SD used).
  //         B has 2 reviews 8, 6 → mean 7, fewer than 3 reviews → pooled SD P.
  //         C has 3 reviews 5, 5, 5 → mean 5, zero spread → pooled SD P.
  // All totals 2,4,6,8,6,5,5,5: M = 41 / 8 = 5.125; squared deviations from M sum to 20.875,
  // so P = √(20.875 / 7).
  // z: A → −1, 0, 1; B → +1/P (the 8), −1/P (the 6); C → 0, 0, 0.
  // Entry score = M + mean(z) · P:
  //   e1 = {A 2, B 8}       mean z = (−1 + 1/P) / 2   → M + (1 − P) / 2
  //   e2 = {A 4, C 5}       mean z = 0                → M
  //   e3 = {A 6, B 6, C 5}  mean z = (1 − 1/P + 0)/3  → M + (P − 1) / 3
  //   e4 = {C 5}            mean z = 0                → M
  const P = Math.sqrt(20.875 / 7);
  const M = 5.125;
  const input: TallyInput = {
    roundKind: 'review',
    method: 'zscore',
    criteria: ONE,
    entries: entriesOf(['e1', 'e2', 'e3', 'e4']),
    reviews: rows([
      ['e1', 'A', 2],
      ['e2', 'A', 4],
      ['e3', 'A', 6],
      ['e1', 'B', 8],
      ['e3', 'B', 6],
      ['e2', 'C', 5],
      ['e3', 'C', 5],
      ['e4', 'C', 5],
    ]),
  };
  const r = computeTally(input);

  test.each([
    ['e1', M + (1 - P) / 2, 5],
    ['e2', M, 4.5],
    ['e3', M + (P - 1) / 3, 17 / 3],
    ['e4', M, 5],
  ])('%s: score %d, raw %d', (id, score, raw) => {
    expect(entry(r, id).score).toBeCloseTo(score, 6);
    expect(entry(r, id).calibratedScore).toBeCloseTo(score, 6);
    expect(entry(r, id).rawScore).toBeCloseTo(raw, 6);
  });

  test('e2 and e4 tie on score (exactly M); raw breaks it: e4 (5) before e2 (4.5)', () => {
    // e3 ≈ 5.367 first, then e4 and e2 at M = 5.125, then e1 ≈ 4.762.
    expect(r.entries.map((e) => [e.entryId, e.rank, e.tie])).toEqual([
      ['e3', 1, false],
      ['e4', 2, false],
      ['e2', 3, false],
      ['e1', 4, false],
    ]);
  });

  test('judge statistics: mean, sample SD', () => {
    expect(judge(r, 'A')).toMatchObject({ reviews: 3, mean: 4, spread: 2, offset: null });
    expect(judge(r, 'B')).toMatchObject({ reviews: 2, mean: 7, spread: Math.round(Math.SQRT2 * 1e6) / 1e6 });
    expect(judge(r, 'C')).toMatchObject({ reviews: 3, mean: 5, spread: 0 });
    expect(r.warnings).toContain(
      'z-scores: 2 judges with fewer than 3 reviews or no spread standardised with the pooled SD',
    );
  });
});

describe('ranking and ties', () => {
  // method 'none': score = raw mean.
  //   P: 8             → 8, 1 review   → rank 1
  //   X: 6, 6          → 6, 2 reviews  ┐ equal score, raw and review count:
  //   Z: 5, 7          → 6, 2 reviews  ┘ a real tie, both rank 2
  //   Y: 6             → 6, 1 review   → fewer reviews: rank 4 (standard competition ranking 1,2,2,4)
  //   Q: 3             → 3             → rank 5
  //   U: no reviews    → unscored, rank 6 (after all scored), not a tie
  const input: TallyInput = {
    roundKind: 'review',
    method: 'none',
    criteria: ONE,
    entries: entriesOf(['P', 'Q', 'U', 'X', 'Y', 'Z']),
    reviews: rows([
      ['P', 'j1', 8],
      ['X', 'j1', 6],
      ['X', 'j2', 6],
      ['Z', 'j1', 5],
      ['Z', 'j2', 7],
      ['Y', 'j2', 6],
      ['Q', 'j1', 3],
    ]),
  };
  const r = computeTally(input);

  test.each([
    ['P', 1, false],
    ['X', 2, true],
    ['Z', 2, true],
    ['Y', 4, false],
    ['Q', 5, false],
    ['U', 6, false],
  ])('%s → rank %d, tie %s', (id, rank, tie) => {
    expect(entry(r, id).rank).toBe(rank);
    expect(entry(r, id).trackRank).toBe(rank);
    expect(entry(r, id).tie).toBe(tie);
  });

  test('snapshot order: rank, then id inside a tie; unscored last with nulls and a warning', () => {
    expect(r.entries.map((e) => e.entryId)).toEqual(['P', 'X', 'Z', 'Y', 'Q', 'U']);
    expect(entry(r, 'U')).toMatchObject({
      score: null,
      rawScore: null,
      interval: null,
      reviews: 0,
      component: -1,
    });
    expect(r.warnings).toContain('1 entry has no reviews: unscored, ranked last (rank 6): U');
  });

  test('per-track ranks are independent of the overall rank', () => {
    const tracks = computeTally({
      ...input,
      entries: [
        { id: 'P', trackId: 'a' },
        { id: 'Q', trackId: 'b' },
        { id: 'U', trackId: 'b' },
        { id: 'X', trackId: 'b' },
        { id: 'Y', trackId: 'a' },
        { id: 'Z', trackId: 'a' },
      ],
    });
    // track a: P 8, Z 6 (2 reviews), Y 6 (1 review) → 1, 2, 3; track b: X 6, Q 3, U unscored → 1, 2, 3.
    const tr = (id: string) => [entry(tracks, id).trackRank, entry(tracks, id).rank, entry(tracks, id).tie];
    expect(tr('P')).toEqual([1, 1, false]);
    expect(tr('Z')).toEqual([2, 2, true]); // tied with X overall, though alone in its track
    expect(tr('Y')).toEqual([3, 4, false]);
    expect(tr('X')).toEqual([1, 2, true]);
    expect(tr('Q')).toEqual([2, 5, false]);
    expect(tr('U')).toEqual([3, 6, false]);
  });
});

describe('bias model: closed form on a balanced two-judge design', () => {
  // Judges A and B both review the same n entries; B is exactly 2 points harsher: y_B = y_A − 2.
  // By the gauge argument the offsets are b_A = d, b_B = −d and every quality is the entry mean
  // q_e = (y_A + y_B) / 2 (b_A + b_B = 0). The residuals are ±(1 − d) on every review, so the
  // objective is 2n (1 − d)² + 2λ d², minimised at −4n (1 − d) + 4λ d = 0 → d = n / (n + λ).
  // λ = 1, n = 3: offsets ±0.75 — the true ±1 shrunk by n / (n + λ).
  const A = [7, 5, 9, 6];
  test.each([
    [3, 1],
    [3, 0.5],
    [3, 3],
    [4, 1],
    [4, 10],
  ])('n = %d, λ = %d', (n, lambda) => {
    const ids = Array.from({ length: n }, (_, i) => `e${i + 1}`);
    const list: Array<[string, string, number]> = [];
    for (let i = 0; i < n; i++) {
      list.push([ids[i]!, 'A', A[i]!]);
      list.push([ids[i]!, 'B', A[i]! - 2]);
    }
    const r = computeTally({
      roundKind: 'review',
      method: 'bias',
      criteria: ONE,
      entries: entriesOf(ids),
      reviews: rows(list),
      lambda,
    });
    const d = n / (n + lambda);
    expect(judge(r, 'A').offset).toBeCloseTo(d, 6);
    expect(judge(r, 'B').offset).toBeCloseTo(-d, 6);
    for (let i = 0; i < n; i++) expect(entry(r, ids[i]!).calibratedScore).toBeCloseTo(A[i]! - 1, 6);
    // The raw leave-one-out severity is the unshrunk ±2 difference to the other judge.
    expect(judge(r, 'A').severity).toBeCloseTo(2, 6);
    expect(judge(r, 'B').severity).toBeCloseTo(-2, 6);
  });

  test('the default λ is 1', () => {
    expect(DEFAULT_BIAS_LAMBDA).toBe(1);
  });

  test('a harsh judge on a strong entry and a lenient judge on a weak one: calibration reorders them', () => {
    // Judges H (harsh), M, L (lenient) all review the anchors a1..a3, where H = M − 2 and L = M + 2.
    // s (strong) is reviewed only by H (5), w (weak) only by L (7): raw s = 5 < w = 7.
    // A review that is its entry's only one has zero residual whatever the offset (q_s absorbs it),
    // so only the anchors identify the offsets: a complete balanced design, n = 3 entries, where
    // S = (n + λ) I − (n/3) 11ᵀ and g = n·(−2, 0, 2), hence b = n/(n + λ)·(−2, 0, 2) = (−1.5, 0, 1.5).
    // Then q_s = 5 − (−1.5) = 6.5 > q_w = 7 − 1.5 = 5.5.
    const list: Array<[string, string, number]> = [
      ['a1', 'H', 4],
      ['a1', 'M', 6],
      ['a1', 'L', 8],
      ['a2', 'H', 3],
      ['a2', 'M', 5],
      ['a2', 'L', 7],
      ['a3', 'H', 5],
      ['a3', 'M', 7],
      ['a3', 'L', 9],
      ['s', 'H', 5],
      ['w', 'L', 7],
    ];
    const r = computeTally({
      roundKind: 'review',
      method: 'bias',
      criteria: ONE,
      entries: entriesOf(['a1', 'a2', 'a3', 's', 'w']),
      reviews: rows(list),
    });
    expect(entry(r, 's').rawScore).toBe(5);
    expect(entry(r, 'w').rawScore).toBe(7);
    expect(judge(r, 'H').offset).toBeCloseTo(-1.5, 6);
    expect(judge(r, 'M').offset).toBeCloseTo(0, 6);
    expect(judge(r, 'L').offset).toBeCloseTo(1.5, 6);
    expect(entry(r, 's').score).toBeCloseTo(6.5, 6);
    expect(entry(r, 'w').score).toBeCloseTo(5.5, 6);
    expect(r.entries.map((e) => e.entryId)).toEqual(['a3', 's', 'a1', 'w', 'a2']);
  });
});

describe('judge statistics', () => {
  // e1: A 4, B 6, C 8;  e2: A 2, B 6.
  // Leave-one-out consensus (mean of the other judges on the same entry):
  //   A: e1 4 − (6 + 8)/2 = −3; e2 2 − 6 = −4        → severity −3.5 (harsh)
  //   B: e1 6 − (4 + 8)/2 = 0;  e2 6 − 2 = +4        → severity 2
  //   C: e1 8 − (4 + 6)/2 = +3                       → severity 3
  const r = computeTally({
    roundKind: 'review',
    method: 'none',
    criteria: ONE,
    entries: entriesOf(['e1', 'e2']),
    reviews: rows([
      ['e1', 'A', 4],
      ['e1', 'B', 6],
      ['e1', 'C', 8],
      ['e2', 'A', 2],
      ['e2', 'B', 6],
    ]),
  });
  test.each([
    ['A', 2, 3, Math.SQRT2, -3.5],
    ['B', 2, 6, 0, 2],
    ['C', 1, 8, 0, 3],
  ])('%s: %d reviews, mean %d, spread %d, severity %d', (id, n, mean, spread, severity) => {
    const j = judge(r, id);
    expect(j.reviews).toBe(n);
    expect(j.mean).toBeCloseTo(mean, 6);
    expect(j.spread).toBeCloseTo(spread, 6);
    expect(j.severity).toBeCloseTo(severity, 6);
    expect(j.offset).toBeNull();
  });

  test('a judge who shares no entry has severity 0', () => {
    const solo = computeTally({
      roundKind: 'review',
      method: 'none',
      criteria: ONE,
      entries: entriesOf(['e1']),
      reviews: rows([['e1', 'A', 9]]),
    });
    expect(judge(solo, 'A').severity).toBe(0);
  });

  test('one wild review among consistent ones is the only outlier', () => {
    // Eight entries, five judges each, totals quality ± 1 by a fixed pattern; one review (r on e4
    // by J3) is 6 points above what the pattern says. Its leave-one-out residual is ≈ +6, the
    // other reviews of e4 move by ≈ −1.5, everyone else stays within ±1.25.
    const pattern = [0, 1, -1, 1, 0];
    const list: Array<[string, string, number]> = [];
    for (let e = 0; e < 8; e++) {
      for (let j = 0; j < 5; j++) {
        const wild = e === 3 && j === 2;
        list.push([`e${e}`, `J${j}`, 3 + (e % 3) + pattern[(j + e) % 5]! + (wild ? 6 : 0)]);
      }
    }
    const reviews = rows(list);
    const wildId = reviews[3 * 5 + 2]!.id;
    const res = computeTally({
      roundKind: 'review',
      method: 'none',
      criteria: ONE,
      entries: entriesOf(Array.from({ length: 8 }, (_, e) => `e${e}`)),
      reviews,
    });
    const flagged = res.judges.flatMap((j) => j.outlierReviewIds);
    expect(flagged).toEqual([wildId]);
    expect(judge(res, 'J2').outlierReviewIds).toEqual([wildId]);
  });
});

describe('reliability: ICC(1) per track', () => {
  // Track t: e1 {6, 8}, e2 {4, 4}, e3 {2, 4}. Means 7, 4, 3; grand mean 28/6.
  // MSB = 2[(7 − 14/3)² + (4 − 14/3)² + (3 − 14/3)²] / 2 = 26/3
  // MSW = [(1 + 1) + 0 + (1 + 1)] / (6 − 3) = 4/3;  n0 = (6 − 12/6) / 2 = 2
  // ICC(1) = (26/3 − 4/3) / (26/3 + (2 − 1) · 4/3) = (22/3) / 10 = 11/15.
  // Track u: one entry → not computable (null); track v: no reviews → null, n 0.
  const r = computeTally({
    roundKind: 'review',
    method: 'none',
    criteria: ONE,
    entries: [...entriesOf(['e1', 'e2', 'e3'], 't'), { id: 'f1', trackId: 'u' }, { id: 'g1', trackId: 'v' }],
    reviews: rows([
      ['e1', 'a', 6],
      ['e1', 'b', 8],
      ['e2', 'a', 4],
      ['e2', 'b', 4],
      ['e3', 'a', 2],
      ['e3', 'b', 4],
      ['f1', 'a', 5],
      ['f1', 'b', 6],
    ]),
  });
  test('hand-computed value and not-computable tracks', () => {
    expect(r.reliability).toEqual([
      { trackId: 't', method: 'ICC(1)', value: Math.round((11 / 15) * 1e6) / 1e6, n: 3 },
      { trackId: 'u', method: 'ICC(1)', value: null, n: 1 },
      { trackId: 'v', method: 'ICC(1)', value: null, n: 0 },
    ]);
  });
});

describe('connected components', () => {
  // Piece 1: judges A (lenient) and B on e1..e3; piece 2: judges C and D (harsh) on e4..e6.
  const piece1: Array<[string, string, number]> = [
    ['e1', 'A', 8],
    ['e1', 'B', 6],
    ['e2', 'A', 7],
    ['e2', 'B', 6],
    ['e3', 'A', 9],
    ['e3', 'B', 8],
  ];
  const piece2: Array<[string, string, number]> = [
    ['e4', 'C', 6],
    ['e4', 'D', 3],
    ['e5', 'C', 5],
    ['e5', 'D', 3],
    ['e6', 'C', 7],
    ['e6', 'D', 5],
  ];
  const make = (list: Array<[string, string, number]>, ids: string[]): TallyInput => ({
    roundKind: 'review',
    method: 'bias',
    criteria: ONE,
    entries: entriesOf(ids),
    // Review ids carry the piece so that the merged list keeps the same ids.
    reviews: rows(list).map((r) => ({ ...r, id: `${r.entryId}-${r.judgeId}` })),
    cutoffPerTrack: 2,
  });
  const whole = computeTally(make([...piece1, ...piece2], ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']));
  const alone1 = computeTally(make(piece1, ['e1', 'e2', 'e3']));
  const alone2 = computeTally(make(piece2, ['e4', 'e5', 'e6']));

  test('two disjoint pieces are reported (e7 has no reviews: no component)', () => {
    expect(whole.components).toEqual({ count: 2, sizes: [3, 3] });
    expect(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'].map((id) => entry(whole, id).component)).toEqual([
      0, 0, 0, 1, 1, 1, -1,
    ]);
    expect(whole.warnings.some((w) => w.includes('2 components with no judge in common'))).toBe(true);
    expect(alone1.components).toEqual({ count: 1, sizes: [3] });
  });

  test('each piece is calibrated on its own: identical to tallying it alone', () => {
    for (const alone of [alone1, alone2]) {
      for (const e of alone.entries) {
        expect(entry(whole, e.entryId).calibratedScore).toBe(e.calibratedScore);
        expect(entry(whole, e.entryId).interval).toEqual(e.interval);
      }
      for (const j of alone.judges) expect(judge(whole, j.judgeId).offset).toBe(j.offset);
    }
  });

  test('offsets sum to zero per piece, so qualities stay on the rubric scale of each piece', () => {
    // Piece 1: A is 4/3 above B on average (2, 1, 1); with λ = 1, n = 3 the balanced closed form
    // gives b_A = −b_B = (2/3)·3/4 = 0.5. Piece 2: C − D = 3, 2, 2 → b_C = −b_D = (7/6)·3/4 = 0.875.
    expect(judge(whole, 'A').offset).toBeCloseTo(0.5, 6);
    expect(judge(whole, 'B').offset).toBeCloseTo(-0.5, 6);
    expect(judge(whole, 'C').offset).toBeCloseTo(0.875, 6);
    expect(judge(whole, 'D').offset).toBeCloseTo(-0.875, 6);
    // Qualities = entry means: e1 7, e4 4.5 — each on its own piece's average-judge scale.
    expect(entry(whole, 'e1').calibratedScore).toBeCloseTo(7, 6);
    expect(entry(whole, 'e4').calibratedScore).toBeCloseTo(4.5, 6);
  });
});

describe('close calls at the cutoff', () => {
  const base = (
    list: Array<[string, string, number]>,
    ids: string[],
    cutoffPerTrack: number,
  ): TallyInput => ({
    roundKind: 'review',
    method: 'none',
    criteria: ONE,
    entries: entriesOf(ids),
    reviews: rows(list),
    cutoffPerTrack,
    seed: 42,
  });

  test('overlapping neighbours across the line are flagged, clear ones are not', () => {
    // A {6,7,8} ≈ 7 and B {5,6,7} ≈ 6: bootstrap means range over [6,8] and [5,7], and their 90%
    // intervals (about ±0.67) overlap. C {1,1,2} is far below. Cutoff 1: A advances, B is first out.
    const r = computeTally(
      base(
        [
          ['A', 'j1', 6],
          ['A', 'j2', 7],
          ['A', 'j3', 8],
          ['B', 'j1', 5],
          ['B', 'j2', 6],
          ['B', 'j3', 7],
          ['C', 'j1', 1],
          ['C', 'j2', 1],
          ['C', 'j3', 2],
        ],
        ['A', 'B', 'C'],
        1,
      ),
    );
    expect(r.entries.map((e) => [e.entryId, e.trackRank, e.closeCall])).toEqual([
      ['A', 1, true],
      ['B', 2, true],
      ['C', 3, false],
    ]);
    const a = entry(r, 'A').interval!;
    const b = entry(r, 'B').interval!;
    expect(a[0]).toBeLessThanOrEqual(b[1]);
    // The interval brackets the score and stays within the range of possible means.
    expect(a[0]).toBeGreaterThanOrEqual(6);
    expect(a[1]).toBeLessThanOrEqual(8);
    expect(a[0]).toBeLessThanOrEqual(7);
    expect(a[1]).toBeGreaterThanOrEqual(7);
  });

  test('a clear gap gives no close call; without a cutoff nothing is flagged', () => {
    const list: Array<[string, string, number]> = [
      ['A', 'j1', 9],
      ['A', 'j2', 10],
      ['B', 'j1', 2],
      ['B', 'j2', 3],
    ];
    expect(computeTally(base(list, ['A', 'B'], 1)).entries.map((e) => e.closeCall)).toEqual([false, false]);
    const noCut = computeTally({ ...base(list, ['A', 'B'], 1), cutoffPerTrack: undefined });
    expect(noCut.entries.every((e) => !e.closeCall)).toBe(true);
  });

  test('a tie straddling the cutoff is reported for a person to decide', () => {
    const r = computeTally(
      base(
        [
          ['A', 'j1', 9],
          ['B', 'j1', 5],
          ['C', 'j1', 5],
          ['D', 'j1', 1],
        ],
        ['A', 'B', 'C', 'D'],
        2,
      ),
    );
    expect(r.entries.map((e) => [e.entryId, e.trackRank, e.tie])).toEqual([
      ['A', 1, false],
      ['B', 2, true],
      ['C', 2, true],
      ['D', 4, false],
    ]);
    expect(r.warnings).toContain(
      'track t: a tie at rank 2 straddles the cutoff of 2; 3 entries are at or above the line, a person must decide',
    );
  });
});

describe('bootstrap intervals', () => {
  const input: TallyInput = {
    roundKind: 'review',
    method: 'bias',
    criteria: ONE,
    entries: entriesOf(['a', 'b', 'c', 'd']),
    reviews: rows([
      ['a', 'j1', 3],
      ['a', 'j2', 7],
      ['a', 'j3', 5],
      ['b', 'j1', 6],
      ['b', 'j2', 9],
      ['c', 'j3', 4],
      ['d', 'j1', 1],
      ['d', 'j2', 2],
      ['d', 'j3', 4],
      ['d', 'j4', 7],
      ['d', 'j5', 8],
      ['d', 'j6', 10],
    ]),
  };

  test('seeded: same seed same intervals, another seed other intervals', () => {
    const r1 = computeTally({ ...input, seed: 1 });
    const r2 = computeTally({ ...input, seed: 1 });
    const r3 = computeTally({ ...input, seed: 2 });
    expect(r1.entries.map((e) => e.interval)).toEqual(r2.entries.map((e) => e.interval));
    expect(entry(r1, 'd').interval).not.toEqual(entry(r3, 'd').interval);
  });

  test('a single review gives a point interval (and a warning); 0 samples gives none', () => {
    const r = computeTally(input);
    const c = entry(r, 'c');
    expect(c.interval).toEqual([c.score, c.score]);
    expect(r.warnings).toContain(
      '1 entry has a single review: the interval is the score itself and understates the uncertainty',
    );
    expect(computeTally({ ...input, bootstrapSamples: 0 }).entries.every((e) => e.interval === null)).toBe(
      true,
    );
  });
});

describe('input problems', () => {
  const ok: TallyInput = {
    roundKind: 'review',
    method: 'bias',
    criteria: ONE,
    entries: entriesOf(['e1', 'e2']),
    reviews: rows([
      ['e1', 'a', 5],
      ['e2', 'a', 6],
    ]),
  };

  test.each<[string, Partial<TallyInput>, RegExp]>([
    ['no criteria', { criteria: [] }, /at least one criterion/],
    ['zero weight', { criteria: [{ key: 's', weight: 0, min: 0, max: 10 }] }, /weight/],
    ['min > max', { criteria: [{ key: 's', weight: 1, min: 5, max: 4 }] }, /min and max/],
    [
      'duplicate criterion',
      {
        criteria: [
          { key: 's', weight: 1, min: 0, max: 10 },
          { key: 's', weight: 2, min: 0, max: 10 },
        ],
      },
      /duplicate criterion/,
    ],
    ['duplicate entry', { entries: entriesOf(['e1', 'e1']) }, /duplicate entry id "e1"/],
    [
      // the same row twice (same id, entry and judge), as a bad join would produce
      'duplicate review',
      { reviews: [...rows([['e1', 'a', 5]]), ...rows([['e1', 'a', 6]])] },
      /duplicate review id "r01"/,
    ],
    ['λ = 0', { lambda: 0 }, /lambda/],
    ['negative seed', { seed: -1 }, /seed/],
    ['fractional cutoff', { cutoffPerTrack: 1.5 }, /cutoffPerTrack/],
    ['huge bootstrap', { bootstrapSamples: 1e9 }, /bootstrapSamples/],
    [
      'NaN score',
      { reviews: [{ id: 'r', entryId: 'e1', judgeId: 'a', scores: { s: Number.NaN } }] },
      /finite number/,
    ],
  ])('%s → TallyInputError', (_name, patch, message) => {
    expect(() => computeTally({ ...ok, ...patch })).toThrow(TallyInputError);
    expect(() => computeTally({ ...ok, ...patch })).toThrow(message);
  });

  test('bad reviews are excluded with warnings, the rest is tallied', () => {
    const r = computeTally({
      ...ok,
      reviews: [
        ...ok.reviews,
        { id: 'x1', entryId: 'nope', judgeId: 'a', scores: { s: 5 } },
        { id: 'x2', entryId: 'e1', judgeId: 'b', scores: { s: 11 } },
        { id: 'x3', entryId: 'e1', judgeId: 'b', scores: {} },
        { id: 'x4', entryId: 'e2', judgeId: 'b', scores: { s: 4, bonus: 1 } },
      ],
    });
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        '1 review excluded, entry not in this round: x1',
        "2 reviews excluded, invalid scores: x2 (score for 's' outside 0..10), x3 (missing score for 's')",
        '1 review has scores for criteria not in the rubric (ignored): x4',
      ]),
    );
    expect(entry(r, 'e1').reviews).toBe(1);
    expect(entry(r, 'e2').reviews).toBe(2);
  });

  test('a judge reviewing the same entry twice is warned about', () => {
    const r = computeTally({
      ...ok,
      reviews: rows([
        ['e1', 'a', 5],
        ['e1', 'a', 7],
        ['e2', 'a', 6],
      ]),
    });
    expect(r.warnings).toContain('1 judge–entry pair reviewed more than once (all reviews counted): a/e1 ×2');
  });
});

describe('snapshots', () => {
  const input: TallyInput = {
    roundKind: 'review',
    method: 'bias',
    criteria: [
      { key: 'b', weight: 2, min: 1, max: 5 },
      { key: 'a', weight: 1, min: 1, max: 5 },
    ],
    entries: [
      { id: 'e2', trackId: 'x' },
      { id: 'e1', trackId: 'y' },
      { id: 'e3', trackId: 'x' },
    ],
    reviews: [
      { id: 'r3', entryId: 'e3', judgeId: 'j2', scores: { b: 4, a: 2 } },
      { id: 'r1', entryId: 'e1', judgeId: 'j1', scores: { a: 3, b: 5 } },
      { id: 'r2', entryId: 'e2', judgeId: 'j1', scores: { b: 1, a: 1 } },
      { id: 'r4', entryId: 'e1', judgeId: 'j2', scores: { a: 2, b: 2 } },
    ],
    cutoffPerTrack: 1,
  };

  test('computeTally carries inputHash(input), a sha256 hex', () => {
    const r = computeTally(input);
    expect(r.inputHash).toBe(inputHash(input));
    expect(r.inputHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('order of lists and of score keys does not change the hash or the snapshot', () => {
    const reordered: TallyInput = {
      ...input,
      criteria: [...input.criteria].reverse(),
      entries: [...input.entries].reverse(),
      reviews: [...input.reviews]
        .reverse()
        .map((r) => ({ ...r, scores: { a: r.scores.a!, b: r.scores.b! } })),
    };
    expect(inputHash(reordered)).toBe(inputHash(input));
    expect(canonicalJson(computeTally(reordered))).toBe(canonicalJson(computeTally(input)));
  });

  test('defaults spelled out hash the same; any change of substance changes the hash', () => {
    const h = inputHash(input);
    expect(inputHash({ ...input, seed: 0, lambda: 1, bootstrapSamples: 200 })).toBe(h);
    expect(inputHash({ ...input, seed: 1 })).not.toBe(h);
    expect(inputHash({ ...input, lambda: 2 })).not.toBe(h);
    expect(inputHash({ ...input, method: 'zscore' })).not.toBe(h);
    expect(inputHash({ ...input, cutoffPerTrack: 2 })).not.toBe(h);
    expect(inputHash({ ...input, reviews: input.reviews.slice(1) })).not.toBe(h);
    const changed = input.reviews.map((r) => (r.id === 'r1' ? { ...r, scores: { ...r.scores, a: 4 } } : r));
    expect(inputHash({ ...input, reviews: changed })).not.toBe(h);
    // Extra properties on rows (say, timestamps from the database) are not part of the input.
    const extra = input.reviews.map((r) => ({ ...r, createdAt: 'yesterday' }));
    expect(inputHash({ ...input, reviews: extra })).toBe(h);
  });

  test('every number in the snapshot has at most 6 decimals', () => {
    const text = canonicalJson(computeTally(input));
    for (const m of text.matchAll(/-?\d+\.(\d+)/g)) expect(m[1]!.length).toBeLessThanOrEqual(6);
  });
});

describe('determinism under shuffling', () => {
  // A realistic round with every kind of wrinkle: three tracks, an unreviewed entry, reviews of an
  // unknown entry, an off-scale review, a repeated judge–entry pair, ties in raw scores.
  const sim = simulateRound({ seed: 3, entries: 150, reviewsPerEntry: 4, judges: 25, tracks: 3 });
  const first = sim.input.reviews[0]!;
  const base: TallyInput = {
    ...sim.input,
    entries: [...sim.input.entries, { id: 'e-unreviewed', trackId: 't1' }],
    reviews: [
      ...sim.input.reviews,
      { ...first, id: 'x-orphan', entryId: 'e-gone' },
      { ...first, id: 'x-offscale', scores: { ...first.scores, impact: 42 } },
      { ...first, id: 'x-repeat' },
    ],
    cutoffPerTrack: 5,
  };
  const reference = canonicalJson(computeTally(base));

  function shuffled<T>(items: readonly T[], rand: () => number): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  test('any order of entries, reviews, criteria and score keys gives a byte-identical snapshot', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const rand = mulberry32(seed);
        const input: TallyInput = {
          ...base,
          criteria: shuffled(base.criteria, rand),
          entries: shuffled(base.entries, rand),
          reviews: shuffled(base.reviews, rand).map((r) => ({
            ...r,
            scores: Object.fromEntries(shuffled(Object.entries(r.scores), rand)),
          })),
        };
        expect(canonicalJson(computeTally(input))).toBe(reference);
      }),
      { numRuns: 15 },
    );
  });

  test('the snapshot is sensitive: one changed score changes hash and content', () => {
    const changed = base.reviews.map((r, i) =>
      i === 7 ? { ...r, scores: { ...r.scores, team: r.scores.team === 1 ? 2 : 1 } } : r,
    );
    const other = computeTally({ ...base, reviews: changed });
    expect(other.inputHash).not.toBe(JSON.parse(reference).inputHash);
    expect(canonicalJson({ ...other, inputHash: '' })).not.toBe(
      canonicalJson({ ...JSON.parse(reference), inputHash: '' }),
    );
  });
});
