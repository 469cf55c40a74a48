import {
  Badge,
  Button,
  Grid,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Competition, Round } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useJudges } from '../../api/judges.ts';
import { useAssignPanel, useLive, useLiveAction } from '../../api/reviews.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { LiveTimer } from '../judge/live-timer.tsx';

/** The organizer's desk during the live final: call pitches, run the 8+7 timer, see who has scored. */
export function LiveControl({ round, competition }: { round: Round; competition: Competition }) {
  const { t } = useTranslation('reviews');
  const live = useLive(round.id);
  const action = useLiveAction(round.id);
  if (live.isPending) return <LoadingState />;
  if (live.isError) return <ErrorAlert error={live.error} />;
  const state = live.data;
  const lineup = state.lineup ?? [];
  const panel = state.panel ?? [];
  const scored = panel.filter((p) => p.status === 'submitted').length;
  const current = lineup.find((e) => e.id === state.entry?.id);
  const trackName = (trackId: string | null) =>
    competition.tracks.find((tr) => tr.id === trackId)?.name ?? '';
  const act = (body: { action: 'start' | 'stop' | 'next' | 'close' | 'reopen'; entryId?: string }) =>
    action.mutate(body);

  return (
    <Stack gap="md" component="section" aria-labelledby="live-desk">
      <Group justify="space-between">
        <Title order={3} id="live-desk">
          {t('desk.title')}
        </Title>
        <Badge color="red" variant="dot" size="lg">
          {t('live.badge')}
        </Badge>
      </Group>
      <ErrorAlert error={action.error} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" radius="md" h="100%">
            <Stack gap="sm">
              {state.entry ? (
                <>
                  <Text size="sm" c="dimmed">
                    {t('live.nowPitching', { position: state.entry.position })} ·{' '}
                    {trackName(state.entry.trackId)}
                  </Text>
                  <Title order={4}>{state.entry.title}</Title>
                  <Text size="sm">
                    {state.entry.teamName} · {state.entry.country}
                  </Text>
                  <Badge
                    variant="light"
                    color={{ waiting: 'gray', open: 'teal', closed: 'red' }[state.entry.scoring]}
                    style={{ alignSelf: 'flex-start' }}
                  >
                    {state.entry.scoring === 'waiting'
                      ? t('desk.scoringWaiting')
                      : state.entry.scoring === 'open'
                        ? t('desk.scoringOpen')
                        : t('desk.scoringClosed')}
                  </Badge>
                  <LiveTimer
                    size="md"
                    startedAt={state.timerStartedAt}
                    serverNow={state.serverNow}
                    receivedAt={live.dataUpdatedAt}
                    pitchSeconds={state.pitchSeconds}
                    questionSeconds={state.questionSeconds}
                  />
                </>
              ) : (
                <Text c="dimmed">{lineup.length === 0 ? t('desk.noEntries') : t('desk.nothingYet')}</Text>
              )}
              <Group gap="sm">
                {state.entry && !state.timerStartedAt && (
                  <Button color="indigo" loading={action.isPending} onClick={() => act({ action: 'start' })}>
                    {t('desk.start')}
                  </Button>
                )}
                {state.timerStartedAt && (
                  <Button
                    variant="default"
                    loading={action.isPending}
                    onClick={() => act({ action: 'stop' })}
                  >
                    {t('desk.stop')}
                  </Button>
                )}
                {state.entry?.scoring === 'open' && (
                  <Button
                    variant="default"
                    loading={action.isPending}
                    onClick={() => act({ action: 'close' })}
                  >
                    {t('desk.closeScoring')}
                  </Button>
                )}
                {state.entry?.scoring === 'closed' && (
                  <Button
                    variant="default"
                    loading={action.isPending}
                    onClick={() => act({ action: 'reopen' })}
                  >
                    {t('desk.reopenScoring')}
                  </Button>
                )}
                <Button
                  variant={state.entry ? 'light' : 'filled'}
                  loading={action.isPending}
                  disabled={
                    lineup.length === 0 || (current !== undefined && current.position === lineup.length)
                  }
                  onClick={() => act({ action: 'next' })}
                >
                  {state.entry ? t('desk.next') : t('desk.first')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" radius="md" h="100%">
            <Stack gap="xs">
              <Group justify="space-between">
                <Title order={4}>{t('desk.panelTitle')}</Title>
                {state.entry && (
                  <Text size="sm" fw={500}>
                    {t('desk.scored', { scored, total: panel.length })}
                  </Text>
                )}
              </Group>
              {!state.entry ? (
                <Text size="sm" c="dimmed">
                  {t('desk.panelIdle')}
                </Text>
              ) : panel.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('desk.noPanel')}
                </Text>
              ) : (
                <Stack gap={4} aria-live="polite">
                  {panel.map((p) => (
                    <Group key={p.judgeId} justify="space-between">
                      <Text size="sm">{p.name}</Text>
                      {p.status === 'submitted' ? (
                        <Badge color="teal" variant="light">
                          {t('desk.judgeScored', { total: p.total?.toFixed(2) ?? '' })}
                        </Badge>
                      ) : (
                        <Badge color="gray" variant="light">
                          {p.status === 'started' ? t('desk.judgeScoring') : t('desk.judgeWaiting')}
                        </Badge>
                      )}
                    </Group>
                  ))}
                </Stack>
              )}
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>

      {lineup.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('desk.entry')}</Table.Th>
                <Table.Th>{t('desk.track')}</Table.Th>
                <Table.Th>{t('desk.scores')}</Table.Th>
                <Table.Th>{t('desk.trimmedMean')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lineup.map((e) => (
                <Table.Tr
                  key={e.id}
                  bg={e.id === state.entry?.id ? 'var(--mantine-color-indigo-0)' : undefined}
                >
                  <Table.Td>{e.position}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {e.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {e.teamName} · {e.country}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{trackName(e.trackId)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {e.scores}/{e.panelSize}
                  </Table.Td>
                  <Table.Td fw={600}>{e.trimmedMean === null ? '—' : e.trimmedMean.toFixed(2)}</Table.Td>
                  <Table.Td>
                    {e.id !== state.entry?.id && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => act({ action: 'next', entryId: e.id })}
                      >
                        {t('desk.call')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed">
        {t('desk.trimHint')}
      </Text>
      <PanelSetup round={round} competition={competition} />
    </Stack>
  );
}

function PanelSetup({ round, competition }: { round: Round; competition: Competition }) {
  const { t } = useTranslation('reviews');
  const judges = useJudges(competition.id);
  const assign = useAssignPanel(round.id);
  const [judgeIds, setJudgeIds] = useState<string[]>([]);
  const [trackId, setTrackId] = useState<string | null>(null);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={4}>{t('desk.setupTitle')}</Title>
        <Text size="sm" c="dimmed">
          {t('desk.setupText')}
        </Text>
        <ErrorAlert error={assign.error ?? judges.error} />
        <Group align="flex-end" gap="sm">
          <MultiSelect
            label={t('desk.judges')}
            data={(judges.data ?? []).map((j) => ({ value: j.id, label: j.name }))}
            value={judgeIds}
            onChange={setJudgeIds}
            searchable
            style={{ flex: 1, minWidth: 240 }}
          />
          <Select
            label={t('desk.trackOptional')}
            placeholder={t('desk.allTracks')}
            data={competition.tracks.map((tr) => ({ value: tr.id, label: tr.name }))}
            value={trackId}
            onChange={setTrackId}
            clearable
            style={{ minWidth: 200 }}
          />
          <Button
            disabled={judgeIds.length === 0}
            loading={assign.isPending}
            onClick={() =>
              assign.mutate(
                { judgeIds, ...(trackId ? { trackId } : {}) },
                {
                  onSuccess: (result) => {
                    notifications.show({
                      color: 'teal',
                      message: t('desk.panelSet', {
                        count: result.created,
                        skipped: result.skippedConflicts.length,
                      }),
                    });
                    setJudgeIds([]);
                  },
                },
              )
            }
          >
            {t('desk.assign')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
