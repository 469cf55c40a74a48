import { Anchor, Badge, Button, Code, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useCompetition } from '../../api/competitions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { NotFoundPage } from '../errors/not-found-page.tsx';
import { competitionPath } from './competition-list.tsx';
import { competitionTabs, defaultCompetitionTab } from './competition-tabs.ts';

/** `/organizer/competitions/:competitionId/:tab?` */
export function CompetitionPage() {
  const { t } = useTranslation();
  const { t: accountT } = useTranslation('account');
  const { competitionId = '', tab = defaultCompetitionTab } = useParams();
  const navigate = useNavigate();
  const competition = useCompetition(competitionId);
  usePageTitle(competition.data?.name ?? t('competition.title'));

  if (competition.isPending) return <LoadingState />;
  if (competition.isError) {
    // 404 also covers competitions the user may not see (see PRODUCT.md, "Who sees what").
    if (competition.error instanceof ApiError && competition.error.status === 404) {
      return (
        <Stack gap="md" align="flex-start">
          <Title order={1}>{t('competition.notFoundTitle')}</Title>
          <Text>{t('competition.notFound')}</Text>
          <Button component={Link} to="/">
            {t('notFound.home')}
          </Button>
        </Stack>
      );
    }
    return (
      <Stack gap="md">
        <Title order={1}>{t('competition.title')}</Title>
        <ErrorAlert error={competition.error} />
      </Stack>
    );
  }
  if (!competitionTabs.some((candidate) => candidate.value === tab)) return <NotFoundPage />;

  const current = competition.data;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{current.name}</Title>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('competitions.list.slugLabel')}
          </Text>
          <Code>{current.slug}</Code>
          {current.myRoles.map((role) => (
            <Badge key={role} variant="light" size="sm">
              {roleLabel(role, t)}
            </Badge>
          ))}
          {current.myRoles.includes('organizer') ? (
            <Anchor component={Link} to={`/organizer/competitions/${current.id}/outbox`} size="sm">
              {accountT('outbox.open')}
            </Anchor>
          ) : null}
        </Group>
      </Stack>
      <Tabs
        value={tab}
        onChange={(value) =>
          value && navigate(competitionPath(current.id, value === defaultCompetitionTab ? undefined : value))
        }
        keepMounted={false}
      >
        <Tabs.List aria-label={t('competition.tabsLabel')}>
          {competitionTabs.map(({ value, labelKey }) => (
            <Tabs.Tab key={value} value={value}>
              {t(labelKey)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {competitionTabs.map(({ value, Panel }) => (
          <Tabs.Panel key={value} value={value} pt="lg">
            <Suspense fallback={<LoadingState />}>
              <Panel competition={current} />
            </Suspense>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

function roleLabel(role: 'organizer' | 'judge' | 'team', t: TFunction): string {
  return t(`roles.${role}`);
}
