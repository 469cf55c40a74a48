import { Alert, List, Stack, Table, Text, Title } from '@mantine/core';
import type { AssignmentDiagnosis } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';

const shownEntries = 50;

/** Why the run could not cover every entry: per track first, then the entries, and what to do. */
export function DiagnosisPanel({ diagnosis }: { diagnosis: AssignmentDiagnosis }) {
  const { t } = useTranslation('assignment');
  return (
    <Alert color="red" variant="light" title={t('diagnosis.title')} role="alert">
      <Stack gap="sm">
        <Text size="sm" fw={500}>
          {diagnosis.message}
        </Text>
        {diagnosis.tracks.length > 0 && (
          <div>
            <Title order={4} fz="sm" mb={4}>
              {t('diagnosis.tracks')}
            </Title>
            <List size="sm">
              {diagnosis.tracks.map((track) => (
                <List.Item key={track.trackId}>
                  <Text span fw={600} size="sm">
                    {track.name}
                  </Text>
                  {': '}
                  {track.message}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {diagnosis.entries.length > 0 && (
          <div>
            <Title order={4} fz="sm" mb={4} id="diagnosis-entries">
              {t('diagnosis.entries', { count: diagnosis.entries.length })}
            </Title>
            <Table.ScrollContainer minWidth={560}>
              <Table aria-labelledby="diagnosis-entries" withRowBorders={false} verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('diagnosis.entry')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('diagnosis.needed')}
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('diagnosis.available')}
                    </Table.Th>
                    <Table.Th scope="col">{t('diagnosis.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {diagnosis.entries.slice(0, shownEntries).map((entry) => (
                    <Table.Tr key={entry.entryId}>
                      <Table.Td>{entry.title || entry.entryId}</Table.Td>
                      <Table.Td ta="right">{entry.needed}</Table.Td>
                      <Table.Td ta="right">{entry.available}</Table.Td>
                      <Table.Td>{entry.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {diagnosis.entries.length > shownEntries && (
              <Text size="sm" c="dimmed">
                {t('diagnosis.more', { count: diagnosis.entries.length - shownEntries })}
              </Text>
            )}
          </div>
        )}
        <Text size="sm">{t('diagnosis.whatToDo')}</Text>
      </Stack>
    </Alert>
  );
}
