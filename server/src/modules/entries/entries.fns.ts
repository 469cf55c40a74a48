import {
  type Entry,
  type EntryFile,
  type EntryListItem,
  type ImportError,
  importTeamSchema,
  type Team,
} from '@wuzhen/shared';
import type { z } from 'zod';
import type { FileRow } from '../uploads/uploads.repository.ts';
import type { EntryRow, TeamMemberRow, TeamRow } from './entries.repository.ts';

export type Missing = Entry['missing'][number];

/** What an entry still lacks before it may be submitted: a title, a summary, a track and a deck. */
export function missingForSubmission({
  entry,
  deckCount,
}: {
  entry: Pick<EntryRow, 'title' | 'summary' | 'trackId'>;
  deckCount: number;
}): Missing[] {
  const missing: Missing[] = [];
  if (!entry.title.trim()) missing.push('title');
  if (!entry.summary.trim()) missing.push('summary');
  if (!entry.trackId) missing.push('track');
  if (deckCount === 0) missing.push('deck');
  return missing;
}

const missingSentences: Record<Missing, string> = {
  title: 'Give the entry a title.',
  summary: 'Write a summary of at most 300 characters.',
  track: 'Choose a track.',
  deck: 'Upload a pitch deck (PDF).',
};
export const describeMissing = (missing: Missing[]) =>
  missing.map((m) => ({ path: m, message: missingSentences[m] }));

export const toFile = (row: FileRow): EntryFile => ({
  id: row.id,
  entryId: row.entryId,
  kind: row.kind,
  name: row.name,
  size: row.size,
  mime: row.mime,
  sha256: row.sha256,
  createdAt: row.createdAt.toISOString(),
});

export const toTeam = (row: TeamRow, members: TeamMemberRow[]): Team => ({
  id: row.id,
  competitionId: row.competitionId,
  name: row.name,
  organization: row.organization,
  country: row.country,
  members: members.filter((m) => m.teamId === row.id).map((m) => ({ name: m.name, email: m.email })),
  hasOwner: row.ownerId !== null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const entryBase = (entry: EntryRow, team: TeamRow, editable: boolean, deckCount: number) => ({
  id: entry.id,
  competitionId: entry.competitionId,
  teamId: entry.teamId,
  trackId: entry.trackId,
  title: entry.title,
  summary: entry.summary,
  websiteUrl: entry.websiteUrl,
  videoUrl: entry.videoUrl,
  avoidOrganizations: entry.avoidOrganizations,
  status: entry.status,
  submittedAt: entry.submittedAt?.toISOString() ?? null,
  deadlineExtendedUntil: entry.deadlineExtendedUntil?.toISOString() ?? null,
  createdAt: entry.createdAt.toISOString(),
  updatedAt: entry.updatedAt.toISOString(),
  team: { id: team.id, name: team.name, organization: team.organization, country: team.country },
  editable,
  missing: missingForSubmission({ entry, deckCount }),
});

export const toEntry = ({
  entry,
  team,
  files,
  editable,
}: {
  entry: EntryRow;
  team: TeamRow;
  files: FileRow[];
  editable: boolean;
}): Entry => ({
  ...entryBase(entry, team, editable, files.filter((f) => f.kind === 'deck').length),
  description: entry.description,
  files: files.filter((f) => f.entryId === entry.id).map(toFile),
});

export const toEntryListItem = ({
  entry,
  team,
  fileCounts,
  editable,
}: {
  entry: EntryRow;
  team: TeamRow;
  fileCounts: EntryListItem['fileCounts'];
  editable: boolean;
}): EntryListItem => ({ ...entryBase(entry, team, editable, fileCounts.deck), fileCounts });

/** An opaque cursor: the sort key and id of the last row of a page. */
export const encodeCursor = (sortKey: string, id: string) =>
  Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');

export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return [value[0] as string, value[1] as string];
    }
  } catch {
    // falls through: not one of ours
  }
  return null;
}

export type ImportTeam = z.infer<typeof importTeamSchema>;
export type ResolvedImportTeam = Omit<ImportTeam, 'entries'> & {
  entries: Array<ImportTeam['entries'][number] & { trackId: string }>;
};

const pathOf = (segments: PropertyKey[]) =>
  segments.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : `${out}.${String(s)}`), '');

/**
 * Checks a whole import before anything is written: every row against the team and entry rules,
 * and every track against the competition's tracks (by id or by code). Rows are 1-based, as a
 * person counting lines in a spreadsheet would number them.
 */
