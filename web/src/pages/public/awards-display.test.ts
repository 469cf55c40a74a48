import { describe, expect, test } from 'vitest';
import { byLadder, kindTag, levelKey, matches } from './awards-display.ts';

describe('awards display', () => {
  test.each([
    [1, 'grand'],
    [2, 'first'],
    [3, 'second'],
    [4, 'third'],
    [5, 'other'],
    [null, 'other'],
  ] as const)('level %s is %s', (level, key) => {
    expect(levelKey(level)).toBe(key);
  });

  test('the ladder first, then special awards in their order', () => {
    const list = [
      { id: 's', kind: 'special' as const, level: null, position: 1 },
      { id: 'third', kind: 'prize' as const, level: 4, position: 2 },
      { id: 'grand', kind: 'prize' as const, level: 1, position: 3 },
    ];
    expect(byLadder(list).map((a) => a.id)).toEqual(['grand', 'third', 's']);
  });

  test('matching ignores case and accents', () => {
    expect(matches('muller', 'Team Müller')).toBe(true);
    expect(matches('', null)).toBe(true);
    expect(matches('x', 'abc', null)).toBe(false);
  });

  test.each([
    ['特等奖', '特等奖', null],
    ['Grand Prize', 'Grand prize', null],
    ['First Prize — Artificial Intelligence', 'First prize', null],
    ['  Grand   Prize ', 'Grand prize', null],
    ['Digital Medical Care Award', 'Special award', 'Special award'],
    ['数字医疗专项奖', '特别奖', '特别奖'],
    ['Best pitch', 'Grand prize', 'Grand prize'],
  ])('%j beside %j: %j', (name, kind, tag) => {
    expect(kindTag(name, kind)).toBe(tag);
  });
});
