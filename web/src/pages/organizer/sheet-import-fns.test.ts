import { describe, expect, test } from 'vitest';
import {
  entriesFromSheet,
  entryFields,
  guessMapping,
  judgeFields,
  judgesFromSheet,
  teamsOfRows,
} from './sheet-import-fns.ts';

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

describe('entriesFromSheet', () => {
  const tracks = [
    { id: 't-ai', code: 'AI', name: 'Artificial Intelligence' },
    { id: 't-dm', code: 'DM', name: 'Digital Medicine' },
  ];
  const headers = ['Team', 'Organisation', 'Country', 'Members', 'Emails', 'Track', 'Title', 'Summary'];
  const sheet = {
    headers,
    rows: [
      [
        'Lumen',
        'Lumen Ltd',
        'sg',
        'Mei Tan; Bo Li',
        'mei@l.example; bo@l.example',
        'ai',
        'Edge LLM',
        'Runs offline.',
      ],
      ['Lumen', 'Lumen Ltd', 'SG', 'Mei Tan', 'mei@l.example', 'Digital Medicine', 'Scan AI', 'Reads scans.'],
      ['', 'X', 'Narnia', 'Solo', '', 'QUANTUM', '', ''],
    ],
  };

  test('maps the columns, checks each row with the API schema, and groups rows into teams', () => {
    const mapping = guessMapping(headers, entryFields);
    expect(mapping).toMatchObject({ team: 0, organization: 1, country: 2, track: 5, title: 6, summary: 7 });
    const rows = entriesFromSheet(sheet, mapping, tracks);
    expect(rows[0]).toMatchObject({ line: 2, errors: [] });
    expect(rows[0]!.value.entry.trackId).toBe('t-ai');
    expect(rows[1]!.value.entry.trackId).toBe('t-dm');
    expect(rows[2]!.line).toBe(4);
    expect(rows[2]!.errors.join('; ')).toMatch(
      /track: no track "QUANTUM".*name:.*country:.*title:.*summary:/,
    );
    const { teams, lines } = teamsOfRows(rows.slice(0, 2));
    expect(teams).toHaveLength(1);
    expect(teams[0]!.entries.map((e) => e.title)).toEqual(['Edge LLM', 'Scan AI']);
    expect(teams[0]!.members).toHaveLength(2);
    expect(lines).toEqual([[2, 3]]);
  });

  test('names and emails must pair up', () => {
    const rows = entriesFromSheet(
      { headers, rows: [['T', 'O', 'CN', 'A; B', 'a@x.example', 'AI', 'Title', 'Sum']] },
      guessMapping(headers, entryFields),
      tracks,
    );
    expect(rows[0]!.errors[0]).toBe('members: 2 names but 1 emails; give one email per member');
  });
});
