import {
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ConflictSource, JudgeListItem } from '@wuzhen/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import {
  useConflicts,
  useDeclareConflict,
  useRemoveConflict,
  useSubmittedEntries,
} from '../../api/judges.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { matchesQuery } from './judges-fns.ts';

export const sourceColors: Record<ConflictSource, string> = {
  judge: 'violet',
  organizer: 'blue',
  recusal: 'grape',
  member: 'cyan',
  team: 'orange',
  organization: 'red',
  email_domain: 'pink',
  country: 'yellow',
};
const sources = Object.keys(sourceColors) as ConflictSource[];

/** Every conflict with where it comes from; declared ones can be added and removed here. */
export function ConflictsSection({
  competitionId,
  judges,
}: {
  competitionId: string;
  judges: JudgeListItem[];
}) {
  const { t } = useTranslation('judges');
  const conflicts = useConflicts(competitionId);
  const remove = useRemoveConflict(competitionId);
  const [query, setQuery] = useState('');
  const [source, setSource] = useState<string | null>(null);

  const rows = (conflicts.data ?? []).filter(
    (c) =>
      matchesQuery(query, c.judgeName, c.entryTitle) &&
      (!source || c.sources.some((s) => s.source === source)),
  );

  return (
    <Stack component="section" aria-labelledby="conflicts-title" gap="sm">
      <Title order={2} id="conflicts-title">
        {t('conflicts.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('conflicts.hint')}
      </Text>
      <AddConflictForm competitionId={competitionId} judges={judges} />
      {conflicts.isPending ? (
        <LoadingState />
      ) : conflicts.isError ? (
        <ErrorAlert error={conflicts.error} />
      ) : conflicts.data.length === 0 ? (
        <EmptyState
          headingOrder={3}
          title={t('conflicts.emptyTitle')}
          description={t('conflicts.emptyText')}
        />
      ) : (
        <>
          <Group gap="sm" align="flex-end">
            <TextInput
              label={t('conflicts.search')}
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
              style={{ flex: '1 1 220px' }}
            />
            <Select
              label={t('conflicts.sourceFilter')}
              placeholder={t('conflicts.allSources')}
              clearable
              data={sources.map((s) => ({ value: s, label: t(`sources.${s}`) }))}
              value={source}
              onChange={setSource}
              style={{ flex: '0 1 220px' }}
            />
          </Group>
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('conflicts.shown', { count: rows.length, total: conflicts.data.length })}
          </Text>
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-labelledby="conflicts-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('conflicts.judge')}</Table.Th>
                  <Table.Th scope="col">{t('conflicts.entry')}</Table.Th>
                  <Table.Th scope="col">{t('conflicts.sources')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr key={`${c.judgeId}:${c.entryId}`}>
                    <Table.Td>{c.judgeName}</Table.Td>
                    <Table.Td>{c.entryTitle}</Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        {c.sources.map((s) => (
                          <Group
                            key={`${s.source}:${s.conflictId ?? ''}`}
                            gap="xs"
                            wrap="nowrap"
                            align="center"
                          >
                            <Tooltip label={t(`sourceHints.${s.source}`)} withArrow multiline w={260}>
                              <Badge color={sourceColors[s.source]} variant="light" style={{ flexShrink: 0 }}>
                                {t(`sources.${s.source}`)}
                              </Badge>
                            </Tooltip>
                            <Text size="sm">{s.reason}</Text>
                            {s.conflictId && (
                              <Button
                                size="compact-xs"
                                variant="subtle"
                                color="red"
                                loading={remove.isPending && remove.variables === s.conflictId}
                                aria-label={t('conflicts.removeFor', {
                                  judge: c.judgeName,
                                  entry: c.entryTitle,
                                })}
                                onClick={() =>
                                  remove.mutate(s.conflictId!, {
                                    onSuccess: () =>
                                      notifications.show({ color: 'teal', message: t('conflicts.removed') }),
                                  })
                                }
                              >
                                {t('conflicts.remove')}
                              </Button>
                            )}
                          </Group>
                        ))}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ErrorAlert error={remove.error} />
        </>
      )}
    </Stack>
  );
}

function AddConflictForm({ competitionId, judges }: { competitionId: string; judges: JudgeListItem[] }) {
  const { t } = useTranslation('judges');
  const entries = useSubmittedEntries(competitionId);
  const declare = useDeclareConflict(competitionId);
  const [judgeId, setJudgeId] = useState<string | null>(null);
  const [entryId, setEntryId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const errors = fieldErrors(declare.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    declare.mutate(
      { judgeId: judgeId ?? '', entryId: entryId ?? '', reason },
      {
        onSuccess: () => {
          setEntryId(null);
          setReason('');
          notifications.show({ color: 'teal', message: t('conflicts.added') });
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" radius="md">
      <Title order={3} fz="h5" id="add-conflict-title" mb="xs">
        {t('conflicts.addTitle')}
      </Title>
      <form onSubmit={submit} noValidate aria-labelledby="add-conflict-title">
        <ErrorAlert error={declare.error} fields={['judgeId', 'entryId', 'reason']} />
        <Group align="flex-start" gap="sm" mt={declare.error ? 'sm' : 0}>
          <Select
            label={t('conflicts.judge')}
            required
            searchable
            data={judges.map((j) => ({ value: j.id, label: `${j.name} — ${j.organization || j.email}` }))}
            value={judgeId}
            onChange={setJudgeId}
            error={errors.judgeId}
            style={{ flex: '1 1 220px' }}
          />
          <Select
            label={t('conflicts.entry')}
            required
            searchable
            limit={100}
            nothingFoundMessage={entries.isPending ? t('conflicts.loadingEntries') : t('conflicts.noEntry')}
            data={(entries.data ?? []).map((e) => ({ value: e.id, label: e.title || e.id }))}
            value={entryId}
            onChange={setEntryId}
            error={errors.entryId}
            style={{ flex: '2 1 260px' }}
          />
          <TextInput
            label={t('conflicts.reason')}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
            style={{ flex: '2 1 220px' }}
          />
          <Button
            type="submit"
            loading={declare.isPending}
            disabled={!judgeId || !entryId}
            mt={{ base: 0, sm: 25 }}
          >
            {t('conflicts.add')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
