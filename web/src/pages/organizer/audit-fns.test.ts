import { describe, expect, test } from 'vitest';
import { dayRange, diffRecord, showValue } from './audit-fns.ts';

describe('diffRecord', () => {
  test('lists only the fields that changed, following nested objects', () => {
    expect(
      diffRecord(
        { status: 'submitted', title: 'A', team: { name: 'X', country: 'CN' }, updatedAt: '1' },
        { status: 'withdrawn', title: 'A', team: { name: 'X', country: 'DE' }, updatedAt: '2', reason: 'r' },
      ),
    ).toEqual([
      { path: 'status', before: 'submitted', after: 'withdrawn' },
      { path: 'team.country', before: 'CN', after: 'DE' },
      { path: 'reason', before: undefined, after: 'r' },
    ]);
  });

  test('a creation lists every field as added; a removal every field as removed', () => {
    expect(diffRecord(null, { name: 'AI', code: 'AI' })).toEqual([
      { path: 'name', before: undefined, after: 'AI' },
      { path: 'code', before: undefined, after: 'AI' },
    ]);
    expect(diffRecord({ email: 'a@b.c' }, null)).toEqual([
      { path: 'email', before: 'a@b.c', after: undefined },
    ]);
  });

  test('lists compare whole, and equal records have no changes', () => {
    expect(diffRecord({ tags: [1, 2] }, { tags: [1, 2] })).toEqual([]);
    expect(diffRecord({ tags: [1, 2] }, { tags: [2, 1] })).toEqual([
      { path: 'tags', before: [1, 2], after: [2, 1] },
    ]);
  });
});

test('showValue cuts long values and writes non-strings as JSON', () => {
  expect(showValue('x'.repeat(10), 5)).toBe('xxxx…');
  expect(showValue({ a: 1 })).toBe('{"a":1}');
  expect(showValue(undefined)).toBe('');
});

test('dayRange spans whole days in the zone the converter reads', () => {
  const utc = (wall: string) => `${wall}:00.000Z`;
  expect(dayRange('2026-07-01', '2026-07-02', utc)).toEqual({
    from: '2026-07-01T00:00:00.000Z',
    to: '2026-07-02T23:59:59.999Z',
  });
  expect(dayRange('', '', utc)).toEqual({});
});
