import { type JudgeInput, judgeInputSchema, type Track } from '@wuzhen/shared';

/** A spreadsheet's first sheet: its header row and the rows under it, every cell as text. */
export type Sheet = { headers: string[]; rows: string[][] };

export type FieldSpec<K extends string> = { key: K; aliases: readonly string[]; required: boolean };

export type JudgeField = 'name' | 'email' | 'organization' | 'country' | 'expertise' | 'capacity';
export const judgeFields: readonly FieldSpec<JudgeField>[] = [
  { key: 'name', aliases: ['name', 'full name', 'judge', '姓名'], required: true },
  { key: 'email', aliases: ['email', 'e-mail', 'mail', '邮箱', '电子邮件'], required: true },
  {
    key: 'organization',
    aliases: ['organization', 'organisation', 'org', 'affiliation', '单位'],
    required: false,
  },
  {
    key: 'country',
    aliases: ['country', 'region', 'country or region', '国家', '国家或地区'],
    required: true,
  },
  { key: 'expertise', aliases: ['expertise', 'tracks', 'track', '专长', '赛道'], required: false },
  { key: 'capacity', aliases: ['capacity', 'max entries', '容量'], required: false },
];

export type Mapping<K extends string> = Record<K, number | null>;

const normalize = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/** Each field's column, guessed from the header names (case, spaces and underscores ignored). */
export function guessMapping<K extends string>(headers: readonly string[], fields: readonly FieldSpec<K>[]) {
  const names = headers.map(normalize);
  const mapping = {} as Mapping<K>;
  for (const field of fields) {
    const aliases = field.aliases.map(normalize);
    const index = names.findIndex((name) => aliases.includes(name));
    mapping[field.key] = index >= 0 ? index : null;
  }
  return mapping;
}

export type SheetRow<T> = {
  /** The row's number in the spreadsheet as its author sees it: the header is row 1. */
  line: number;
  value: T;
  errors: string[];
};

const cell = (row: readonly string[], index: number | null) =>
  index === null ? '' : (row[index] ?? '').trim();
const splitList = (text: string) =>
  text
    .split(/[;|、，,]/)
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * The judges of a sheet under a column mapping, each row checked in the browser with the same
 * schema the API uses (and its tracks against the competition's), so every problem shows at its
 * row before anything is sent.
 */
export function judgesFromSheet(
  sheet: Sheet,
  mapping: Mapping<JudgeField>,
  tracks: readonly Pick<Track, 'id' | 'code' | 'name'>[],
): SheetRow<JudgeInput>[] {
  const known = new Set(tracks.flatMap((t) => [t.id, t.code.toLowerCase(), t.name.toLowerCase()]));
  const seen = new Map<string, number>();
  return sheet.rows.map((row, i) => {
    const line = i + 2;
    const capacityText = cell(row, mapping.capacity);
    const value: JudgeInput = {
      name: cell(row, mapping.name),
      email: cell(row, mapping.email),
      organization: cell(row, mapping.organization),
      country: cell(row, mapping.country).toUpperCase(),
      expertise: splitList(cell(row, mapping.expertise)),
      ...(capacityText ? { capacity: Number(capacityText) } : {}),
    };
    const errors: string[] = [];
    const parsed = judgeInputSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push(`${issue.path.join('.') || 'row'}: ${issue.message}`);
    }
    for (const ref of value.expertise ?? []) {
      if (!known.has(ref) && !known.has(ref.toLowerCase())) errors.push(`expertise: no track "${ref}"`);
    }
    const email = value.email.toLowerCase();
    const earlier = seen.get(email);
    if (email && earlier !== undefined) errors.push(`email: also on row ${earlier}`);
    else if (email) seen.set(email, line);
    return { line, value, errors };
  });
}
