import { describe, expect, test } from 'vitest';
import { criterionKey, move, setupChecklist, setupChecklistShown, weightShares } from './setup-fns.ts';

describe('weightShares', () => {
  test.each([
    [
      [1, 1, 1],
      [34, 33, 33],
    ],
    [
      [0.4, 0.3, 0.3],
      [40, 30, 30],
    ],
    [
      [2, 1],
      [67, 33],
    ],
    [[1], [100]],
    [
      [0, 0],
      [0, 0],
    ],
    [
      [1, Number.NaN, 1],
      [50, 0, 50],
    ],
  ])('%j → %j, adding up to 100 when any weight counts', (weights, shares) => {
    expect(weightShares(weights)).toEqual(shares);
  });
});

describe('move', () => {
  test('moves up and down, and refuses to leave the list', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('criterionKey', () => {
  test('makes a key the server accepts, unique in the rubric', () => {
    expect(criterionKey('Market potential', new Set())).toBe('market_potential');
    expect(criterionKey('Équipe', new Set())).toBe('equipe');
    expect(criterionKey('2nd opinion', new Set())).toBe('nd_opinion');
    expect(criterionKey('创新', new Set())).toBe('criterion');
    expect(criterionKey('Team', new Set(['team', 'team_2']))).toBe('team_3');
  });
});

describe('setupChecklist', () => {
  const now = new Date('2026-05-01T00:00:00Z');
  const round = { kind: 'review' as const, reviewsPerEntry: 3, criteria: [{ id: 'c' }] as never };
  test('a new competition misses everything but what it was created with', () => {
    const items = setupChecklist({
      description: '',
      tracks: 0,
      submissionClosesAt: '2026-06-01T00:00:00Z',
      rounds: [],
      judges: 0,
      now,
    });
    expect(items.filter((i) => !i.done).map((i) => i.key)).toEqual([
      'description',
      'tracks',
      'round',
      'rubric',
      'judges',
    ]);
  });
  test('a past deadline and too few judges for the first round are flagged', () => {
    const items = setupChecklist({
      description: 'A cup',
      tracks: 2,
      submissionClosesAt: '2026-04-01T00:00:00Z',
      rounds: [round],
      judges: 2,
      now,
    });
    expect(items.filter((i) => !i.done).map((i) => i.key)).toEqual(['deadline', 'judges']);
    expect(items.find((i) => i.key === 'judges')?.values).toEqual({ count: 2, needed: 3 });
  });
});

describe('setupChecklistShown', () => {
  test('while no judge has saved a review, the checklist guides the setup', () => {
    expect(setupChecklistShown([])).toBe(true);
    expect(setupChecklistShown([{ reviewsStarted: false }, { reviewsStarted: false }])).toBe(true);
  });
  test('once reviews have started in any round, the competition has opened: no checklist', () => {
    expect(setupChecklistShown([{ reviewsStarted: true }, { reviewsStarted: false }])).toBe(false);
    expect(setupChecklistShown([{ reviewsStarted: false }, { reviewsStarted: true }])).toBe(false);
  });
});
