import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePublicCompetitions } from '../../api/awards.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** `/public`: every competition, each leading to its published results. */
export function PublicResultsPage() {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('awards');
  usePageTitle(t('public.title'));
  const competitions = usePublicCompetitions();
  return (
    <Stack gap="lg">
      <Title order={1}>{t('public.title')}</Title>
      {competitions.isPending ? (
        <LoadingState />
      ) : competitions.isError ? (
        <ErrorAlert error={competitions.error} />
      ) : competitions.data.length === 0 ? (
        <EmptyState title={t('public.emptyTitle')} description={t('public.emptyText')} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {competitions.data.map((c) => (
            <Paper key={c.id} withBorder p="md" radius="md" component="article">
              <Title order={2} fz="h3">
                <Anchor component={Link} to={`/c/${c.slug}/results`}>
                  {c.name}
                </Anchor>
              </Title>
              {c.description && (
                <Text size="sm" c="dimmed" lineClamp={3} mt={4}>
                  {c.description}
                </Text>
              )}
              <Anchor component={Link} to={`/c/${c.slug}/results`} size="sm" mt="sm" display="inline-block">
                {ta('public.seeResults')}
              </Anchor>
            </Paper>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
