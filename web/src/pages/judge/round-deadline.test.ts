import { describe, expect, test } from 'vitest';
import { roundDeadlineKey } from './round-deadline.ts';

describe('roundDeadlineKey', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  test.each([
    ['2026-12-14T00:00:00Z', 'mine.closes'],
    ['2026-12-05T00:00:00Z', 'mine.closed'],
    ['2026-12-07T00:00:00Z', 'mine.closed'],
  ])('a round closing at %s reads %s', (closesAt, key) => {
    expect(roundDeadlineKey(closesAt, now)).toBe(key);
  });
});
