import { describe, expect, test } from 'vitest';
import { type AdvanceCandidate, selectAdvancing } from './advancement.fns.ts';

/** Track A: a1..a4 ranked 1..4; track B: b1..b3 ranked 1..3, unless a test says otherwise. */
const candidate = (
  entryId: string,
  trackRank: number,
  country = 'CN',
  score: number | null = 10 - trackRank,
): AdvanceCandidate => ({
  entryId,
  trackId: entryId[0]!,
  trackRank,
  rank: trackRank,
  score,
  country,
});
const ids = (rows: Array<{ entryId: string }>) => rows.map((r) => r.entryId);

describe('selectAdvancing', () => {
  const field = [
    candidate('a1', 1),
    candidate('a2', 2),
    candidate('a3', 3),
    candidate('a4', 4),
    candidate('b1', 1),
    candidate('b2', 2),
    candidate('b3', 3),
  ];

  test('takes the top N of each track', () => {
    const s = selectAdvancing(field, { topPerTrack: 2 });
    expect(ids(s.advancing).sort()).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(s.advancing.every((a) => a.reason === 'rank')).toBe(true);
    expect(s.skipped).toEqual([]);
    expect(s.tiesAtCutoff).toEqual([]);
    expect(s.perCountry).toEqual({ CN: 4 });
  });

  test('all entries tied at the cutoff advance, flagged as a tie', () => {
    const tied = [candidate('a1', 1), candidate('a2', 2), candidate('a3', 2), candidate('a4', 4)];
    const s = selectAdvancing(tied, { topPerTrack: 2 });
    expect(ids(s.advancing)).toEqual(['a1', 'a2', 'a3']);
    expect(s.advancing.map((a) => a.reason)).toEqual(['rank', 'tie', 'tie']);
    expect(s.tiesAtCutoff).toEqual([{ trackId: 'a', trackRank: 2, entryIds: ['a2', 'a3'] }]);
  });

  test('a tie above the cutoff is no tie at the cutoff', () => {
    const tied = [candidate('a1', 1), candidate('a2', 1), candidate('a3', 3)];
    const s = selectAdvancing(tied, { topPerTrack: 2 });
    expect(ids(s.advancing)).toEqual(['a1', 'a2']);
    expect(s.tiesAtCutoff).toEqual([]);
  });

  test('a country at its quota is skipped and the next eligible entry of that track moves up', () => {
    const mixed = [
      candidate('a1', 1, 'CN'),
      candidate('a2', 2, 'CN'),
      candidate('a3', 3, 'DE'),
      candidate('b1', 1, 'CN'),
      candidate('b2', 2, 'US'),
    ];
    const s = selectAdvancing(mixed, { topPerTrack: 2, quotas: { CN: 2 } });
    // Best track ranks first across tracks: a1 and b1 use the CN quota, so a2 is skipped for a3.
    expect(ids(s.advancing)).toEqual(['a1', 'b1', 'b2', 'a3']);
    expect(s.skipped).toEqual([{ entryId: 'a2', reason: 'quota' }]);
    expect(s.perCountry).toEqual({ CN: 2, US: 1, DE: 1 });
  });

  test('a quota of zero keeps a country out entirely', () => {
    const s = selectAdvancing(field, { topPerTrack: 1, quotas: { CN: 0 } });
    expect(s.advancing).toEqual([]);
    expect(s.skipped.map((x) => x.reason)).toEqual(Array(s.skipped.length).fill('quota'));
  });

  test('an excluded entry frees its slot; wildcards join whatever their rank', () => {
    const s = selectAdvancing(field, { topPerTrack: 2, exclude: ['a1'], wildcards: ['b3', 'a2'] });
    expect(ids(s.advancing)).toEqual(['b1', 'a2', 'b2', 'a3', 'b3']);
    expect(s.advancing.find((a) => a.entryId === 'b3')!.reason).toBe('wildcard');
    // Already in by rank: not a wildcard.
    expect(s.advancing.find((a) => a.entryId === 'a2')!.reason).toBe('rank');
    expect(s.skipped).toEqual([{ entryId: 'a1', reason: 'excluded' }]);
  });

  test('exclusions below the line are still reported', () => {
    const s = selectAdvancing(field, { topPerTrack: 1, exclude: ['a4'] });
    expect(s.skipped).toEqual([{ entryId: 'a4', reason: 'excluded' }]);
  });

  test('entries without a score never advance by rank', () => {
    const thin = [candidate('a1', 1), candidate('a2', 2, 'CN', null)];
    const s = selectAdvancing(thin, { topPerTrack: 2 });
    expect(ids(s.advancing)).toEqual(['a1']);
    expect(s.skipped).toEqual([{ entryId: 'a2', reason: 'unscored' }]);
  });

  test('the answer does not depend on the order of the candidates', () => {
    const reversed = [...field].reverse();
    expect(selectAdvancing(reversed, { topPerTrack: 2, quotas: { CN: 3 } })).toEqual(
      selectAdvancing(field, { topPerTrack: 2, quotas: { CN: 3 } }),
    );
  });
});
