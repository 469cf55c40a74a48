import { Alert, Button, Group, List, Stack, Text, Textarea } from '@mantine/core';
import type { CreatedJudge } from '@wuzhen/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useImportJudges } from '../../api/judges.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { parseJudgeList } from './judges-fns.ts';

const example = `name,email,organization,country,expertise,capacity
Prof. Zhao Min,zhao.min@zju.edu.cn,Zhejiang University,CN,AI;OSS,20
Dr. Hannah Weber,h.weber@fraunhofer.de,Fraunhofer Institute,DE,IIOT;SENSE,`;

type RowError = { path: string; row?: number; message: string };

/** Paste CSV (or TSV from a spreadsheet, or JSON), see what was read, import all at once. */
export function JudgesImport({
  competitionId,
  onImported,
}: {
  competitionId: string;
  onImported: (items: CreatedJudge[]) => void;
}) {
  const { t } = useTranslation('judges');
  const [text, setText] = useState('');
  const importJudges = useImportJudges(competitionId);
  const parsed = useMemo(() => (text.trim() ? parseJudgeList(text) : null), [text]);
  const rowErrors: RowError[] =
    importJudges.error instanceof ApiError && Array.isArray(importJudges.error.details)
      ? (importJudges.error.details as RowError[])
      : [];

  // The server numbers rows by their place in the list; point at the pasted line instead.
  const where = (issue: RowError) => {
    const index =
      issue.row !== undefined ? issue.row - 1 : Number(/^judges\.(\d+)/.exec(issue.path)?.[1] ?? Number.NaN);
    const line = Number.isNaN(index) ? undefined : parsed?.lines[index];
    const field = issue.path.split('.').slice(2).join('.');
    return line !== undefined ? t('import.atLine', { line, field: field || '—' }) : issue.path;
  };

  return (
    <Stack gap="sm">
      <Text size="sm">{t('import.hint')}</Text>
      <Textarea
        label={t('import.label')}
        description={t('import.description')}
        placeholder={example}
        autosize
        minRows={6}
        maxRows={16}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          importJudges.reset();
        }}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        spellCheck={false}
      />
      {parsed && parsed.problems.length > 0 && (
        <Alert color="orange" variant="light" title={t('import.readProblems')} role="alert">
          <List size="sm">
            {parsed.problems.map((p) => (
              <List.Item key={`${p.line}:${p.message}`}>
                {t('import.problemAt', { line: p.line, message: p.message })}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {rowErrors.length > 0 ? (
        <Alert
          color="red"
          variant="light"
          title={t('import.refused', { count: rowErrors.length })}
          role="alert"
        >
          <Text size="sm" mb="xs">
            {t('import.nothingImported')}
          </Text>
          <List size="sm">
            {rowErrors.map((issue) => (
              <List.Item key={`${issue.path}:${issue.message}`}>
                <Text span fw={600} size="sm">
                  {where(issue)}
                </Text>
                {': '}
                {issue.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <ErrorAlert error={importJudges.error} />
      )}
      <Group gap="sm">
        <Button
          disabled={!parsed || parsed.judges.length === 0 || parsed.problems.length > 0}
          loading={importJudges.isPending}
          onClick={() =>
            parsed &&
            importJudges.mutate(parsed.judges, {
              onSuccess: (items) => {
                setText('');
                onImported(items);
              },
            })
          }
        >
          {t('import.submit', { count: parsed?.judges.length ?? 0 })}
        </Button>
        {parsed && parsed.problems.length === 0 && (
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('import.readCount', { count: parsed.judges.length })}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
