import { describe, expect, test } from 'vitest';
import { loadDistribution } from './assignment-fns.ts';

describe('loadDistribution', () => {
  test('counts judges per load, ascending, apart for those over capacity', () => {
    const judges = [
      { load: 12, capacity: 20 },
      { load: 3, capacity: 20 },
      { load: 12, capacity: 10 },
      { load: 12, capacity: 12 },
    ];
    expect(loadDistribution(judges)).toEqual([
      { load: '3', within: 1, over: 0 },
      { load: '12', within: 2, over: 1 },
    ]);
  });

  test('150 judges make as many bars as there are distinct loads', () => {
    const judges = Array.from({ length: 150 }, (_, i) => ({ load: 18 + (i % 3), capacity: 20 }));
    const rows = loadDistribution(judges);
    expect(rows.map((r) => r.load)).toEqual(['18', '19', '20']);
    expect(rows.reduce((n, r) => n + r.within + r.over, 0)).toBe(150);
  });

  test('no judges, no bars', () => {
    expect(loadDistribution([])).toEqual([]);
  });
});
