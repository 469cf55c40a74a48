import { describe, expect, test } from 'vitest';
import { guessMapping, judgeFields, judgesFromSheet } from './sheet-import-fns.ts';

const tracks = [
  { id: 't1', code: 'AI', name: 'Artificial Intelligence' },
  { id: 't2', code: 'MED', name: 'Digital Medicine' },
];

describe('guessMapping', () => {
  test('finds columns by their usual names, in English or Chinese, in any order', () => {
    expect(guessMapping(['E-mail', 'Full_Name', '国家', 'Tracks', 'Notes'], judgeFields)).toEqual({
      name: 1,
      email: 0,
      organization: null,
      country: 2,
      expertise: 3,
      capacity: null,
    });
  });
});

describe('judgesFromSheet', () => {
  const mapping = guessMapping(
    ['name', 'email', 'organization', 'country', 'expertise', 'capacity'],
    judgeFields,
  );
  test('reads good rows and puts each problem at its spreadsheet row', () => {
    const rows = judgesFromSheet(
      {
        headers: [],
        rows: [
          ['Zhao Min', 'zhao@zju.edu.cn', 'ZJU', 'cn', 'AI; Digital Medicine', '20'],
          ['', 'not-an-email', '', 'China', 'Quantum', 'lots'],
          ['Weber', 'ZHAO@zju.edu.cn', '', 'DE', '', ''],
        ],
      },
      mapping,
      tracks,
    );
    expect(rows[0]).toEqual({
      line: 2,
      value: {
        name: 'Zhao Min',
        email: 'zhao@zju.edu.cn',
        organization: 'ZJU',
        country: 'CN',
        expertise: ['AI', 'Digital Medicine'],
        capacity: 20,
      },
      errors: [],
    });
    expect(rows[1]!.line).toBe(3);
    const problems = rows[1]!.errors.join('\n');
    for (const field of ['name', 'email', 'country', 'capacity']) expect(problems).toContain(`${field}:`);
    expect(problems).toContain('no track "Quantum"');
    expect(rows[2]!.errors).toEqual(['email: also on row 2']);
  });
});
