import { Group, Stack, Title } from '@mantine/core';
import type { User } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { CompetitionList, NewCompetitionButton } from './competition-list.tsx';

/** The organizer's part of the home page: their competitions, and a way to start a new one. */
export function OrganizerHomeSection({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <Stack component="section" aria-labelledby="home-organizer" gap="md">
      <Group justify="space-between" align="center">
        <Title order={2} id="home-organizer">
          {t('home.organizer.title')}
        </Title>
        {user.canCreateCompetitions && <NewCompetitionButton />}
      </Group>
      <CompetitionList canCreate={user.canCreateCompetitions} headingOrder={3} />
    </Stack>
  );
}