export function validateImport({
  teams,
  tracks,
}: {
  teams: unknown[];
  tracks: Array<{ id: string; code: string }>;
}): { errors: ImportError[]; teams: ResolvedImportTeam[] } {
  const trackIdOf = new Map<string, string>();
  for (const t of tracks) {
    trackIdOf.set(t.id, t.id);
    trackIdOf.set(t.code.toUpperCase(), t.id);
  }
  const errors: ImportError[] = [];
  const resolved: ResolvedImportTeam[] = [];
  const resolveTrack = (row: number, i: number, j: number, given: unknown) => {
    if (typeof given !== 'string' || !given.trim()) return null; // the schema reports it
    const trackId = trackIdOf.get(given.trim()) ?? trackIdOf.get(given.trim().toUpperCase());
    if (!trackId) {
      errors.push({
        row,
        entry: j + 1,
        path: `teams[${i}].entries[${j}].trackId`,
        message: `No track of this competition has the id or code "${given.trim()}".`,
      });
    }
    return trackId ?? null;
  };
  teams.forEach((raw, i) => {
    const row = i + 1;
    const parsed = importTeamSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const entryIndex =
          issue.path[0] === 'entries' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
        errors.push({
          row,
          ...(entryIndex !== null ? { entry: entryIndex + 1 } : {}),
          path: `teams[${i}]${pathOf(issue.path)}`,
          message: issue.message,
        });
      }
      // The tracks are checked too, so one pass over the file shows every problem.
      const rawEntries = (raw as { entries?: unknown })?.entries;
      if (Array.isArray(rawEntries)) {
        for (const [j, e] of rawEntries.entries())
          resolveTrack(row, i, j, (e as { trackId?: unknown })?.trackId);
      }
      return;
    }
    const entries = parsed.data.entries.map((entry, j) => ({
      ...entry,
      trackId: resolveTrack(row, i, j, entry.trackId) ?? '',
    }));
    resolved.push({ ...parsed.data, entries });
  });
  return { errors, teams: errors.length === 0 ? resolved : [] };
}

/** A one-line account of an import's problems, for the error message; the details list them all. */
export function describeImportErrors(errors: ImportError[]) {
  const first = errors[0];
  if (!first) return 'The import is not valid.';
  const where = `row ${first.row}${first.entry ? `, entry ${first.entry}` : ''}`;
  const rows = new Set(errors.map((e) => e.row)).size;
  return `${errors.length} problem${errors.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}; nothing was imported. First, ${where} (${first.path}): ${first.message}`;
}

export type ExportEntryRow = {
  entry: EntryRow;
  team: TeamRow;
  members: Array<{ name: string; email: string }>;
  decks: number;
  videos: number;
  images: number;
};

/** The columns of the entries export, in order; the CSV and the XLSX carry the same. */
export const entryExportColumns = [
  'id',
  'title',
  'status',
  'trackCode',
  'track',
  'team',
  'organization',
  'country',
  'members',
  'emails',
  'summary',
  'websiteUrl',
  'videoUrl',
  'decks',
  'videos',
  'images',
  'submittedAt',
  'deadlineExtendedUntil',
  'createdAt',
  'updatedAt',
] as const;

/** One flat record per entry, every value a string, a number or a date (the writers format them). */
export function toExportRows(
  rows: ExportEntryRow[],
  tracks: Map<string, { code: string; name: string }>,
): { columns: string[]; rows: Array<Record<(typeof entryExportColumns)[number], unknown>> } {
  return {
    columns: [...entryExportColumns],
    rows: rows.map(({ entry, team, members, decks, videos, images }) => {
      const track = entry.trackId ? tracks.get(entry.trackId) : undefined;
      return {
        id: entry.id,
        title: entry.title,
        status: entry.status,
        trackCode: track?.code ?? '',
        track: track?.name ?? '',
        team: team.name,
        organization: team.organization,
        country: team.country,
        members: members.map((m) => m.name).join('; '),
        emails: members.map((m) => m.email).join('; '),
        summary: entry.summary,
        websiteUrl: entry.websiteUrl ?? '',
        videoUrl: entry.videoUrl ?? '',
        decks,
        videos,
        images,
        submittedAt: entry.submittedAt ?? '',
        deadlineExtendedUntil: entry.deadlineExtendedUntil ?? '',
        createdAt: entry.createdAt,
        updatedAt: entry.updatedAt,
      };
    }),
  };
}
