import { describe, expect, test } from 'vitest';
import {
  type AwardRule,
  type CandidateEntry,
  resultsOrder,
  type SnapshotEntry,
  snapshotEntries,
  suggestWinners,
  trackAllowed,
  winnerProblems,
} from './awards.fns.ts';

const prize = (over: Partial<AwardRule & { name: string }> = {}): AwardRule & { name: string } => ({
  id: 'p',
  name: 'First Prize',
  kind: 'prize',
  level: 2,
  trackId: null,
  eligibleTrackIds: [],
  slots: 2,
  ...over,
});
const special = (over: Partial<AwardRule & { name: string }> = {}) =>
  prize({ id: 's', name: 'Special', kind: 'special', level: null, ...over });

const entry = (
  id: string,
  trackId: string | null,
  status: CandidateEntry['status'] = 'submitted',
): CandidateEntry => ({
  entryId: id,
  competitionId: 'c',
  title: `Title ${id}`,
  status,
  trackId,
  track: trackId ? `Track ${trackId}` : null,
  team: `Team ${id}`,
  country: 'CN',
});

describe('trackAllowed', () => {
  test.each([
    [prize(), 'A', true],
    [prize(), null, true],
    [prize({ trackId: 'A' }), 'A', true],
    [prize({ trackId: 'A' }), 'B', false],
    [special(), 'B', true],
    [special({ eligibleTrackIds: ['A', 'C'] }), 'C', true],
    [special({ eligibleTrackIds: ['A', 'C'] }), 'B', false],
    [special({ eligibleTrackIds: ['A'] }), null, false],
  ])('%#', (award, trackId, expected) => {
    expect(trackAllowed(award, trackId)).toBe(expected);
  });
});

describe('winnerProblems', () => {
  const entries = new Map([
    ['a', entry('a', 'A')],
    ['b', entry('b', 'B')],
    ['w', entry('w', 'A', 'withdrawn')],
    ['d', entry('d', 'A', 'draft')],
  ]);
  test('a valid choice has no problems', () => {
    expect(
      winnerProblems({
        award: prize(),
        winners: [{ entryId: 'a' }, { entryId: 'b' }],
        entries,
        ladderPrizesHeld: [],
      }),
    ).toEqual([]);
  });
  test('every problem is named, with the path of the winner', () => {
    const problems = winnerProblems({
      award: prize({ trackId: 'A', slots: 2 }),
      winners: [{ entryId: 'a' }, { entryId: 'b' }, { entryId: 'w' }, { entryId: 'd' }],
      entries,
      ladderPrizesHeld: [{ entryId: 'a', name: 'Grand Prize' }],
      trackName: (id) => `Track ${id}`,
    });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['too_many_winners', 'winners'],
      ['second_ladder_prize', 'winners.0.entryId'],
      ['track_not_eligible', 'winners.1.entryId'],
      ['entry_withdrawn', 'winners.2.entryId'],
      ['entry_not_submitted', 'winners.3.entryId'],
    ]);
    expect(problems[1]!.message).toContain('Grand Prize');
    expect(problems[2]!.message).toContain('Track B');
  });
  test('special awards stack on a ladder prize', () => {
    expect(
      winnerProblems({
        award: special(),
        winners: [{ entryId: 'a' }],
        entries,
        ladderPrizesHeld: [{ entryId: 'a', name: 'Grand Prize' }],
      }),
    ).toEqual([]);
  });
});

describe('suggestWinners', () => {
  const row = (
    entryId: string,
    trackId: string,
    rank: number,
    trackRank: number,
    rawScore: number,
    tie = false,
  ): SnapshotEntry => ({
    entryId,
    trackId,
    rank,
    trackRank,
    rawScore,
    score: rawScore,
    interval: [rawScore - 1, rawScore + 1],
    reviews: 5,
    tie,
    closeCall: false,
  });
  const snapshot = [
    row('b1', 'B', 1, 1, 9),
    row('a1', 'A', 2, 1, 8.5, true),
    row('a2', 'A', 2, 2, 8.5, true),
    row('a3', 'A', 4, 3, 7),
    row('gone', 'A', 5, 4, 6),
    row('x', 'B', 6, 2, 5),
  ];
  const candidates = new Map(
    ['b1', 'a1', 'a2', 'a3', 'x'].map((id) => [
      id,
      entry(id, id.startsWith('a') ? 'A' : 'B', id === 'x' ? 'withdrawn' : 'submitted'),
    ]),
  );
  const base = {
    snapshot,
    candidates,
    ladderPrizeHolders: new Set<string>(),
    chosen: new Set<string>(),
    otherAwards: new Map(),
  };

  test('overall by rank; not in the round or withdrawn are left out; ties keep their flag', () => {
    const { rankedBy, items } = suggestWinners({ ...base, award: prize() });
    expect(rankedBy).toBe('rank');
    expect(items.map((i) => [i.entryId, i.rank, i.tie])).toEqual([
      ['b1', 1, false],
      ['a1', 2, true],
      ['a2', 2, true],
      ['a3', 4, false],
    ]);
  });
  test('a track prize ranks by track rank within its track; holders of a ladder prize drop out', () => {
    const { rankedBy, items } = suggestWinners({
      ...base,
      award: prize({ trackId: 'A' }),
      ladderPrizeHolders: new Set(['a1']),
      chosen: new Set(['a3']),
    });
    expect(rankedBy).toBe('trackRank');
    expect(items.map((i) => [i.entryId, i.trackRank, i.chosen])).toEqual([
      ['a2', 2, false],
      ['a3', 3, true],
    ]);
  });
  test('a special award keeps ladder prize holders', () => {
    const { items } = suggestWinners({
      ...base,
      award: special({ eligibleTrackIds: ['A'] }),
      ladderPrizeHolders: new Set(['a1']),
    });
    expect(items.map((i) => i.entryId)).toEqual(['a1', 'a2', 'a3']);
  });
  test('the snapshot text is read for the fields awards need', () => {
    const text = JSON.stringify({ entries: snapshot, judges: [], method: 'bias' });
    expect(snapshotEntries(text)).toHaveLength(6);
    expect(() => snapshotEntries('{"entries":[{"entryId":1}]}')).toThrow();
  });
});

describe('resultsOrder', () => {
  test('the ladder from the grand prize, overall before per track, then special awards in their order', () => {
    const list = [
      { id: 's2', kind: 'special' as const, level: null, trackId: null, position: 1 },
      { id: 'second-B', kind: 'prize' as const, level: 3, trackId: 'B', position: 2 },
      { id: 'grand', kind: 'prize' as const, level: 1, trackId: null, position: 9 },
      { id: 'second-A', kind: 'prize' as const, level: 3, trackId: 'A', position: 3 },
      { id: 'second', kind: 'prize' as const, level: 3, trackId: null, position: 8 },
      { id: 's1', kind: 'special' as const, level: null, trackId: null, position: 0 },
    ];
    const order = resultsOrder(list, (id) => (id === 'A' ? 1 : 2)).map((a) => a.id);
    expect(order).toEqual(['grand', 'second', 'second-A', 'second-B', 's1', 's2']);
  });
});
