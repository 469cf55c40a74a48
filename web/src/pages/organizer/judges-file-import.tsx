import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { CreatedJudge, Track } from '@wuzhen/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useImportJudges } from '../../api/judges.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import {
  guessMapping,
  type JudgeField,
  judgeFields,
  judgesFromSheet,
  type Mapping,
  type Sheet,
} from './sheet-import-fns.ts';
import { readSpreadsheet, SpreadsheetError } from './spreadsheet.ts';

/** Rows shown in the preview table; rows with problems are always listed in full above it. */
const previewRows = 50;

type RowError = { path: string; row?: number; message: string };

/**
 * Judges from a CSV or XLSX file: read in the browser, columns mapped (guessed from the headers),
 * every row checked with the API's own schema and shown with its problems at its row, then
 * imported all at once. The API refuses the whole list if any row is wrong, and so does this.
 */
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
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Mapping<JudgeField> | null>(null);

  const rows = useMemo(
    () => (sheet && mapping ? judgesFromSheet(sheet, mapping, tracks) : []),
    [sheet, mapping, tracks],
  );
  const bad = rows.filter((row) => row.errors.length > 0);
  const unmapped = judgeFields.filter((f) => f.required && mapping?.[f.key] == null);
  const serverErrors: RowError[] =
    importJudges.error instanceof ApiError && Array.isArray(importJudges.error.details)
      ? (importJudges.error.details as RowError[])
      : [];

  const read = async (file: File | null) => {
    importJudges.reset();
    setReadError(null);
    setSheet(null);
    setFileName(file?.name ?? null);
    if (!file) return;
    try {
      const read = await readSpreadsheet(file);
      setSheet(read);
      setMapping(guessMapping(read.headers, judgeFields));
    } catch (error) {
      setReadError(
        t(`sheet.readError.${error instanceof SpreadsheetError ? (error.message as 'type') : 'xlsx'}`),
      );
    }
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="judges-file-import-title">
      <Title order={3} fz="h4" id="judges-file-import-title">
        {t('sheet.judgesTitle')}
      </Title>
      <Text size="sm">{t('sheet.judgesHint')}</Text>
      <FileInput
        label={t('sheet.file')}
        description={t('sheet.fileHint')}
        accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        clearable
        value={null}
        placeholder={fileName ?? t('sheet.choose')}
        onChange={(file) => void read(file)}
        error={readError}
      />
      {sheet && mapping && (
        <>
          <Text size="sm" aria-live="polite">
            {t('sheet.read', { count: sheet.rows.length, name: fileName ?? '' })}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {judgeFields.map((field) => (
              <Select
                key={field.key}
                label={t(`sheet.judgeFields.${field.key}`)}
                required={field.required}
                placeholder={t('sheet.notInFile')}
                data={sheet.headers.map((header, index) => ({
                  value: String(index),
                  label: header || t('sheet.column', { n: index + 1 }),
                }))}
                value={mapping[field.key] === null ? null : String(mapping[field.key])}
                onChange={(value) => {
                  importJudges.reset();
                  setMapping({ ...mapping, [field.key]: value === null ? null : Number(value) });
                }}
                clearable={!field.required}
              />
            ))}
          </SimpleGrid>
          {unmapped.length > 0 ? (
            <Alert color="orange" variant="light" role="alert" title={t('sheet.unmappedTitle')}>
              {t('sheet.unmapped', {
                fields: unmapped.map((f) => t(`sheet.judgeFields.${f.key}`)).join(', '),
              })}
            </Alert>
          ) : bad.length > 0 ? (
            <Alert
              color="red"
              variant="light"
              role="alert"
              title={t('sheet.rowProblems', { count: bad.length, total: rows.length })}
            >
              <List size="sm">
                {bad.slice(0, 200).map((row) => (
                  <List.Item key={row.line}>
                    <Text span fw={700} size="sm">
                      {t('sheet.row', { line: row.line })}
                    </Text>{' '}
                    {row.errors.join('; ')}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : (
            <Alert color="teal.9" variant="outline" title={t('sheet.allGood', { count: rows.length })}>
              {t('sheet.allGoodText')}
            </Alert>
          )}
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-label={t('sheet.previewLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('sheet.rowHeader')}</Table.Th>
                  {judgeFields.map((field) => (
                    <Table.Th key={field.key} scope="col">
                      {t(`sheet.judgeFields.${field.key}`)}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col">{t('sheet.problems')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.slice(0, previewRows).map((row) => (
                  <Table.Tr key={row.line}>
                    <Table.Td>{row.line}</Table.Td>
                    <Table.Td>{row.value.name}</Table.Td>
                    <Table.Td>{row.value.email}</Table.Td>
                    <Table.Td>{row.value.organization}</Table.Td>
                    <Table.Td>{row.value.country}</Table.Td>
                    <Table.Td>{(row.value.expertise ?? []).join(', ')}</Table.Td>
                    <Table.Td>{row.value.capacity ?? ''}</Table.Td>
                    <Table.Td>
                      {row.errors.length === 0 ? (
                        <Badge variant="light" color="gray" styles={{ label: { overflow: 'visible' } }}>
                          {t('sheet.ok')}
                        </Badge>
                      ) : (
                        <Text size="sm" c="red.9">
                          {row.errors.join('; ')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {rows.length > previewRows && (
            <Text size="sm">{t('sheet.more', { count: rows.length - previewRows })}</Text>
          )}
          {serverErrors.length > 0 ? (
            <Alert
              color="red"
              variant="light"
              role="alert"
              title={t('sheet.refused', { count: serverErrors.length })}
            >
              <List size="sm">
                {serverErrors.slice(0, 200).map((issue) => (
                  <List.Item key={`${issue.path}:${issue.message}`}>
                    {issue.row !== undefined ? `${t('sheet.row', { line: issue.row + 1 })} ` : ''}
                    {issue.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : (
            <ErrorAlert error={importJudges.error} />
          )}
          <Group>
            <Button
              disabled={unmapped.length > 0 || bad.length > 0 || rows.length === 0}
              loading={importJudges.isPending}
              onClick={() =>
                importJudges.mutate(
                  rows.map((row) => row.value),
                  {
                    onSuccess: (items) => {
                      setSheet(null);
                      setFileName(null);
                      onImported(items);
                    },
                  },
                )
              }
            >
              {t('sheet.importJudges', { count: rows.length })}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
