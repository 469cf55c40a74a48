import Papa from 'papaparse';
import type { Sheet } from './sheet-import-fns.ts';

/** Most rows one file may bring: the import APIs take at most 5,000 teams or 2,000 judges. */
export const maxSheetRows = 5000;

export class SpreadsheetError extends Error {}

const asText = (value: unknown) =>
  value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);

/**
 * The first sheet of a CSV (papaparse, separator detected) or XLSX (read-excel-file) file, every
 * cell as text. Read in the browser: nothing is sent until the organizer has seen the preview.
 */
export async function readSpreadsheet(file: File): Promise<Sheet> {
  const name = file.name.toLowerCase();
  let cells: string[][];
  if (name.endsWith('.xlsx')) {
    const { readSheet } = await import('read-excel-file/browser');
    try {
      cells = (await readSheet(file)).map((row) => row.map(asText));
    } catch {
      throw new SpreadsheetError('xlsx');
    }
  } else if (name.endsWith('.csv') || name.endsWith('.tsv') || name.endsWith('.txt')) {
    const parsed = Papa.parse<string[]>(await file.text(), { skipEmptyLines: 'greedy' });
    cells = parsed.data.map((row) => row.map(asText));
  } else {
    throw new SpreadsheetError('type');
  }
  const nonEmpty = cells.filter((row) => row.some((c) => c.trim() !== ''));
  const [headers, ...rows] = nonEmpty;
  if (!headers || rows.length === 0) throw new SpreadsheetError('empty');
  if (rows.length > maxSheetRows) throw new SpreadsheetError('tooMany');
  return { headers: headers.map((h) => h.trim()), rows };
}
