import '@mantine/charts/styles.css';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import type { Round } from '@wuzhen/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAssignmentSummary, useInvalidateRound, useRunAssignment } from '../../api/assignment.ts';
import { useJudges } from '../../api/judges.ts';
import { jobKeys } from '../../api/query-keys.ts';
import { ConfirmModal } from '../../components/confirm-modal.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { JobProgress } from '../../components/job-progress.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../i18n/dates.ts';
import { DiagnosisPanel } from './assignment-diagnosis.tsx';
import { AssignmentSummaryView } from './assignment-summary.tsx';
import { AssignmentTables } from './assignment-tables.tsx';
import type { CompetitionTabProps } from './competition-tabs.ts';
import { RoundTabFrame } from './round-tab-frame.tsx';

const runningStates = new Set(['waiting', 'active', 'delayed']);

/** Pick a round, run its assignment with a live progress bar, read the result, adjust it by hand. */
export function AssignmentTab({ competition }: CompetitionTabProps) {
  const { t } = useTranslation('assignment');
  return (
    <RoundTabFrame
      competitionId={competition.id}
      title={t('title')}
      intro={t('intro')}
      roundLabel={t('round')}
      emptyTitle={t('noRoundsTitle')}
      emptyText={t('noRoundsText')}
    >
      {(round) => <RoundAssignment key={round.id} round={round} competition={competition} />}
    </RoundTabFrame>
  );
}

function RoundAssignment({
  round,
  competition,
}: {
  round: Round;
  competition: CompetitionTabProps['competition'];
}) {
  const { t, i18n } = useTranslation('assignment');
  const { id: competitionId, tracks } = competition;
  // The first round's judges close submissions (no entry may join a round being judged): said
  // before a run that would close them ahead of the deadline the organizers set.
  const closesEarly = round.position === 1 && Date.parse(competition.submissionClosesAt) > Date.now();
  const [confirming, setConfirming] = useState(false);
  const summary = useAssignmentSummary(round.id);
  const judges = useJudges(competitionId);
  const run = useRunAssignment(round.id);
  const invalidate = useInvalidateRound();
  /** The job whose progress bar is shown; it stays after completing, so "Done · 100%" is seen. */
  const [jobId, setJobId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const queryClient = useQueryClient();
  const lastRun = summary.data?.lastRun ?? null;

  const start = () =>
    run.mutate(undefined, {
      onSuccess: ({ jobId: started }) => {
        // A round's runs share one job id: forget the previous run's finished state.
        queryClient.removeQueries({ queryKey: jobKeys.detail(started) });
        setAttempt((n) => n + 1);
        setJobId(started);
        setRunning(true);
      },
    });

  // A run started elsewhere (another tab, a colleague) is followed here too.
  useEffect(() => {
    if (!jobId && lastRun && runningStates.has(lastRun.state)) {
      setJobId(lastRun.jobId);
      setRunning(true);
    }
  }, [jobId, lastRun]);

  return (
    <Stack gap="xl">
      <Paper
        withBorder
        p={{ base: 'md', sm: 'lg' }}
        radius="md"
        component="section"
        aria-labelledby="run-title"
      >
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start">
            <div style={{ flex: '1 1 320px' }}>
              <Title order={3} id="run-title">
                {t('run.title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('run.explain', { reviews: round.reviewsPerEntry, capacity: round.judgeCapacity })}
                {round.conflictPolicy.sameCountry ? ` ${t('run.sameCountry')}` : ''}
              </Text>
            </div>
            <Button
              size="md"
              loading={run.isPending || running}
              onClick={() => (closesEarly ? setConfirming(true) : start())}
            >
              {lastRun?.state === 'completed' ? t('run.again') : t('run.start')}
            </Button>
          </Group>
          <ConfirmModal
            opened={confirming}
            title={t('run.closesTitle')}
            cancelLabel={t('run.closesWait')}
            confirmLabel={t('run.closesConfirm')}
            color="red"
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              start();
            }}
          >
            <Text size="sm">
              {t('run.closesText', {
                when: formatDateTime(
                  competition.submissionClosesAt,
                  competition.timezone,
                  i18n.resolvedLanguage ?? 'en',
                ),
              })}
            </Text>
          </ConfirmModal>
          <ErrorAlert error={run.error} />
          {jobId && (
            <JobProgress
              key={`${jobId}:${attempt}`}
              jobId={jobId}
              label={t('run.progressLabel')}
              onDone={() => {
                setRunning(false);
                invalidate(round.id);
                notifications.show({ color: 'teal', message: t('run.done') });
              }}
              onFailed={() => {
                setRunning(false);
                invalidate(round.id);
                setJobId(null);
              }}
            />
          )}
          {!jobId &&
            lastRun?.state === 'failed' &&
            (lastRun.diagnosis ? (
              <DiagnosisPanel diagnosis={lastRun.diagnosis} />
            ) : (
              <Alert color="red" variant="light" title={t('diagnosis.title')} role="alert">
                <Text size="sm">{lastRun.error}</Text>
              </Alert>
            ))}
        </Stack>
      </Paper>

      {summary.isPending ? (
        <LoadingState />
      ) : summary.isError ? (
        <ErrorAlert error={summary.error} />
      ) : summary.data.coverage.entries === 0 ? (
        <EmptyState title={t('noEntriesTitle')} description={t('noEntriesText')} />
      ) : (
        <>
          <AssignmentSummaryView summary={summary.data} />
          <AssignmentTables round={round} summary={summary.data} judges={judges.data ?? []} tracks={tracks} />
        </>
      )}
    </Stack>
  );
}
