import { describe, expect, test } from 'vitest';
import { neutralizeFormula, toCsv } from './csv.ts';

describe('toCsv', () => {
  test.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ['+1+1', `'+1+1`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['A fair title = fine', 'A fair title = fine'],
    ['', ''],
  ])('%j is written as %j', (text, expected) => {
    expect(neutralizeFormula(text)).toBe(expected);
  });

  test('every text cell is neutralized; numbers, booleans and dates stay as they are', () => {
    const csv = toCsv({
      columns: ['title', 'score', 'tie', 'at'],
      rows: [
        { title: '=1+1', score: -1.5, tie: true, at: new Date('2026-01-02T03:04:05Z') },
        { title: 'Plain', score: 2, tie: false, at: '' },
      ],
    });
    expect(csv).toBe("\uFEFFtitle,score,tie,at\n'=1+1,-1.5,yes,2026-01-02T03:04:05.000Z\nPlain,2,no,\n");
  });
});
