import { Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mmss, timerPhase } from './live-timing.ts';

/** The big countdown every panel judge and the organizer see. Ticks every second between polls. */
export function LiveTimer({
  startedAt,
  serverNow,
  receivedAt,
  pitchSeconds,
  questionSeconds,
  size = 'lg',
}: {
  startedAt: string | null;
  serverNow: string;
  receivedAt: number;
  pitchSeconds: number;
  questionSeconds: number;
  size?: 'md' | 'lg';
}) {
  const { t } = useTranslation('reviews');
  const [clientNow, setClientNow] = useState(() => Date.now());
  useEffect(() => {
    if (!startedAt) return;
    const timer = window.setInterval(() => setClientNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [startedAt]);
  const state = timerPhase({
    startedAt,
    serverNow,
    receivedAt,
    clientNow: Math.max(clientNow, receivedAt),
    pitchSeconds,
    questionSeconds,
  });
  const total = pitchSeconds + questionSeconds;
  const color =
    state.phase === 'pitch'
      ? 'indigo'
      : state.phase === 'questions'
        ? 'orange'
        : state.phase === 'over'
          ? 'red'
          : 'gray';
  const phaseLabel = t(`live.phase.${state.phase}`);
  return (
    <Stack
      gap={6}
      role="timer"
      aria-label={t('live.timerLabel', { phase: phaseLabel, time: mmss(state.remaining) })}
    >
      <Group justify="space-between" align="baseline">
        <Text fw={600} c={color} size={size === 'lg' ? 'xl' : 'md'}>
          {phaseLabel}
        </Text>
        <Text
          fw={700}
          ff="monospace"
          fz={size === 'lg' ? 56 : 32}
          lh={1}
          c={state.phase === 'over' ? 'red.8' : undefined}
          aria-hidden
        >
          {state.phase === 'idle' ? mmss(pitchSeconds) : mmss(state.remaining)}
        </Text>
      </Group>
      <Progress.Root size="lg" aria-hidden>
        <Progress.Section value={(Math.min(state.elapsed, pitchSeconds) / total) * 100} color="indigo" />
        <Progress.Section
          value={(Math.max(0, Math.min(state.elapsed, total) - pitchSeconds) / total) * 100}
          color="orange"
        />
      </Progress.Root>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {t('live.pitchPart', { minutes: pitchSeconds / 60 })}
        </Text>
        <Text size="xs" c="dimmed">
          {t('live.questionPart', { minutes: questionSeconds / 60 })}
        </Text>
      </Group>
    </Stack>
  );
}
