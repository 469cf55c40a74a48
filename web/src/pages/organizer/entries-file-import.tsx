import { notifications } from '@mantine/notifications';
import type { ImportError, Track } from '@wuzhen/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useImportEntries } from '../../api/entries.ts';
import { SheetFileImport } from './sheet-file-import.tsx';
import {
  type EntrySheetField,
  type EntrySheetValue,
  entriesFromSheet,
  entryFields,
  type Mapping,
  type Sheet,
  type SheetRow,
  teamsOfRows,
} from './sheet-import-fns.ts';

const isImportError = (value: unknown): value is ImportError =>
  typeof value === 'object' && value !== null && typeof (value as ImportError).row === 'number';

/**
 * Teams and entries from a CSV or XLSX file, one entry per row (a team's details repeated on each
 * of its rows), checked row by row in the browser and imported all at once, submitted.
 */
export function EntriesFileImport({
  competitionId,
  tracks,
  onDone,
}: {
  competitionId: string;
  tracks: readonly Track[];
  onDone: () => void;
}) {
  const { t } = useTranslation('entries');
  const importEntries = useImportEntries(competitionId);
  const toRows = useCallback(
    (sheet: Sheet, mapping: Mapping<EntrySheetField>) => entriesFromSheet(sheet, mapping, tracks),
    [tracks],
  );
  const trackCode = new Map(tracks.map((track) => [track.id, track.code]));

  // The server numbers teams and their entries from 1; each goes back to the line it came from.
  const serverErrors = (rows: SheetRow<EntrySheetValue>[]) => {
    const { lines } = teamsOfRows(rows);
    const details =
      importEntries.error instanceof ApiError && Array.isArray(importEntries.error.details)
        ? importEntries.error.details.filter(isImportError)
        : [];
    return details.map((issue) => {
      const line = lines[issue.row - 1]?.[(issue.entry ?? 1) - 1];
      return {
        key: `${issue.path}:${issue.message}`,
        ...(line !== undefined ? { line } : {}),
        message: `${issue.path.replace(/^teams\[\d+\]\.?/, '')}: ${issue.message}`,
      };
    });
  };

  return (
    <SheetFileImport
      title={t('import.sheetTitle')}
      hint={t('import.sheetHint')}
      fields={entryFields}
      fieldLabel={(key) => t(`import.fields.${key}`)}
      toRows={toRows}
      cells={({ team, entry }) => [
        team.name,
        team.organization,
        team.country,
        team.members.map((m) => m.name).join(', '),
        team.members.map((m) => m.email).join(', '),
        trackCode.get(entry.trackId) ?? entry.trackId,
        entry.title,
        entry.summary,
        entry.description.length > 80 ? `${entry.description.slice(0, 79)}…` : entry.description,
        entry.websiteUrl ?? '',
        entry.videoUrl ?? '',
      ]}
      importLabel={(count) => t('import.importEntries', { count })}
      onImport={async (rows) => {
        try {
          const result = await importEntries.mutateAsync({ teams: teamsOfRows(rows).teams });
          notifications.show({
            color: 'teal',
            message: t('import.done', { teams: result.imported.teams, entries: result.imported.entries }),
          });
          onDone();
          return true;
        } catch {
          return false;
        }
      }}
      pending={importEntries.isPending}
      error={importEntries.error}
      serverErrors={serverErrors}
      reset={importEntries.reset}
      previewMinWidth={1600}
    />
  );
}
