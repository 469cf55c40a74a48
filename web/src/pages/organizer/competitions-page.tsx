import { Group, Stack, Title } from '@mantine/core';
import type { User } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../components/page-title.ts';
import { CompetitionList, NewCompetitionButton } from './competition-list.tsx';

/** `/organizer`: every competition the user organizes. */
export function CompetitionsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  usePageTitle(t('competitions.list.title'));
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Title order={1}>{t('competitions.list.title')}</Title>
        {user.canCreateCompetitions && <NewCompetitionButton />}
      </Group>
      <CompetitionList canCreate={user.canCreateCompetitions} headingOrder={2} />
    </Stack>
  );
}
