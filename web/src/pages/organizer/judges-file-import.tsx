import type { CreatedJudge, Track } from '@wuzhen/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useImportJudges } from '../../api/judges.ts';
import { SheetFileImport } from './sheet-file-import.tsx';
import {
  type JudgeField,
  judgeFields,
  judgesFromSheet,
  type Mapping,
  type Sheet,
} from './sheet-import-fns.ts';

type RowError = { path: string; row?: number; message: string };

/** Judges from a CSV or XLSX file, checked row by row, imported all at once. */
export function JudgesFileImport({
  competitionId,
  tracks,
  onImported,
}: {
  competitionId: string;
  tracks: readonly Track[];
  onImported: (items: CreatedJudge[]) => void;
}) {
  const { t } = useTranslation('setup');
  const importJudges = useImportJudges(competitionId);
  const toRows = useCallback(
    (sheet: Sheet, mapping: Mapping<JudgeField>) => judgesFromSheet(sheet, mapping, tracks),
    [tracks],
  );
  return (
    <SheetFileImport
      title={t('sheet.judgesTitle')}
      hint={t('sheet.judgesHint')}
      fields={judgeFields}
      fieldLabel={(key) => t(`sheet.judgeFields.${key}`)}
      toRows={toRows}
      cells={(judge) => [
        judge.name,
        judge.email,
        judge.organization,
        judge.country,
        (judge.expertise ?? []).join(', '),
        judge.capacity ?? '',
      ]}
      importLabel={(count) => t('sheet.importJudges', { count })}
      onImport={async (rows) => {
        try {
          onImported(await importJudges.mutateAsync(rows.map((row) => row.value)));
          return true;
        } catch {
          return false;
        }
      }}
      pending={importJudges.isPending}
      error={importJudges.error}
      // The server numbers judges from 0 in the list; the sheet's header is line 1.
      serverErrors={() =>
        importJudges.error instanceof ApiError && Array.isArray(importJudges.error.details)
          ? (importJudges.error.details as RowError[]).map((issue) => ({
              key: `${issue.path}:${issue.message}`,
              ...(issue.row !== undefined ? { line: issue.row + 1 } : {}),
              message: issue.message,
            }))
          : []
      }
      reset={importJudges.reset}
    />
  );
}
