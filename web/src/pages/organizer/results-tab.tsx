import '@mantine/charts/styles.css';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import {
  defaultCutoffPerTrack,
  type Round,
  type Snapshot,
  type TallyMethodName,
  tallyMethods,
} from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { jobKeys } from '../../api/query-keys.ts';
import { useReviewProgress } from '../../api/reviews.ts';
import { resultsCsvUrl, useInvalidateResults, useResults, useRunTally } from '../../api/tally.ts';
import { ConfirmModal } from '../../components/confirm-modal.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { JobProgress } from '../../components/job-progress.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../i18n/dates.ts';
import { AdvanceDialog } from './advance-dialog.tsx';
import type { CompetitionTabProps } from './competition-tabs.ts';
import { MissingReviewsAlert, missingSummary } from './missing-reviews.tsx';
import { JudgeSeverityChart, ReliabilityChart, ScoreDistributionChart } from './results-charts.tsx';
import { JudgesTable, ResultsTable } from './results-table.tsx';
import { RoundTabFrame } from './round-tab-frame.tsx';

const methods = tallyMethods;

/** Run the tally of a round, read its ranking with intervals, ties and close calls, see the plots, advance. */
export function ResultsTab({ competition }: CompetitionTabProps) {
  const { t } = useTranslation('tally');
  return (
    <RoundTabFrame
      competitionId={competition.id}
      title={t('title')}
      intro={t('intro')}
      roundLabel={t('round')}
      emptyTitle={t('noRoundsTitle')}
      emptyText={t('noRoundsText')}
    >
      {(round, rounds) => (
        <RoundResults key={round.id} round={round} rounds={rounds} competition={competition} />
      )}
    </RoundTabFrame>
  );
}

