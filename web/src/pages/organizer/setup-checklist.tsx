import { Alert, List, Paper, Stack, Text, Title } from '@mantine/core';
import type { Competition } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRounds } from '../../api/assignment.ts';
import { useJudges } from '../../api/judges.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { competitionPath } from './competition-list.tsx';
import { type ChecklistItem, setupChecklist, setupChecklistShown } from './setup-fns.ts';

const tabOf: Record<ChecklistItem['key'], string | undefined> = {
  description: undefined,
  tracks: undefined,
  deadline: undefined,
  round: 'rounds',
  rubric: 'rounds',
  judges: 'judges',
};

/** What is still missing before the competition can open to teams and judges; nothing once it has. */
export function SetupChecklist({ competition }: { competition: Competition }) {
  const { t } = useTranslation('setup');
  const rounds = useRounds(competition.id);
  const judges = useJudges(competition.id);
  if (rounds.isError || judges.isError) return <ErrorAlert error={rounds.error ?? judges.error} />;
  if (!rounds.data || !judges.data) return <LoadingState />;
  if (!setupChecklistShown(rounds.data)) return null;
  const items = setupChecklist({
    description: competition.description,
    tracks: competition.tracks.length,
    submissionClosesAt: competition.submissionClosesAt,
    rounds: rounds.data,
    judges: judges.data.length,
    now: new Date(),
  });
  const missing = items.filter((item) => !item.done).length;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="setup-checklist-title">
      <Stack gap="sm">
        <Title order={2} fz="h3" id="setup-checklist-title">
          {t('checklist.title')}
        </Title>
        {missing === 0 ? (
          <Alert color="teal.9" variant="outline" title={t('checklist.readyTitle')}>
            {t('checklist.ready')}
          </Alert>
        ) : (
          <Text>{t('checklist.missing', { count: missing })}</Text>
        )}
        <List spacing="xs" listStyleType="none" p={0}>
          {items.map((item) => {
            const tab = tabOf[item.key];
            return (
              <List.Item key={item.key}>
                <Text span fw={700} c={item.done ? undefined : 'red.9'}>
                  {item.done ? t('checklist.done') : t('checklist.todo')}
                </Text>{' '}
                <Text span>{t(`checklist.items.${item.key}`, item.values ?? {})}</Text>
                {!item.done && tab && (
                  <>
                    {' '}
                    <Link to={competitionPath(competition.id, tab)}>{t(`checklist.go.${item.key}`)}</Link>
                  </>
                )}
              </List.Item>
            );
          })}
        </List>
      </Stack>
    </Paper>
  );
}
