import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Progress,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type ConflictKind, conflictKinds, type MyAssignment } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDeclareOwnConflict, useMyAssignments, useRecuse } from '../../api/assignment.ts';
import { fieldErrors } from '../../api/client.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../i18n/dates.ts';
import { livePanelPath } from './judge-banners.tsx';
import { roundDeadlineKey } from './round-deadline.ts';

type Filter = 'todo' | 'done' | 'all';
const isDone = (a: MyAssignment) => a.status === 'submitted';
const statusColor = { assigned: 'gray', started: 'yellow', submitted: 'teal', recused: 'red' } as const;

/** Where a judge opens an entry to review it. */
export const reviewPath = (assignmentId: string) => `/judge/assignments/${encodeURIComponent(assignmentId)}`;

/**
 * Where a judge scores an entry: the review form, or for a live round its panel page, where each
 * entry is scored as its pitch happens.
 */
const scorePath = (a: MyAssignment) => (a.roundKind === 'live' ? livePanelPath(a.roundId) : reviewPath(a.id));

/** The signed-in judge's entries, per competition and round, with how many are done and left. */
export function MyAssignments() {
  const { t } = useTranslation('assignment');
  const mine = useMyAssignments();
  const [filter, setFilter] = useState<Filter>('todo');
  const [recusing, setRecusing] = useState<MyAssignment | null>(null);
  const [declaring, setDeclaring] = useState<MyAssignment | null>(null);

  if (mine.isPending) return <LoadingState />;
  if (mine.isError) return <ErrorAlert error={mine.error} />;
  if (mine.data.length === 0) {
    return <EmptyState title={t('mine.emptyTitle')} description={t('mine.emptyText')} />;
  }

  const groups = new Map<string, MyAssignment[]>();
  for (const a of mine.data) groups.set(a.roundId, [...(groups.get(a.roundId) ?? []), a]);

  return (
    <Stack gap="xl">
      <SegmentedControl
        aria-label={t('mine.filterLabel')}
        value={filter}
        onChange={(value) => setFilter(value as Filter)}
        data={[
          { value: 'todo', label: t('mine.todo') },
          { value: 'done', label: t('mine.done') },
          { value: 'all', label: t('mine.all') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {[...groups.values()].map((items) => (
        <RoundGroup
          key={items[0]!.roundId}
          items={items}
          filter={filter}
          onRecuse={setRecusing}
          onConflict={setDeclaring}
        />
      ))}
      <RecuseModal assignment={recusing} onClose={() => setRecusing(null)} />
      <ConflictModal assignment={declaring} onClose={() => setDeclaring(null)} />
    </Stack>
  );
}

function RoundGroup({
  items,
  filter,
  onRecuse,
  onConflict,
}: {
  items: MyAssignment[];
  filter: Filter;
  onRecuse: (a: MyAssignment) => void;
  onConflict: (a: MyAssignment) => void;
}) {
  const { t, i18n } = useTranslation('assignment');
  const first = items[0]!;
  const done = items.filter(isDone).length;
  const left = items.length - done;
  const shown = items.filter((a) => (filter === 'all' ? true : filter === 'done' ? isDone(a) : !isDone(a)));
  const headingId = `round-${first.roundId}`;

  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} fz="h3" id={headingId}>
            {first.roundName}
          </Title>
          <Text size="sm" c="dimmed">
            {first.competitionName}
            {first.roundClosesAt &&
              ` · ${t(roundDeadlineKey(first.roundClosesAt, new Date()), { when: formatDateTime(first.roundClosesAt, first.competitionTimezone, i18n.resolvedLanguage ?? 'en') })}`}
          </Text>
        </div>
        <Stack gap={4} style={{ minWidth: 220 }}>
          <Text size="sm" fw={500} ta="right">
            {t('mine.progress', { done, total: items.length, left })}
          </Text>
          <Progress
            value={(done / items.length) * 100}
            color="teal"
            aria-label={t('mine.progress', { done, total: items.length, left })}
          />
        </Stack>
      </Group>
      {shown.length === 0 ? (
        <Text c="dimmed" size="sm">
          {filter === 'todo' ? t('mine.allDone') : t('mine.noneDone')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {shown.map((a) => (
            <Card
              key={a.id}
              withBorder
              radius="md"
              padding="md"
              component="article"
              aria-labelledby={`entry-${a.id}`}
            >
              <Stack gap="xs" h="100%">
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Title order={3} fz="md" id={`entry-${a.id}`} lineClamp={2}>
                    {a.entry.title}
                  </Title>
                  <Badge color={statusColor[a.status]} variant="light" style={{ flexShrink: 0 }}>
                    {t(`mine.status.${a.status}` as 'mine.status.assigned')}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {a.entry.trackName}
                </Text>
                <Text size="sm" lineClamp={3} style={{ flexGrow: 1 }}>
                  {a.entry.summary}
                </Text>
                <Group gap="xs" mt="xs">
                  <Button component={Link} to={scorePath(a)} size="xs">
                    {a.roundKind === 'live'
                      ? t('mine.openLivePanel')
                      : a.status === 'submitted'
                        ? t('mine.open')
                        : a.status === 'started'
                          ? t('mine.continue')
                          : t('mine.review')}
                  </Button>
                  {a.status !== 'submitted' && (
                    <Button size="xs" variant="subtle" color="gray" onClick={() => onRecuse(a)}>
                      {t('mine.recuse')}
                    </Button>
                  )}
                  <Button size="xs" variant="subtle" color="gray" onClick={() => onConflict(a)}>
                    {t('mine.conflict')}
                  </Button>
                </Group>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function RecuseModal({ assignment, onClose }: { assignment: MyAssignment | null; onClose: () => void }) {
  const { t } = useTranslation('assignment');
  const recuse = useRecuse();
  const [reason, setReason] = useState('');
  const close = () => {
    recuse.reset();
    setReason('');
    onClose();
  };
  return (
    <Modal
      opened={assignment !== null}
      onClose={close}
      title={t('mine.recuseTitle', { title: assignment?.entry.title ?? '' })}
    >
      <Stack gap="sm">
        <Text size="sm">{t('mine.recuseText')}</Text>
        <ErrorAlert error={recuse.error} fields={['reason']} />
        <Textarea
          label={t('mine.recuseReason')}
          required
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldErrors(recuse.error).reason}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('mine.cancel')}
          </Button>
          <Button
            color="red"
            loading={recuse.isPending}
            onClick={() =>
              assignment &&
              recuse.mutate(
                { assignmentId: assignment.id, reason },
                {
                  onSuccess: (result) => {
                    notifications.show({
                      color: 'teal',
                      message: result.reassigned ? t('mine.recusedReassigned') : t('mine.recusedOpen'),
                    });
                    close();
                  },
                },
              )
            }
          >
            {t('mine.recuseConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The judge names a conflict of interest with one entry: its kind, details, then a confirmation. */
function ConflictModal({ assignment, onClose }: { assignment: MyAssignment | null; onClose: () => void }) {
  const { t } = useTranslation('assignment');
  const declare = useDeclareOwnConflict();
  const [kind, setKind] = useState<ConflictKind>('organization');
  const [reason, setReason] = useState('');
  const close = () => {
    declare.reset();
    setReason('');
    setKind('organization');
    onClose();
  };
  return (
    <Modal
      opened={assignment !== null}
      onClose={close}
      title={t('mine.conflictTitle', { title: assignment?.entry.title ?? '' })}
    >
      <Stack gap="sm">
        <Text size="sm">{t('mine.conflictText')}</Text>
        <ErrorAlert error={declare.error} fields={['reason', 'kind']} />
        <Radio.Group label={t('mine.conflictKind')} value={kind} onChange={(v) => setKind(v as ConflictKind)}>
          <Stack gap={6} mt={4}>
            {conflictKinds.map((k) => (
              <Radio key={k} value={k} label={t(`mine.conflictKinds.${k}`)} />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label={t('mine.conflictReason')}
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldErrors(declare.error).reason}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('mine.cancel')}
          </Button>
          <Button
            color="red.9"
            loading={declare.isPending}
            onClick={() =>
              assignment &&
              declare.mutate(
                {
                  competitionId: assignment.competitionId,
                  judgeId: assignment.judgeId,
                  entryId: assignment.entry.id,
                  kind,
                  reason,
                },
                {
                  onSuccess: () => {
                    notifications.show({ color: 'teal', message: t('mine.conflictDeclared') });
                    close();
                  },
                },
              )
            }
          >
            {t('mine.conflictConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
