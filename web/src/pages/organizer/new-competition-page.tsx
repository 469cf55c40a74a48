import { Alert, Paper, Stack, Title } from '@mantine/core';
import type { User } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateCompetition } from '../../api/competitions.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { CompetitionForm } from './competition-form.tsx';
import { competitionPath } from './competition-list.tsx';

/** `/organizer/competitions/new` */
export function NewCompetitionPage({ user }: { user: User }) {
  const { t } = useTranslation();
  usePageTitle(t('competitions.new.title'));
  const create = useCreateCompetition();
  const navigate = useNavigate();

  return (
    <Stack gap="lg" maw={760}>
      <Title order={1}>{t('competitions.new.title')}</Title>
      {user.canCreateCompetitions ? (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
          <CompetitionForm
            idPrefix="new-competition"
            deriveSlugFromName
            submitLabel={t('competitions.new.submit')}
            pending={create.isPending}
            error={create.error}
            onSubmit={(body) =>
              create.mutate(body, { onSuccess: (competition) => navigate(competitionPath(competition.id)) })
            }
          />
        </Paper>
      ) : (
        <Alert color="yellow" variant="light" title={t('competitions.new.notAllowedTitle')}>
          {t('competitions.new.notAllowed')}
        </Alert>
      )}
    </Stack>
  );
}