function RoundResults({
  round,
  rounds,
  competition,
}: {
  round: Round;
  rounds: Round[];
  competition: CompetitionTabProps['competition'];
}) {
  const { t, i18n } = useTranslation('tally');
  const [method, setMethod] = useState<TallyMethodName | null>(null);
  const results = useResults(round.id, method);
  const [advancing, setAdvancing] = useState(false);
  const snapshot = results.data ?? null;
  const later = rounds.filter((r) => r.position > round.position);

  return (
    <Stack gap="lg">
      <RunTally
        round={round}
        snapshot={snapshot}
        onDone={(m) => setMethod(m === round.normalization ? null : m)}
      />
      {results.isPending ? (
        <LoadingState />
      ) : results.isError ? (
        <ErrorAlert error={results.error} />
      ) : !snapshot ? (
        <EmptyState
          title={
            method ? t('noSnapshotMethodTitle', { method: t(`methods.${method}`) }) : t('noSnapshotTitle')
          }
          description={t('noSnapshotText')}
          headingOrder={3}
          action={
            method ? (
              <Button variant="default" onClick={() => setMethod(null)}>
                {t('backToDefault')}
              </Button>
            ) : undefined
          }
        />
      ) : (
        <>
          <Paper withBorder p="md" radius="md">
            <Group justify="space-between" align="flex-start" gap="md">
              <Stack gap={4}>
                <Group gap="xs">
                  <Title order={3}>{t('snapshot.title')}</Title>
                  <Badge variant="light">{t(`methods.${snapshot.method}`)}</Badge>
                </Group>
                <Text size="sm" c="dimmed">
                  {t('snapshot.meta', {
                    when: formatDateTime(
                      snapshot.computedAt,
                      competition.timezone,
                      i18n.resolvedLanguage ?? 'en',
                    ),
                    entries: snapshot.entries.length,
                    cutoff: snapshot.cutoffPerTrack ?? '—',
                  })}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace" title={t('snapshot.hashHint')}>
                  {t('snapshot.hash', { hash: snapshot.inputHash.slice(0, 16) })}
                </Text>
              </Stack>
              <Group gap="sm">
                {snapshot.availableMethods.length > 1 && (
                  <SegmentedControl
                    aria-label={t('snapshot.methodSwitch')}
                    value={snapshot.method}
                    onChange={(value) => setMethod(value as TallyMethodName)}
                    data={methods
                      .filter((m) => snapshot.availableMethods.includes(m))
                      .map((m) => ({ value: m, label: t(`methods.${m}`) }))}
                  />
                )}
                <Button
                  component="a"
                  href={resultsCsvUrl(round.id, snapshot.method)}
                  variant="default"
                  download
                >
                  {t('snapshot.csv')}
                </Button>
                {later.length > 0 && (
                  <Button onClick={() => setAdvancing(true)}>{t('snapshot.advance')}</Button>
                )}
              </Group>
            </Group>
          </Paper>
          {snapshot.components.count > 1 && (
            <Alert color="yellow" title={t('snapshot.componentsTitle', { count: snapshot.components.count })}>
              {t('snapshot.componentsText', { sizes: snapshot.components.sizes.join(', ') })}
            </Alert>
          )}
          <MissingReviewsAlert missing={snapshot.missing} text={t('missing.snapshotText')} />
          {snapshot.warnings.length > 0 && (
            <Alert
              color="yellow"
              variant="light"
              title={t('snapshot.warnings', { count: snapshot.warnings.length })}
            >
              <List size="sm">
                {snapshot.warnings.map((w) => (
                  <List.Item key={w}>{w}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <ScoreDistributionChart snapshot={snapshot} round={round} />
          <ResultsTable snapshot={snapshot} round={round} tracks={competition.tracks} />
          {round.kind === 'review' && <JudgeSeverityChart snapshot={snapshot} />}
          <ReliabilityChart snapshot={snapshot} />
          <JudgesTable snapshot={snapshot} />
          <AdvanceDialog
            opened={advancing}
            onClose={() => setAdvancing(false)}
            round={round}
            later={later}
            snapshot={snapshot}
          />
        </>
      )}
    </Stack>
  );
}

function RunTally({
  round,
  snapshot,
  onDone,
}: {
  round: Round;
  snapshot: Snapshot | null;
  onDone: (method: TallyMethodName) => void;
}) {
  const { t } = useTranslation('tally');
  const run = useRunTally(round.id);
  const progress = useReviewProgress(round.id);
  const missing = progress.data?.missing;
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const invalidate = useInvalidateResults();
  const [method, setMethod] = useState<TallyMethodName>(round.normalization);
  const [cutoff, setCutoff] = useState<number>(snapshot?.cutoffPerTrack ?? defaultCutoffPerTrack);
  // Job ids repeat per round (one tally at a time): a run counter keeps each progress bar fresh.
  const [job, setJob] = useState<{ id: string; method: TallyMethodName; run: number } | null>(null);
  const start = () =>
    run.mutate(
      { method: round.kind === 'review' ? method : undefined, cutoffPerTrack: cutoff },
      {
        onSuccess: ({ jobId }) => {
          // The last run's "completed" must not be mistaken for this one's.
          queryClient.removeQueries({ queryKey: jobKeys.detail(jobId) });
          setJob((previous) => ({ id: jobId, method, run: (previous?.run ?? 0) + 1 }));
        },
      },
    );
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="run-tally">
      <Stack gap="sm">
        <Title order={3} id="run-tally">
          {t('run.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {round.kind === 'live' ? t('run.liveText') : t('run.text')}
        </Text>
        <Group align="flex-end" gap="sm">
          {round.kind === 'review' && (
            <Select
              label={t('run.method')}
              data={methods.map((m) => ({
                value: m,
                label: `${t(`methods.${m}`)}${m === round.normalization ? ` (${t('run.roundDefault')})` : ''}`,
              }))}
              value={method}
              onChange={(value) => value && setMethod(value as TallyMethodName)}
              allowDeselect={false}
              style={{ minWidth: 320 }}
            />
          )}
          <NumberInput
            label={t('run.cutoff')}
            description={t('run.cutoffHint')}
            min={1}
            max={10000}
            allowDecimal={false}
            value={cutoff}
            onChange={(value) => typeof value === 'number' && setCutoff(value)}
            style={{ width: 240 }}
          />
          <Button
            loading={run.isPending}
            onClick={() => (missing && missing.entries > 0 ? setConfirming(true) : start())}
          >
            {t('run.button')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t(`methodHelp.${method}`)}{' '}
          <Anchor size="xs" href="#results-table" underline="always">
            {t('run.toTable')}
          </Anchor>
        </Text>
        <MissingReviewsAlert missing={missing} text={t('missing.tallyText')} />
        <ConfirmModal
          opened={confirming}
          title={t('missing.confirmTitle')}
          cancelLabel={t('missing.wait')}
          confirmLabel={t('missing.confirm')}
          color="red"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            start();
          }}
        >
          <Text size="sm" fw={600}>
            {missing ? missingSummary(t, missing) : ''}
          </Text>
          <Text size="sm">{t('missing.tallyText')}</Text>
        </ConfirmModal>
        <ErrorAlert error={run.error} />
        {job && (
          <JobProgress
            key={`${job.id}-${job.run}`}
            jobId={job.id}
            label={t('run.progressLabel')}
            onDone={() => {
              invalidate(round.id);
              onDone(job.method);
            }}
          />
        )}
      </Stack>
    </Paper>
  );
}
