import { Group, Select, Stack, Text, Title } from '@mantine/core';
import type { Round } from '@wuzhen/shared';
import { type ReactNode, useState } from 'react';
import { useRounds } from '../../api/assignment.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';

/**
 * The frame of every per-round tab (assignment, reviews, results): title, intro, a round picker
 * defaulting to the first round, and the loading, error and no-round states.
 */
export function RoundTabFrame({
  competitionId,
  title,
  intro,
  roundLabel,
  emptyTitle,
  emptyText,
  children,
}: {
  competitionId: string;
  title: string;
  intro: string;
  roundLabel: string;
  emptyTitle: string;
  emptyText: string;
  children: (round: Round, rounds: Round[]) => ReactNode;
}) {
  const rounds = useRounds(competitionId);
  const [roundId, setRoundId] = useState<string | null>(null);
  if (rounds.isPending) return <LoadingState />;
  if (rounds.isError) return <ErrorAlert error={rounds.error} />;
  if (rounds.data.length === 0) return <EmptyState title={emptyTitle} description={emptyText} />;
  const round = rounds.data.find((r) => r.id === roundId) ?? rounds.data[0]!;
  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{title}</Title>
          <Text size="sm" c="dimmed">
            {intro}
          </Text>
        </div>
        <Select
          label={roundLabel}
          data={rounds.data.map((r) => ({ value: r.id, label: `${r.position}. ${r.name}` }))}
          value={round.id}
          onChange={(value) => value && setRoundId(value)}
          allowDeselect={false}
          style={{ minWidth: 260 }}
        />
      </Group>
      {children(round, rounds.data)}
    </Stack>
  );
}
