import { describe, expect, it } from 'vitest';
import { matchesQuery, parseCsv, parseJudgeList, sortBy } from './judges-fns.ts';

describe('parseCsv', () => {
  it('keeps separators, quotes and newlines inside quoted cells, and skips blank lines', () => {
    const rows = parseCsv('a,b\n"x, y","say ""hi"""\n\n"two\nlines",z\r\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['two\nlines', 'z'] },
    ]);
  });
});

describe('parseJudgeList', () => {
  it('reads CSV with a header, lists of tracks and an optional capacity', () => {
    const parsed = parseJudgeList(
      'Name,Email,Organisation,Country,Expertise,Capacity\n' +
        'Zhao Min,zhao@zju.edu.cn,"Zhejiang University, CS",CN,AI;OSS,12\n' +
        'Hannah Weber,hw@fraunhofer.de,Fraunhofer,DE,IIOT | SENSE,\n',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.lines).toEqual([2, 3]);
    expect(parsed.judges).toEqual([
      {
        name: 'Zhao Min',
        email: 'zhao@zju.edu.cn',
        organization: 'Zhejiang University, CS',
        country: 'CN',
        expertise: ['AI', 'OSS'],
        capacity: 12,
      },
      {
        name: 'Hannah Weber',
        email: 'hw@fraunhofer.de',
        organization: 'Fraunhofer',
        country: 'DE',
        expertise: ['IIOT', 'SENSE'],
      },
    ]);
  });

  it('reads tab-separated text pasted from a spreadsheet', () => {
    const parsed = parseJudgeList('name\temail\tcountry\nAna\tana@x.example\tBR');
    expect(parsed.judges).toEqual([
      { name: 'Ana', email: 'ana@x.example', organization: '', country: 'BR', expertise: [] },
    ]);
  });

  it('reads JSON, as a list or wrapped in { judges }', () => {
    const one = {
      name: 'A',
      email: 'a@x.example',
      organization: 'X',
      country: 'CN',
      expertise: ['AI'],
      capacity: 3,
    };
    expect(parseJudgeList(JSON.stringify([one])).judges).toEqual([one]);
    expect(parseJudgeList(JSON.stringify({ judges: [one] })).judges).toEqual([one]);
  });

  it.each([
    ['', 'empty'],
    ['{ not json', 'not valid JSON'],
    ['{"x": 1}', 'expected a list'],
    ['name,organization\nA,B', 'missing columns: email, country'],
    ['name,email,country,capacity\nA,a@x.example,CN,lots', 'capacity "lots"'],
  ])('says what is wrong with %j', (text, message) => {
    const parsed = parseJudgeList(text);
    expect(parsed.problems.map((p) => p.message).join(' ')).toContain(message);
  });
});

describe('sortBy and matchesQuery', () => {
  it('sorts numbers numerically and text by locale, keeping ties in order', () => {
    const rows = [
      { name: 'b', n: 10 },
      { name: 'a', n: 9 },
      { name: 'c', n: 10 },
    ];
    expect(sortBy(rows, (r) => r.n, 'ascending', 'en').map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(sortBy(rows, (r) => r.n, 'descending', 'en').map((r) => r.name)).toEqual(['b', 'c', 'a']);
    expect(sortBy(rows, (r) => r.name, 'descending', 'en').map((r) => r.name)).toEqual(['c', 'b', 'a']);
  });

  it('matches every word, ignoring case and accents', () => {
    expect(matchesQuery('muller fraun', 'Dr. Hannah Müller', 'Fraunhofer')).toBe(true);
    expect(matchesQuery('weber', 'Dr. Hannah Müller')).toBe(false);
    expect(matchesQuery('  ', 'anything')).toBe(true);
  });
});
