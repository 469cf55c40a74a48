import { stringify } from 'csv-stringify/sync';

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return before one) as a
 * formula: `=HYPERLINK(...)` in a team's title would become a live link in the organizer's Excel.
 * Every text cell so starting is prefixed with an apostrophe, which spreadsheets show as text.
 * Numbers, booleans and dates are written by the code, never by a person, and stay as they are.
 */
export const neutralizeFormula = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/**
 * The one CSV writer of every export: a header row, one row per record, formulas neutralized,
 * UTF-8 with a byte order mark (Excel reads UTF-8, and so Chinese names, correctly only with it).
 */
export function toCsv({ columns, rows }: { columns: string[]; rows: Array<Record<string, unknown>> }) {
  const body = stringify(rows, {
    header: true,
    columns,
    cast: {
      string: neutralizeFormula,
      boolean: (b) => (b ? 'yes' : 'no'),
      date: (d) => d.toISOString(),
    },
  });
  return `\uFEFF${body}`;
}
