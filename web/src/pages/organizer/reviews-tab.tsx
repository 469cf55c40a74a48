import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReviewProgress, Round } from '@wuzhen/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RemindersResult, useRemindJudges, useReviewProgress } from '../../api/reviews.ts';
import { ConfirmModal } from '../../components/confirm-modal.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { useLocalizedName } from '../../i18n/content.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import type { CompetitionTabProps } from './competition-tabs.ts';
import { LiveControl } from './live-control.tsx';
import { RoundTabFrame } from './round-tab-frame.tsx';

/** Review progress of a round per track and per judge, late judges and reminders; live rounds get their control desk. */
export function ReviewsTab({ competition }: CompetitionTabProps) {
  const { t } = useTranslation('reviews');
  return (
    <RoundTabFrame
      competitionId={competition.id}
      title={t('organizer.title')}
      intro={t('organizer.intro')}
      roundLabel={t('organizer.round')}
      emptyTitle={t('organizer.noRoundsTitle')}
      emptyText={t('organizer.noRoundsText')}
    >
      {(round) => (
        <>
          {round.kind === 'live' && (
            <LiveControl key={`live-${round.id}`} round={round} competition={competition} />
          )}
          <RoundProgress key={round.id} round={round} timeZone={competition.timezone} />
        </>
      )}
    </RoundTabFrame>
  );
}

