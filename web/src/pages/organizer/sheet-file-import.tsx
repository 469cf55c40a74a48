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
import { type ReactNode, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { type FieldSpec, guessMapping, type Mapping, type Sheet, type SheetRow } from './sheet-import-fns.ts';
import { readSpreadsheet, SpreadsheetError } from './spreadsheet.ts';

/** Rows shown in the preview table; rows with problems are always listed in full above it. */
const previewRows = 50;

/** A problem the server reported, at the sheet line it comes from when that is known. */
export type ServerRowError = { line?: number; message: string; key: string };

/**
 * Any list from a CSV or XLSX file (judges, entries): read in the browser, columns mapped (guessed
 * from the headers), every row checked with the API's own schema and shown with its problems at
 * its row, then sent all at once. The API refuses the whole list if any row is wrong, and so does
 * this: the import button stays off until every row is right.
 */
export function SheetFileImport<K extends string, T>({
  title,
  hint,
  fields,
  fieldLabel,
  toRows,
  cells,
  importLabel,
  onImport,
  pending,
  error,
  serverErrors,
  reset,
  previewMinWidth = 640,
}: {
  title: string;
  hint: string;
  fields: readonly FieldSpec<K>[];
  fieldLabel: (key: K) => string;
  /** Every row of the sheet under the mapping, each with its problems. */
  toRows: (sheet: Sheet, mapping: Mapping<K>) => SheetRow<T>[];
  /** One preview cell per field, in the order of `fields`. */
  cells: (value: T) => ReactNode[];
  importLabel: (count: number) => string;
  /** Sends the rows; resolves true once they are stored, which clears the form. */
  onImport: (rows: SheetRow<T>[]) => Promise<boolean>;
  pending: boolean;
  error: unknown;
  /** The server's per-row refusals, already placed at their lines. */
  serverErrors: (rows: SheetRow<T>[]) => ServerRowError[];
  reset: () => void;
  /** Below this width the preview scrolls sideways instead of squeezing its columns. */
  previewMinWidth?: number;
}) {
  const { t } = useTranslation('setup');
  const titleId = useId();
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Mapping<K> | null>(null);

  const rows = useMemo(() => (sheet && mapping ? toRows(sheet, mapping) : []), [sheet, mapping, toRows]);
  const bad = rows.filter((row) => row.errors.length > 0);
  const unmapped = fields.filter((f) => f.required && mapping?.[f.key] == null);
  const refused = error instanceof ApiError && Array.isArray(error.details) ? serverErrors(rows) : [];

  const read = async (file: File | null) => {
    reset();
    setReadError(null);
    setSheet(null);
    setFileName(file?.name ?? null);
    if (!file) return;
    try {
      const read = await readSpreadsheet(file);
      setSheet(read);
      setMapping(guessMapping(read.headers, fields));
    } catch (failure) {
      setReadError(
        t(`sheet.readError.${failure instanceof SpreadsheetError ? (failure.message as 'type') : 'xlsx'}`),
      );
    }
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby={titleId}>
      <Title order={3} fz="h4" id={titleId}>
        {title}
      </Title>
      <Text size="sm">{hint}</Text>
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
            {fields.map((field) => (
              <Select
                key={field.key}
                label={fieldLabel(field.key)}
                required={field.required}
                placeholder={t('sheet.notInFile')}
                data={sheet.headers.map((header, index) => ({
                  value: String(index),
                  label: header || t('sheet.column', { n: index + 1 }),
                }))}
                value={mapping[field.key] === null ? null : String(mapping[field.key])}
                onChange={(value) => {
                  reset();
                  setMapping({ ...mapping, [field.key]: value === null ? null : Number(value) });
                }}
                clearable={!field.required}
              />
            ))}
          </SimpleGrid>
          {unmapped.length > 0 ? (
            <Alert color="orange" variant="light" role="alert" title={t('sheet.unmappedTitle')}>
              {t('sheet.unmapped', { fields: unmapped.map((f) => fieldLabel(f.key)).join(', ') })}
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
              {bad.length > 200 && <Text size="sm">{t('sheet.more', { count: bad.length - 200 })}</Text>}
            </Alert>
          ) : (
            <Alert color="teal.9" variant="outline" title={t('sheet.allGood', { count: rows.length })}>
              {t('sheet.allGoodText')}
            </Alert>
          )}
          {/* Focusable, so a keyboard can scroll a preview wider than the page. */}
          <Table.ScrollContainer
            minWidth={previewMinWidth}
            type="native"
            tabIndex={0}
            role="region"
            aria-label={t('sheet.previewLabel')}
          >
            <Table striped aria-label={t('sheet.previewLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('sheet.rowHeader')}</Table.Th>
                  {fields.map((field) => (
                    <Table.Th key={field.key} scope="col">
                      {fieldLabel(field.key)}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col">{t('sheet.problems')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.slice(0, previewRows).map((row) => (
                  <Table.Tr key={row.line}>
                    <Table.Td>{row.line}</Table.Td>
                    {cells(row.value).map((cell, i) => (
                      <Table.Td key={fields[i]?.key ?? i} style={{ wordBreak: 'break-word' }}>
                        {cell}
                      </Table.Td>
                    ))}
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
          {refused.length > 0 ? (
            <Alert
              color="red"
              variant="light"
              role="alert"
              title={t('sheet.refused', { count: refused.length })}
            >
              <List size="sm">
                {refused.slice(0, 200).map((issue) => (
                  <List.Item key={issue.key}>
                    {issue.line !== undefined ? `${t('sheet.row', { line: issue.line })} ` : ''}
                    {issue.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : (
            <ErrorAlert error={error} />
          )}
          <Group>
            <Button
              disabled={unmapped.length > 0 || bad.length > 0 || rows.length === 0}
              loading={pending}
              onClick={async () => {
                if (await onImport(rows)) {
                  setSheet(null);
                  setFileName(null);
                }
              }}
            >
              {importLabel(rows.length)}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
