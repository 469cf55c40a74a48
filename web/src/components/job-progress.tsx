import { Alert, Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useJob } from '../api/jobs.ts';
import { ErrorAlert } from './error-alert.tsx';

export type JobProgressProps = {
  jobId: string;
  /** What the job does, for the progress bar's label, e.g. "Assignment". */
  label?: string;
  /** Called once with the job's result when it completes. */
  onDone?: (result: unknown) => void;
  /** Called once with the job's error sentence when it fails. */
  onFailed?: (error: string) => void;
};

/**
 * Follows a worker job (assignment, tally…): polls it every second, shows a progress bar with the
 * worker's phase sentence, announces changes politely, and reports the outcome.
 */
export function JobProgress({ jobId, label, onDone, onFailed }: JobProgressProps) {
  const { t } = useTranslation();
  const labelId = useId();
  const { data: job, error } = useJob(jobId);
  const reported = useRef<string | null>(null);
  const callbacks = useRef({ onDone, onFailed });
  callbacks.current = { onDone, onFailed };

  useEffect(() => {
    if (!job || reported.current === job.id) return;
    if (job.state === 'completed') {
      reported.current = job.id;
      callbacks.current.onDone?.(job.result);
    } else if (job.state === 'failed') {
      reported.current = job.id;
      callbacks.current.onFailed?.(job.error ?? '');
    }
  }, [job]);

  if (error && !job) return <ErrorAlert error={error} />;

  const state = job?.state ?? 'waiting';
  const percent = Math.round(job?.progress ?? 0);
  const title = label ?? t('jobs.label');
  // The step in the reader's language; the worker's English sentence if this build does not know it.
  const phase = job?.phaseKey
    ? t(`jobs.phases.${job.phaseKey}`, { ...job.phaseValues, defaultValue: job.phase })
    : job?.phase;
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Text id={labelId} fw={500}>
          {title}
        </Text>
        <Text size="sm" c="dimmed">
          {t(`jobs.states.${state}`)} · {t('jobs.percent', { percent })}
        </Text>
      </Group>
      <Progress.Root size="lg">
        {/* Our own aria values: Mantine's would say only "64%", without the job's state. */}
        <Progress.Section
          value={percent}
          color={state === 'failed' ? 'red' : state === 'completed' ? 'teal' : undefined}
          animated={state === 'active'}
          withAria={false}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={t('jobs.valueText', { percent, state: t(`jobs.states.${state}`) })}
          aria-labelledby={labelId}
        />
      </Progress.Root>
      <Text size="sm" aria-live="polite" aria-atomic>
        {phase || t(`jobs.states.${state}`)}
      </Text>
      {state === 'failed' && (
        <Alert color="red" variant="light" title={t('jobs.failedTitle')} role="alert">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {job?.error || t('jobs.failedWithoutReason')}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
