// Seeded synthetic rounds with a known truth, for the simulation tests and the benchmark:
// every entry has a true quality, every judge a true offset (severity), and each criterion score
// is round(quality + offset + noise) clamped to the scale. Test-only: it lives outside src because
// the tally never uses it.

import { mulberry32, normal } from '../../server/src/modules/tally/tally.stats.fns.ts';
import type {
  TallyCriterion,
  TallyEntry,
  TallyInput,
  TallyReview,
} from '../../server/src/modules/tally/tally.types.ts';

export type SimulationOptions = {
  seed: number;
  entries: number;
  reviewsPerEntry: number;
  judges: number;
  /** Tracks t0..t{n-1}; entries are dealt round-robin. Default 1. */
  tracks?: number;
  criteria?: TallyCriterion[];
  /** SD of true quality inside a track. Default 1. */
  qualitySd?: number;
  /** Track t's mean quality is the scale midpoint + (t − (tracks−1)/2) · trackStep. Default 0. */
  trackStep?: number;
  /** SD of the judges' true offsets. Default 1. */
  offsetSd?: number;
  /** SD of the per-criterion noise. Default 1. */
  noiseSd?: number;
  /**
   * 'random': each entry gets reviewsPerEntry distinct judges uniformly at random.
   * 'expertise': judges are split into one pool per track by offset, harshest pool to the
   * strongest track; each pick comes from the entry's own pool with probability `loyalty`.
   */
  assignment?: 'random' | 'expertise';
  loyalty?: number;
};

export type SimulatedRound = {
  input: TallyInput;
  /** True quality per entry, aligned with input.entries. */
  quality: Float64Array;
  /** True offset per judge, aligned with judgeIds. */
  offset: Float64Array;
  judgeIds: string[];
};

export const DEFAULT_SIM_CRITERIA: TallyCriterion[] = [
  { key: 'impact', weight: 3, min: 1, max: 10 },
  { key: 'innovation', weight: 2, min: 1, max: 10 },
  { key: 'feasibility', weight: 2, min: 1, max: 10 },
  { key: 'presentation', weight: 1, min: 1, max: 10 },
  { key: 'team', weight: 1, min: 1, max: 10 },
];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function simulateRound(o: SimulationOptions): SimulatedRound {
  const rand = mulberry32(o.seed);
  const tracks = o.tracks ?? 1;
  const criteria = o.criteria ?? DEFAULT_SIM_CRITERIA;
  const qualitySd = o.qualitySd ?? 1;
  const trackStep = o.trackStep ?? 0;
  const offsetSd = o.offsetSd ?? 1;
  const noiseSd = o.noiseSd ?? 1;
  const loyalty = o.loyalty ?? 0.85;
  const k = o.reviewsPerEntry;
  if (k > o.judges) throw new RangeError('reviewsPerEntry exceeds judges');
  const lo = Math.min(...criteria.map((c) => c.min));
  const hi = Math.max(...criteria.map((c) => c.max));
  const mid = (lo + hi) / 2;
  const wE = String(o.entries).length;
  const wJ = String(o.judges).length;
  const wR = String(o.entries * k).length;

  const judgeIds = Array.from({ length: o.judges }, (_, j) => `j${pad(j + 1, wJ)}`);
  const offset = new Float64Array(o.judges);
  for (let j = 0; j < o.judges; j++) offset[j] = offsetSd * normal(rand);
  // Pools for expertise assignment: judges by offset ascending, cut into `tracks` slices; the
  // harshest slice (most negative offsets) serves the strongest (highest) track.
  const byOffset = Array.from({ length: o.judges }, (_, j) => j).sort(
    (a, b) => offset[a]! - offset[b]! || a - b,
  );
  const pools: number[][] = Array.from({ length: tracks }, () => []);
  for (let i = 0; i < o.judges; i++)
    pools[tracks - 1 - Math.min(tracks - 1, Math.floor((i * tracks) / o.judges))]!.push(byOffset[i]!);

  const entries: TallyEntry[] = [];
  const quality = new Float64Array(o.entries);
  const reviews: TallyReview[] = [];
  const chosen = new Set<number>();
  let rid = 0;
  for (let e = 0; e < o.entries; e++) {
    const t = e % tracks;
    const id = `e${pad(e + 1, wE)}`;
    entries.push({ id, trackId: `t${t}` });
    quality[e] = mid + (t - (tracks - 1) / 2) * trackStep + qualitySd * normal(rand);
    chosen.clear();
    const pool = pools[t]!;
    while (chosen.size < k) {
      const fromPool = o.assignment === 'expertise' && pool.length >= k && rand() < loyalty;
      const j = fromPool ? pool[Math.floor(rand() * pool.length)]! : Math.floor(rand() * o.judges);
      chosen.add(j);
    }
    for (const j of chosen) {
      const scores: Record<string, number> = {};
      for (const c of criteria) {
        const v = Math.round(quality[e]! + offset[j]! + noiseSd * normal(rand));
        scores[c.key] = Math.min(c.max, Math.max(c.min, v));
      }
      reviews.push({ id: `r${pad(++rid, wR)}`, entryId: id, judgeId: judgeIds[j]!, scores });
    }
  }
  return {
    input: { roundKind: 'review', method: 'bias', criteria, entries, reviews, seed: o.seed >>> 0 },
    quality,
    offset,
    judgeIds,
  };
}
