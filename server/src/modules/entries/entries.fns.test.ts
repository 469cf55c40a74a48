import { describe, expect, test } from 'vitest';
import {
  decodeCursor,
  describeImportErrors,
  encodeCursor,
  missingForSubmission,
  validateImport,
} from './entries.fns.ts';

const entry = { title: 'A', summary: 'B', trackId: 't1' };

test.each([
  [entry, 1, []],
  [entry, 0, ['deck']],
  [{ ...entry, title: '  ' }, 1, ['title']],
  [{ title: '', summary: '', trackId: null }, 0, ['title', 'summary', 'track', 'deck']],
])('missingForSubmission(%j, %d decks) = %j', (e, deckCount, missing) => {
  expect(missingForSubmission({ entry: e, deckCount })).toEqual(missing);
});

test('a cursor round-trips, and anything else is refused', () => {
  expect(decodeCursor(encodeCursor('2026-01-01 00:00:00.000000', 'abc'))).toEqual([
    '2026-01-01 00:00:00.000000',
    'abc',
  ]);
  expect(decodeCursor('not-a-cursor')).toBeNull();
  expect(decodeCursor(Buffer.from('[1,2]').toString('base64url'))).toBeNull();
});

describe('validateImport', () => {
  const tracks = [
    { id: 'track-ai', code: 'AI' },
    { id: 'track-med', code: 'MED' },
  ];
  const team = (overrides: Record<string, unknown> = {}) => ({
    name: 'Lumen Labs',
    organization: 'Lumen',
    country: 'sg',
    members: [{ name: 'Mei', email: 'mei@lumen.example' }],
    entries: [{ trackId: 'ai', title: 'Edge LLM', summary: 'Small models.' }],
    ...overrides,
  });

  test('resolves tracks by id or code and normalizes countries', () => {
    const result = validateImport({
      teams: [team(), team({ entries: [{ trackId: 'track-med', title: 'X', summary: 'Y' }] })],
      tracks,
    });
    expect(result.errors).toEqual([]);
    expect(result.teams.map((t) => [t.country, t.entries[0]!.trackId])).toEqual([
      ['SG', 'track-ai'],
      ['SG', 'track-med'],
    ]);
  });

  test('reports every problem with its 1-based row and entry, and returns no teams', () => {
    const result = validateImport({
      teams: [
        team(),
        team({ country: 'Mars' }),
        'nonsense',
        team({
          entries: [
            { trackId: 'AI', title: 'ok', summary: 'ok' },
            { trackId: 'LAW', title: 'x', summary: '' },
          ],
        }),
      ],
      tracks,
    });
    expect(result.teams).toEqual([]);
    expect(result.errors.map((e) => [e.row, e.entry, e.path])).toEqual([
      [2, undefined, 'teams[1].country'],
      [3, undefined, 'teams[2]'],
      [4, 2, 'teams[3].entries[1].summary'],
      [4, 2, 'teams[3].entries[1].trackId'],
    ]);
    expect(describeImportErrors(result.errors)).toMatch(
      /^4 problems in 3 rows; nothing was imported\. First, row 2 \(teams\[1\]\.country\)/,
    );
  });
});
