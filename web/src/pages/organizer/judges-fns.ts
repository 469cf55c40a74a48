import type { JudgeInput } from '@wuzhen/shared';

/** One problem found while reading a pasted list, before anything is sent. */
export type ParseProblem = { line: number; message: string };
export type ParsedJudgeList = {
  judges: JudgeInput[];
  /** The pasted line each judge came from (1-based), to point at it when the server refuses a row. */
  lines: number[];
  problems: ParseProblem[];
};

const columnAliases: Record<string, keyof JudgeInput> = {
  name: 'name',
  'full name': 'name',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  organization: 'organization',
  organisation: 'organization',
  org: 'organization',
  affiliation: 'organization',
  country: 'country',
  region: 'country',
  expertise: 'expertise',
  tracks: 'expertise',
  track: 'expertise',
  capacity: 'capacity',
  姓名: 'name',
  邮箱: 'email',
  单位: 'organization',
  国家: 'country',
  专长: 'expertise',
  容量: 'capacity',
};

/** Splits CSV text into rows of cells: quoted cells may hold separators, quotes ("") and newlines. */
export function parseCsv(text: string, separator = ','): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === separator) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

const splitList = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map((v) => String(v).trim()).filter(Boolean)
    : String(value ?? '')
        .split(/[;|、，]/)
        .map((v) => v.trim())
        .filter(Boolean);

function toJudge(record: Record<string, unknown>, line: number, problems: ParseProblem[]): JudgeInput | null {
  const capacityText = String(record.capacity ?? '').trim();
  let capacity: number | undefined;
  if (capacityText !== '') {
    capacity = Number(capacityText);
    if (!Number.isInteger(capacity) || capacity < 0) {
      problems.push({ line, message: `capacity "${capacityText}" is not a whole number` });
      return null;
    }
  }
  return {
    name: String(record.name ?? '').trim(),
    email: String(record.email ?? '').trim(),
    organization: String(record.organization ?? '').trim(),
    country: String(record.country ?? '').trim(),
    expertise: splitList(record.expertise),
    ...(capacity !== undefined ? { capacity } : {}),
  };
}

/**
 * Reads a pasted list of judges: JSON (an array, or `{ "judges": [...] }`) or CSV/TSV with a header
 * line naming the columns (name, email, organization, country, expertise, capacity; expertise
 * tracks separated by ";" or "|", the main one first). What the server checks (emails, countries,
 * tracks) is left to it, so its row-by-row answer stays the single source of truth.
 */
export function parseJudgeList(text: string): ParsedJudgeList {
  const trimmed = text.trim();
  const problems: ParseProblem[] = [];
  const judges: JudgeInput[] = [];
  const lines: number[] = [];
  if (trimmed === '') return { judges, lines, problems: [{ line: 1, message: 'empty' }] };

  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      return {
        judges,
        lines,
        problems: [{ line: 1, message: `not valid JSON (${(err as Error).message})` }],
      };
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { judges?: unknown }).judges;
    if (!Array.isArray(list))
      return { judges, lines, problems: [{ line: 1, message: 'expected a list of judges' }] };
    list.forEach((item, i) => {
      if (typeof item !== 'object' || item === null) {
        problems.push({ line: i + 1, message: 'not an object' });
        return;
      }
      const judge = toJudge(item as Record<string, unknown>, i + 1, problems);
      if (judge) {
        judges.push(judge);
        lines.push(i + 1);
      }
    });
    return { judges, lines, problems };
  }

  const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? '';
  const separator = firstLine.includes('\t') ? '\t' : firstLine.includes(',') ? ',' : ';';
  const rows = parseCsv(trimmed, separator);
  const [header, ...body] = rows;
  const columns = (header?.cells ?? []).map((c) => columnAliases[c.trim().toLowerCase()] ?? null);
  const missing = (['name', 'email', 'country'] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return { judges, lines, problems: [{ line: 1, message: `missing columns: ${missing.join(', ')}` }] };
  }
  for (const row of body) {
    const record: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      if (column) record[column] = row.cells[i] ?? '';
    });
    const judge = toJudge(record, row.line, problems);
    if (judge) {
      judges.push(judge);
      lines.push(row.line);
    }
  }
  return { judges, lines, problems };
}

export type SortDirection = 'ascending' | 'descending';

/** Sorts by one key, numbers numerically and text by the locale; ties keep the given order. */
export function sortBy<T>(
  rows: readonly T[],
  value: (row: T) => string | number,
  direction: SortDirection,
  locale: string,
): T[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      const primary =
        typeof a.key === 'number' && typeof b.key === 'number'
          ? a.key - b.key
          : collator.compare(String(a.key), String(b.key));
      return primary !== 0 ? sign * primary : a.index - b.index;
    })
    .map((r) => r.row);
}

/** Whether every word of the query appears in one of the texts (case- and accent-insensitive). */
export function matchesQuery(query: string, ...texts: Array<string | null | undefined>): boolean {
  const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const haystack = fold(texts.filter(Boolean).join(' '));
  return fold(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
