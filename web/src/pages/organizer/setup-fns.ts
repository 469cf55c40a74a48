import type { Round } from '@wuzhen/shared';

/** Moves the item at `from` by `by` places (−1 up, +1 down); out-of-range moves change nothing. */
export function move<T>(list: readonly T[], from: number, by: number): T[] {
  const to = from + by;
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

/**
 * Each weight as a whole percentage of the total, rounded so the shares add up to exactly 100
 * (largest remainders first): an organizer reading "33 %, 33 %, 33 %" would wonder where 1 % went.
 */
export function weightShares(weights: readonly number[]): number[] {
  const valid = weights.map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
  const total = valid.reduce((sum, w) => sum + w, 0);
  if (total <= 0) return valid.map(() => 0);
  const exact = valid.map((w) => (w / total) * 100);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((sum, n) => sum + n, 0);
  const order = exact
    .map((value, i) => ({ i, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (valid[i]! > 0) {
      floors[i]! += 1;
      left -= 1;
    }
  }
  return floors;
}

/** A criterion key from its label: `Market potential` → `market_potential`, unique among `taken`. */
export function criterionKey(label: string, taken: ReadonlySet<string>): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+|_+$/g, '')
      .slice(0, 32) || 'criterion';
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  return key;
}

export type ChecklistItem = {
  key: 'description' | 'tracks' | 'deadline' | 'round' | 'rubric' | 'judges';
  done: boolean;
  /** Numbers for the item's sentence. */
  values?: Record<string, number | string>;
};

/**
 * What a competition still needs before it can open to teams and judges, in the order an
 * organizer sets it up. Pure, so the overview and its tests agree.
 */
export function setupChecklist({
  description,
  tracks,
  submissionClosesAt,
  rounds,
  judges,
  now,
}: {
  description: string;
  tracks: number;
  submissionClosesAt: string;
  rounds: readonly Pick<Round, 'kind' | 'criteria' | 'reviewsPerEntry'>[];
  judges: number;
  now: Date;
}): ChecklistItem[] {
  const first = rounds[0];
  const needed = first?.kind === 'review' ? first.reviewsPerEntry : 1;
  return [
    { key: 'description', done: description.trim().length > 0 },
    { key: 'tracks', done: tracks > 0, values: { count: tracks } },
    { key: 'deadline', done: new Date(submissionClosesAt).getTime() > now.getTime() },
    { key: 'round', done: rounds.length > 0, values: { count: rounds.length } },
    { key: 'rubric', done: rounds.length > 0 && rounds.every((r) => r.criteria.length > 0) },
    { key: 'judges', done: judges >= needed, values: { count: judges, needed } },
  ];
}

/**
 * Whether the "before the competition opens" checklist still has something to say: not once a
 * judge has saved a review. By then the competition has run, and "a submission deadline not yet
 * passed" flagged as missing would only alarm an organizer reading the overview after the event.
 */
export function setupChecklistShown(rounds: readonly Pick<Round, 'reviewsStarted'>[]): boolean {
  return !rounds.some((round) => round.reviewsStarted);
}
