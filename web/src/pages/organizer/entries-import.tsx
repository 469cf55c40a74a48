import {
  Alert,
  Button,
  Code,
  Divider,
  FileInput,
  Group,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ImportError, Track } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useImportEntries } from '../../api/entries.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { EntriesFileImport } from './entries-file-import.tsx';

const example = (tracks: readonly Track[]) =>
  JSON.stringify(
    {
      teams: [
        {
          name: 'Lumen Labs',
          organization: 'Lumen Labs Ltd',
          country: 'SG',
          members: [{ name: 'Mei Tan', email: 'mei@lumen.example' }],
          entries: [
            {
              trackId: tracks[0]?.code ?? 'AI',
              title: 'Edge LLM for factories',
              summary: 'One sentence on what it does.',
              description: '',
            },
          ],
        },
      ],
    },
    null,
    2,
  );

const isImportError = (value: unknown): value is ImportError =>
  typeof value === 'object' && value !== null && typeof (value as ImportError).row === 'number';

/** Teams and entries from a spreadsheet (the usual case) or from JSON in the API's shape. */
export function EntriesImport(props: {
  competitionId: string;
  tracks: readonly Track[];
  onDone: () => void;
}) {
  return (
    <Stack gap="lg">
      <EntriesFileImport {...props} />
      <Divider />
      <EntriesJsonImport {...props} />
    </Stack>
  );
}

/**
 * Brings in teams and entries from a JSON file (or pasted JSON) in the API's import shape. All or
 * nothing: when any row is wrong, every problem is listed with its row and nothing is imported.
 */
function EntriesJsonImport({
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
  const [text, setText] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);

  const readFile = async (file: File | null) => {
    setParseError(null);
    if (file) setText(await file.text());
  };

  const submit = () => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      setParseError(t('import.notJson'));
      return;
    }
    const teams = Array.isArray(body) ? body : (body as { teams?: unknown })?.teams;
    if (!Array.isArray(teams)) {
      setParseError(t('import.noTeams'));
      return;
    }
    setParseError(null);
    importEntries.mutate(
      { teams },
      {
        onSuccess: (result) => {
          notifications.show({
            color: 'teal',
            message: t('import.done', { teams: result.imported.teams, entries: result.imported.entries }),
          });
          setText('');
          onDone();
        },
      },
    );
  };

  const error = importEntries.error;
  const rowErrors =
    error instanceof ApiError && Array.isArray(error.details) ? error.details.filter(isImportError) : [];

  return (
    <Stack gap="sm">
      <Title order={3} fz="h4">
        {t('import.jsonTitle')}
      </Title>
      <Text size="sm">{t('import.intro')}</Text>
      <Group align="flex-end" gap="sm">
        <FileInput
          label={t('import.file')}
          placeholder={t('import.filePlaceholder')}
          accept="application/json,.json"
          onChange={(file) => void readFile(file)}
          clearable
          w={320}
        />
      </Group>
      <Textarea
        label={t('import.paste')}
        autosize
        minRows={6}
        maxRows={16}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        placeholder={example(tracks)}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        error={parseError}
      />
      <Group>
        <Button onClick={submit} loading={importEntries.isPending} disabled={!text.trim()}>
          {t('import.submit')}
        </Button>
      </Group>
      {rowErrors.length > 0 ? (
        <Alert
          color="red"
          variant="light"
          title={t('import.refused', { count: rowErrors.length })}
          role="alert"
        >
          <Text size="sm" mb="xs">
            {error instanceof ApiError ? error.message : ''}
          </Text>
          <Table.ScrollContainer minWidth={520} mah={320}>
            <Table withRowBorders={false} verticalSpacing={2}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('import.row')}</Table.Th>
                  <Table.Th scope="col">{t('import.entry')}</Table.Th>
                  <Table.Th scope="col">{t('import.field')}</Table.Th>
                  <Table.Th scope="col">{t('import.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rowErrors.slice(0, 500).map((e) => (
                  <Table.Tr key={`${e.path}:${e.message}`}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td>{e.entry ?? '—'}</Table.Td>
                    <Table.Td>
                      <Code>{e.path}</Code>
                    </Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Alert>
      ) : (
        <ErrorAlert error={error} />
      )}
    </Stack>
  );
}
