import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Pagination,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Assignment, AssignmentSummary, JudgeListItem, Round, Track } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddAssignment, useRemoveAssignment, useRoundAssignments } from '../../api/assignment.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { matchesQuery, sortBy } from './judges-fns.ts';
import { type Sort, SortHeader } from './sort-header.tsx';

const pageSize = 20;
const affinityColor = ['gray', 'blue', 'teal'] as const;

/** The assignments per entry and per judge, with hand edits: add a judge to an entry, remove one. */
export function AssignmentTables({
  round,
  summary,
  judges,
  tracks,
}: {
  round: Round;
  summary: AssignmentSummary;
  judges: JudgeListItem[];
  tracks: readonly Track[];
}) {
  const { t } = useTranslation('assignment');
  const assignments = useRoundAssignments(round.id);
  const [view, setView] = useState<'entries' | 'judges'>('entries');
  const add = useAddAssignment(round.id);
  const remove = useRemoveAssignment(round.id);
  const [confirming, setConfirming] = useState<Assignment | null>(null);

  if (assignments.isPending) return <LoadingState />;
  if (assignments.isError) return <ErrorAlert error={assignments.error} />;
  const active = assignments.data.filter((a) => a.status !== 'recused');
  const judgeName = new Map(judges.map((j) => [j.id, j.name]));
  const entryTitle = new Map(summary.entries.map((e) => [e.entryId, e.title]));

  const removeOne = (assignment: Assignment, force = false) =>
    remove.mutate(
      { assignmentId: assignment.id, force },
      {
        onSuccess: () => {
          setConfirming(null);
          notifications.show({
            color: 'teal',
            message: t('edit.removed', {
              judge: judgeName.get(assignment.judgeId) ?? '',
              entry: entryTitle.get(assignment.entryId) ?? '',
            }),
          });
        },
      },
    );

  return (
    <Stack gap="sm" component="section" aria-labelledby="assignments-title">
      <Group justify="space-between" align="flex-end">
        <Title order={3} id="assignments-title">
          {t('tables.title')}
        </Title>
        <SegmentedControl
          aria-label={t('tables.viewLabel')}
          value={view}
          onChange={(value) => setView(value as typeof view)}
          data={[
            { value: 'entries', label: t('tables.byEntry') },
            { value: 'judges', label: t('tables.byJudge') },
          ]}
        />
      </Group>
      <ErrorAlert error={add.error ?? remove.error} />
      {view === 'entries' ? (
        <EntriesTable
          summary={summary}
          active={active}
          judges={judges}
          tracks={tracks}
          adding={add.isPending}
          onAdd={(entryId, judgeId) =>
            add.mutate(
              { entryId, judgeId },
              {
                onSuccess: () =>
                  notifications.show({
                    color: 'teal',
                    message: t('edit.added', {
                      judge: judgeName.get(judgeId) ?? '',
                      entry: entryTitle.get(entryId) ?? '',
                    }),
                  }),
              },
            )
          }
          onRemove={(assignment) =>
            assignment.status === 'submitted' ? setConfirming(assignment) : removeOne(assignment)
          }
        />
      ) : (
        <JudgesLoadTable summary={summary} active={active} />
      )}
      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title={t('edit.confirmTitle')}>
        <Stack gap="sm">
          <Text size="sm">
            {t('edit.confirmText', {
              judge: confirming ? (judgeName.get(confirming.judgeId) ?? '') : '',
              entry: confirming ? (entryTitle.get(confirming.entryId) ?? '') : '',
            })}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('edit.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => confirming && removeOne(confirming, true)}
            >
              {t('edit.confirmRemove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function EntriesTable({
  summary,
  active,
  judges,
  tracks,
  adding,
  onAdd,
  onRemove,
}: {
  summary: AssignmentSummary;
  active: Assignment[];
  judges: JudgeListItem[];
  tracks: readonly Track[];
  adding: boolean;
  onAdd: (entryId: string, judgeId: string) => void;
  onRemove: (assignment: Assignment) => void;
}) {
  const { t, i18n } = useTranslation('assignment');
  const [query, setQuery] = useState('');
  const [trackId, setTrackId] = useState<string | null>(null);
  const [onlyShort, setOnlyShort] = useState(false);
  const [page, setPage] = useState(1);
  const trackName = new Map(tracks.map((track) => [track.id, track.name]));
  const judgeById = new Map(judges.map((j) => [j.id, j]));
  const byEntry = new Map<string, Assignment[]>();
  for (const a of active) byEntry.set(a.entryId, [...(byEntry.get(a.entryId) ?? []), a]);

  const filtered = sortBy(
    summary.entries.filter(
      (e) =>
        matchesQuery(query, e.title) &&
        (!trackId || e.trackId === trackId) &&
        (!onlyShort || (byEntry.get(e.entryId)?.length ?? 0) < e.needed),
    ),
    (e) => e.title,
    'ascending',
    i18n.resolvedLanguage ?? 'en',
  );
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
  const current = Math.min(page, pages);
  const rows = filtered.slice((current - 1) * pageSize, current * pageSize);

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        <TextInput
          label={t('tables.search')}
          value={query}
          onChange={(e) => {
            setQuery(e.currentTarget.value);
            setPage(1);
          }}
          style={{ flex: '2 1 220px' }}
        />
        <Select
          label={t('tables.track')}
          placeholder={t('tables.allTracks')}
          clearable
          data={tracks.map((track) => ({ value: track.id, label: track.name }))}
          value={trackId}
          onChange={(value) => {
            setTrackId(value);
            setPage(1);
          }}
          style={{ flex: '1 1 180px' }}
        />
        <Checkbox
          label={t('tables.onlyShort')}
          checked={onlyShort}
          onChange={(e) => {
            setOnlyShort(e.currentTarget.checked);
            setPage(1);
          }}
          mb={8}
        />
      </Group>
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('tables.shown', { count: filtered.length, total: summary.entries.length })}
      </Text>
      <Table.ScrollContainer minWidth={820}>
        <Table striped aria-labelledby="assignments-title" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('tables.entry')}</Table.Th>
              <Table.Th scope="col">{t('tables.track')}</Table.Th>
              <Table.Th scope="col">{t('tables.judges')}</Table.Th>
              <Table.Th scope="col">{t('tables.coverage')}</Table.Th>
              <Table.Th scope="col">{t('tables.addJudge')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((entry) => {
              const onEntry = byEntry.get(entry.entryId) ?? [];
              const taken = new Set(onEntry.map((a) => a.judgeId));
              return (
                <Table.Tr key={entry.entryId}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {entry.title}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{trackName.get(entry.trackId) ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      {onEntry.map((a) => (
                        <Badge
                          key={a.id}
                          variant="light"
                          color={affinityColor[a.affinity] ?? 'gray'}
                          radius="sm"
                          pr={2}
                          styles={{ label: { textTransform: 'none' } }}
                          rightSection={
                            <Tooltip label={t('edit.remove')} withArrow>
                              <ActionIcon
                                size="xs"
                                variant="transparent"
                                color="gray"
                                onClick={() => onRemove(a)}
                                aria-label={t('edit.removeFor', {
                                  judge: judgeById.get(a.judgeId)?.name ?? '',
                                  entry: entry.title,
                                })}
                              >
                                <span aria-hidden="true">×</span>
                              </ActionIcon>
                            </Tooltip>
                          }
                        >
                          {judgeById.get(a.judgeId)?.name ?? a.judgeId}
                          <span className="visually-hidden">
                            , {t(`affinity.${a.affinity}` as 'affinity.0')}
                          </span>
                          {a.status !== 'assigned' && ` · ${t(`status.${a.status}` as 'status.assigned')}`}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={onEntry.length >= entry.needed ? 'teal' : 'red'} variant="light">
                      {onEntry.length} / {entry.needed}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      aria-label={t('edit.addFor', { entry: entry.title })}
                      placeholder={t('edit.choose')}
                      searchable
                      disabled={adding}
                      data={judges
                        .filter((j) => !taken.has(j.id))
                        .map((j) => ({ value: j.id, label: j.name }))}
                      value={null}
                      onChange={(judgeId) => judgeId && onAdd(entry.entryId, judgeId)}
                      style={{ minWidth: 160 }}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={current}
          onChange={setPage}
          getControlProps={(control) => ({ 'aria-label': t(`tables.page.${control}` as 'tables.page.next') })}
          getItemProps={(n) => ({ 'aria-label': t('tables.pageNumber', { page: n }) })}
        />
      )}
      <Group gap="md">
        {[2, 1, 0].map((a) => (
          <Group key={a} gap={4}>
            <Badge size="xs" color={affinityColor[a]} variant="light" circle aria-hidden>
              {' '}
            </Badge>
            <Text size="xs" c="dimmed">
              {t(`affinity.${a}` as 'affinity.0')}
            </Text>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}

function JudgesLoadTable({ summary, active }: { summary: AssignmentSummary; active: Assignment[] }) {
  const { t, i18n } = useTranslation('assignment');
  const [sort, setSort] = useState<Sort<'name' | 'load'>>({ key: 'load', direction: 'descending' });
  const entryTitle = new Map(summary.entries.map((e) => [e.entryId, e.title]));
  const entriesOf = new Map<string, string[]>();
  for (const a of active)
    entriesOf.set(a.judgeId, [...(entriesOf.get(a.judgeId) ?? []), entryTitle.get(a.entryId) ?? a.entryId]);
  const rows = sortBy(
    summary.judges,
    (j) => (sort.key === 'load' ? j.load : j.name),
    sort.direction,
    i18n.resolvedLanguage ?? 'en',
  );

  const header = (key: 'name' | 'load', label: string) => (
    <SortHeader column={key} label={label} sort={sort} onSort={setSort} first="descending" />
  );

  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped aria-labelledby="assignments-title" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            {header('name', t('tables.judge'))}
            <Table.Th scope="col">{t('tables.organization')}</Table.Th>
            {header('load', t('tables.load'))}
            <Table.Th scope="col">{t('tables.entries')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((j) => {
            const titles = entriesOf.get(j.judgeId) ?? [];
            return (
              <Table.Tr key={j.judgeId}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {j.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{j.organization || '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Progress
                      value={j.capacity === 0 ? 0 : Math.min(100, (j.load / j.capacity) * 100)}
                      color={j.load > j.capacity ? 'red' : 'indigo'}
                      style={{ flex: 1, minWidth: 80 }}
                      aria-hidden
                    />
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {t('tables.loadOf', { load: j.load, capacity: j.capacity })}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2} title={titles.join(', ')}>
                    {titles.join(', ') || '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
