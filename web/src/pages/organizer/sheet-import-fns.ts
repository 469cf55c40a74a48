import { importTeamSchema, type JudgeInput, judgeInputSchema, type Track } from '@wuzhen/shared';

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

export type EntrySheetField =
  | 'team'
  | 'organization'
  | 'country'
  | 'members'
  | 'emails'
  | 'track'
  | 'title'
  | 'summary'
  | 'description'
  | 'websiteUrl'
  | 'videoUrl';
export const entryFields: readonly FieldSpec<EntrySheetField>[] = [
  { key: 'team', aliases: ['team', 'team name', '团队', '团队名称'], required: true },
  {
    key: 'organization',
    aliases: ['organization', 'organisation', 'org', 'company', 'institution', '单位', '机构'],
    required: true,
  },
  {
    key: 'country',
    aliases: ['country', 'region', 'country or region', '国家', '国家或地区'],
    required: true,
  },
  {
    key: 'members',
    aliases: ['members', 'member names', 'team members', '成员', '团队成员'],
    required: false,
  },
  {
    key: 'emails',
    aliases: ['emails', 'member emails', 'email', 'e-mail', '邮箱', '成员邮箱'],
    required: false,
  },
  { key: 'track', aliases: ['track', 'track code', '赛道'], required: true },
  {
    key: 'title',
    aliases: ['title', 'project', 'project title', 'entry', '标题', '项目名称'],
    required: true,
  },
  { key: 'summary', aliases: ['summary', 'abstract', 'pitch', '简介', '摘要'], required: true },
  { key: 'description', aliases: ['description', 'details', '描述', '详细介绍'], required: false },
  { key: 'websiteUrl', aliases: ['website', 'website url', 'url', 'web', '网站'], required: false },
  { key: 'videoUrl', aliases: ['video', 'video url', 'demo video', '视频'], required: false },
];

/** One row of an entries sheet: its team (repeated on each of the team's rows) and one entry. */
export type EntrySheetValue = {
  team: {
    name: string;
    organization: string;
    country: string;
    members: Array<{ name: string; email: string }>;
  };
  entry: {
    trackId: string;
    title: string;
    summary: string;
    description: string;
    websiteUrl?: string;
    videoUrl?: string;
  };
};

const teamKey = (team: EntrySheetValue['team']) =>
  `${normalize(team.name)}|${normalize(team.organization)}|${team.country.toUpperCase()}`;

/**
 * The entries of a sheet, one per row, each checked in the browser with the schema the API's
 * import uses (a team with this one entry) and its track against the competition's (by code,
 * name or id), so every problem shows at its row before anything is sent. Rows naming the same
 * team (name, organization and country) become one team with several entries.
 */
export function entriesFromSheet(
  sheet: Sheet,
  mapping: Mapping<EntrySheetField>,
  tracks: readonly Pick<Track, 'id' | 'code' | 'name'>[],
): SheetRow<EntrySheetValue>[] {
  const trackOf = new Map<string, string>();
  for (const track of tracks) {
    for (const ref of [track.id, track.code, track.name]) trackOf.set(normalize(ref), track.id);
  }
  const membersOf = new Map<string, number>();
  return sheet.rows.map((row, i) => {
    const line = i + 2;
    const errors: string[] = [];
    const names = splitList(cell(row, mapping.members));
    const emails = splitList(cell(row, mapping.emails));
    if (names.length !== emails.length && names.length > 0 && emails.length > 0)
      errors.push(`members: ${names.length} names but ${emails.length} emails; give one email per member`);
    else if (names.length === 0 && emails.length > 0)
      errors.push('members: name each member beside their email');
    const trackText = cell(row, mapping.track);
    const trackId = trackText ? trackOf.get(normalize(trackText)) : undefined;
    if (trackText && !trackId) errors.push(`track: no track "${trackText}"`);
    const optional = (text: string) => (text ? text : undefined);
    const value: EntrySheetValue = {
      team: {
        name: cell(row, mapping.team),
        organization: cell(row, mapping.organization),
        country: cell(row, mapping.country).toUpperCase(),
        members: names.map((name, j) => ({ name, email: emails[j] ?? '' })),
      },
      entry: {
        trackId: trackId ?? trackText,
        title: cell(row, mapping.title),
        summary: cell(row, mapping.summary),
        description: cell(row, mapping.description),
        ...(optional(cell(row, mapping.websiteUrl)) ? { websiteUrl: cell(row, mapping.websiteUrl) } : {}),
        ...(optional(cell(row, mapping.videoUrl)) ? { videoUrl: cell(row, mapping.videoUrl) } : {}),
      },
    };
    const parsed = importTeamSchema.safeParse({ ...value.team, entries: [value.entry] });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path[0] === 'entries' ? issue.path.slice(2) : issue.path;
        errors.push(`${path.join('.') || 'row'}: ${issue.message}`);
      }
    }
    const key = teamKey(value.team);
    const entriesOfTeam = (membersOf.get(key) ?? 0) + 1;
    membersOf.set(key, entriesOfTeam);
    if (entriesOfTeam > 50) errors.push('team: a team brings at most 50 entries');
    return { line, value, errors };
  });
}

/**
 * The rows grouped into the import's teams (rows naming the same team join it, members merged by
 * email), with each team's sheet lines, so an error the server reports for team i, entry j points
 * back at the line it came from.
 */
export function teamsOfRows(rows: readonly SheetRow<EntrySheetValue>[]) {
  const byKey = new Map<
    string,
    { team: EntrySheetValue['team'] & { entries: EntrySheetValue['entry'][] }; lines: number[] }
  >();
  for (const { line, value } of rows) {
    const key = teamKey(value.team);
    const found = byKey.get(key);
    if (!found) {
      byKey.set(key, {
        team: { ...value.team, members: [...value.team.members], entries: [value.entry] },
        lines: [line],
      });
      continue;
    }
    found.team.entries.push(value.entry);
    found.lines.push(line);
    for (const member of value.team.members) {
      if (!found.team.members.some((m) => m.email.toLowerCase() === member.email.toLowerCase()))
        found.team.members.push(member);
    }
  }
  const groups = [...byKey.values()];
  return { teams: groups.map((g) => g.team), lines: groups.map((g) => g.lines) };
}