function RoundProgress({ round, timeZone }: { round: Round; timeZone: string }) {
  const { t, i18n } = useTranslation('reviews');
  // Each track in the reader's language: the progress carries both names.
  const trackName = useLocalizedName();
  const progress = useReviewProgress(round.id);
  if (progress.isPending) return <LoadingState />;
  if (progress.isError) return <ErrorAlert error={progress.error} />;
  const { totals, tracks } = progress.data;
  if (totals.assignments === 0) {
    return (
      <EmptyState
        title={t('organizer.noAssignmentsTitle')}
        description={t('organizer.noAssignmentsText')}
        headingOrder={3}
      />
    );
  }
  const percent = (totals.submitted / totals.assignments) * 100;
  return (
    <Stack gap="lg">
      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={3}>{t('organizer.overall')}</Title>
            {round.closesAt && (
              <Text size="sm" c="dimmed">
                {t(progress.data.round.closed ? 'page.closedAt' : 'page.closesAt', {
                  when: formatDateTime(round.closesAt, timeZone, i18n.resolvedLanguage ?? 'en'),
                })}
              </Text>
            )}
          </Group>
          {/* Each section is a progressbar of its own, so each carries its name; white on teal 9
              reads at 5:1 (on teal 6, 3.1:1). */}
          <Progress.Root size="xl">
            <Progress.Section value={percent} color="teal.9" aria-label={t('organizer.overallLabel', totals)}>
              <Progress.Label>{Math.round(percent)}%</Progress.Label>
            </Progress.Section>
            <Progress.Section
              value={(totals.started / totals.assignments) * 100}
              color="yellow"
              aria-label={t('organizer.started', { count: totals.started })}
            />
          </Progress.Root>
          <Group gap="lg">
            <Legend color="teal" shade={9} label={t('organizer.submitted', { count: totals.submitted })} />
            <Legend color="yellow" label={t('organizer.started', { count: totals.started })} />
            <Legend color="gray" label={t('organizer.notStarted', { count: totals.notStarted })} />
          </Group>
        </Stack>
      </Paper>

      <Stack gap="xs">
        <Title order={3}>{t('organizer.byTrack')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {tracks.map((track) => {
            const done = track.assignments ? (track.submitted / track.assignments) * 100 : 0;
            return (
              <Paper key={track.trackId ?? 'none'} withBorder p="sm" radius="md">
                <Text fw={600}>{trackName(track)}</Text>
                <Text size="sm" c="dimmed" mb={6}>
                  {t('organizer.trackCounts', {
                    done: track.submitted,
                    total: track.assignments,
                    entries: track.entries,
                  })}
                </Text>
                <Progress
                  value={done}
                  color={done === 100 ? 'teal' : 'indigo'}
                  aria-label={`${trackName(track)}: ${Math.round(done)}%`}
                />
              </Paper>
            );
          })}
        </SimpleGrid>
      </Stack>
      <JudgesProgress
        roundId={round.id}
        judges={progress.data.judges}
        timeZone={timeZone}
        withReminders={round.kind !== 'live'}
      />
    </Stack>
  );
}

function Legend({ color, shade = 6, label }: { color: string; shade?: number; label: string }) {
  return (
    <Group gap={6}>
      <span
        style={{
          width: 10,
          height: 10,
          borderRadius: 2,
          background: `var(--mantine-color-${color}-${shade})`,
          display: 'inline-block',
        }}
      />
      <Text size="sm">{label}</Text>
    </Group>
  );
}

type SortKey = 'name' | 'submitted' | 'left' | 'lastRemindedAt';
type JudgeRow = ReviewProgress['judges'][number];
/** Whom a confirmed reminder goes to: every late judge, the selected ones, or one. */
type Reminding =
  | { kind: 'late' }
  | { kind: 'selected'; judgeIds: string[] }
  | { kind: 'one'; judge: JudgeRow };

function JudgesProgress({
  roundId,
  judges,
  timeZone,
  withReminders,
}: {
  roundId: string;
  judges: ReviewProgress['judges'];
  timeZone: string;
  /** False for a live round: its judges score on the panel as each pitch happens, nobody is chased. */
  withReminders: boolean;
}) {
  const { t, i18n } = useTranslation('reviews');
  const remind = useRemindJudges(roundId);
  const [onlyLate, setOnlyLate] = useState(true);
  const [selected, setSelected] = useState<string[]>([]);
  const [reminding, setReminding] = useState<Reminding | null>(null);
  const [result, setResult] = useState<RemindersResult | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'left', desc: true });
  const when = (iso: string) => formatDateTime(iso, timeZone, i18n.resolvedLanguage ?? 'en');
  const rows = useMemo(() => {
    const shown = judges.filter((j) => !onlyLate || j.late);
    const value = (j: JudgeRow) =>
      sort.key === 'name' ? j.name : sort.key === 'lastRemindedAt' ? (j.lastRemindedAt ?? '') : j[sort.key];
    return [...shown].sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.desc ? -order : order;
    });
  }, [judges, onlyLate, sort]);
  const late = judges.filter((j) => j.late);
  const remindable = late.filter((j) => j.nextReminderAt === null);
  const allShownSelected = rows.length > 0 && rows.every((r) => selected.includes(r.judgeId));

  const send = (target: Reminding) =>
    remind.mutate(
      target.kind === 'late'
        ? { late: true }
        : { judgeIds: target.kind === 'one' ? [target.judge.judgeId] : target.judgeIds },
      {
        onSuccess: (answer) => {
          setResult(answer);
          setReminding(null);
          if (target.kind === 'selected') setSelected([]);
          notifications.show({
            color: 'teal',
            title: t('organizer.reminderRecorded'),
            message: t('organizer.reminderRecordedText', { count: answer.reminded.length }),
          });
        },
      },
    );

  const header = (key: SortKey, label: string) => (
    <Table.Th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton
        onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'name' }))}
        fw={600}
        fz="sm"
      >
        {label} {sort.key === key ? (sort.desc ? '↓' : '↑') : ''}
      </UnstyledButton>
    </Table.Th>
  );

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={3}>{t('organizer.byJudge')}</Title>
          <Text size="sm" c="dimmed">
            {t('organizer.lateCount', { count: late.length })}
          </Text>
        </div>
        <Group gap="sm">
          <Switch
            label={t('organizer.onlyLate')}
            checked={onlyLate}
            onChange={(e) => setOnlyLate(e.currentTarget.checked)}
          />
          {withReminders && (
            <>
              <Button
                variant="default"
                disabled={selected.length === 0}
                onClick={() => setReminding({ kind: 'selected', judgeIds: selected })}
              >
                {t('organizer.remind', { count: selected.length })}
              </Button>
              <Button disabled={remindable.length === 0} onClick={() => setReminding({ kind: 'late' })}>
                {t('organizer.remindLate', { count: remindable.length })}
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        {withReminders ? t('organizer.reminderHint') : t('organizer.liveNoReminders')}
      </Text>
      {result && <RemindersAnswer result={result} when={when} onDismiss={() => setResult(null)} />}
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('organizer.nobodyLate')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                {withReminders && (
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('organizer.selectAll')}
                      checked={allShownSelected}
                      indeterminate={!allShownSelected && rows.some((r) => selected.includes(r.judgeId))}
                      onChange={() =>
                        setSelected(
                          allShownSelected
                            ? selected.filter((id) => !rows.some((r) => r.judgeId === id))
                            : [...new Set([...selected, ...rows.map((r) => r.judgeId)])],
                        )
                      }
                    />
                  </Table.Th>
                )}
                {header('name', t('organizer.judge'))}
                {header('submitted', t('organizer.done'))}
                {header('left', t('organizer.left'))}
                {withReminders && header('lastRemindedAt', t('organizer.lastReminded'))}
                {withReminders && (
                  <Table.Th>
                    <span className="visually-hidden">{t('organizer.actions')}</span>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((j) => (
                <Table.Tr key={j.judgeId}>
                  {withReminders && (
                    <Table.Td>
                      <Checkbox
                        aria-label={t('organizer.select', { name: j.name })}
                        checked={selected.includes(j.judgeId)}
                        onChange={(e) => {
                          const checked = e.currentTarget.checked;
                          setSelected((s) =>
                            checked ? [...s, j.judgeId] : s.filter((id) => id !== j.judgeId),
                          );
                        }}
                      />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {j.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {j.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Progress
                        value={j.assignments ? (j.submitted / j.assignments) * 100 : 0}
                        w={80}
                        color="teal"
                        aria-hidden
                      />
                      <Text size="sm">
                        {j.submitted}/{j.assignments}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {j.left > 0 ? (
                      <Badge color="orange" variant="light">
                        {t('organizer.leftBadge', { count: j.left })}
                      </Badge>
                    ) : (
                      <Badge color="teal" variant="light">
                        {t('organizer.allDone')}
                      </Badge>
                    )}
                  </Table.Td>
                  {withReminders && (
                    <>
                      <Table.Td>
                        <Text size="sm">
                          {j.lastRemindedAt ? when(j.lastRemindedAt) : t('organizer.never')}
                        </Text>
                        {j.nextReminderAt && (
                          <Text size="xs" c="dimmed">
                            {t('organizer.nextReminder', { when: when(j.nextReminderAt) })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {j.late && (
                          <Button
                            size="xs"
                            variant="default"
                            disabled={j.nextReminderAt !== null}
                            onClick={() => setReminding({ kind: 'one', judge: j })}
                            aria-label={t('organizer.remindOneLabel', { name: j.name })}
                          >
                            {t('organizer.remindOne')}
                          </Button>
                        )}
                      </Table.Td>
                    </>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmModal
        opened={reminding !== null}
        title={t('organizer.confirmTitle')}
        cancelLabel={t('organizer.cancel')}
        confirmLabel={t('organizer.confirmSend')}
        loading={remind.isPending}
        error={remind.error}
        onCancel={() => {
          remind.reset();
          setReminding(null);
        }}
        onConfirm={() => reminding && send(reminding)}
      >
        <Text size="sm">
          {reminding?.kind === 'late'
            ? t('organizer.confirmLate', { count: remindable.length })
            : reminding?.kind === 'one'
              ? t('organizer.confirmOne', { name: reminding.judge.name, count: reminding.judge.left })
              : t('organizer.confirmSelected', {
                  count: reminding?.kind === 'selected' ? reminding.judgeIds.length : 0,
                })}
        </Text>
        {reminding?.kind === 'late' && late.length > remindable.length && (
          <Text size="sm" c="dimmed">
            {t('organizer.confirmLateSkipped', { count: late.length - remindable.length })}
          </Text>
        )}
      </ConfirmModal>
    </Stack>
  );
}

/** The server's answer, kept on the page: who was mailed, who was left out and why. */
function RemindersAnswer({
  result,
  when,
  onDismiss,
}: {
  result: RemindersResult;
  when: (iso: string) => string;
  onDismiss: () => void;
}) {
  const { t } = useTranslation('reviews');
  return (
    <Alert
      color={result.reminded.length > 0 ? 'teal' : 'yellow'}
      variant="light"
      role="status"
      title={t('organizer.answerTitle', { count: result.reminded.length })}
      withCloseButton
      closeButtonLabel={t('organizer.dismiss')}
      onClose={onDismiss}
    >
      <Stack gap={4}>
        {result.reminded.length > 0 && (
          <Text size="sm">
            {t('organizer.answerReminded', { names: result.reminded.map((r) => r.name).join(', ') })}
          </Text>
        )}
        {result.skipped.length > 0 && (
          <>
            <Text size="sm">{t('organizer.answerSkipped', { count: result.skipped.length })}</Text>
            <List size="sm">
              {result.skipped.map((s) => (
                <List.Item key={s.judgeId}>
                  {s.reason === 'reminded_recently'
                    ? t('organizer.skippedRecently', {
                        name: s.name,
                        when: s.nextReminderAt ? when(s.nextReminderAt) : '—',
                      })
                    : t('organizer.skippedNothingLeft', { name: s.name })}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Alert>
  );
}
