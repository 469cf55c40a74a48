import { Anchor, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Competition } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOrganizedCompetitions } from '../../api/competitions.ts';
import { Countdown, DeadlineText } from '../../components/deadline.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';

export const competitionPath = (competitionId: string, tab?: string) =>
  `/organizer/competitions/${encodeURIComponent(competitionId)}${tab ? `/${tab}` : ''}`;

/** The competitions the user organizes, as cards; `headingOrder` is the level of each card's name. */
export function CompetitionList({ canCreate, headingOrder }: { canCreate: boolean; headingOrder: 2 | 3 }) {
  const { t } = useTranslation();
  const competitions = useOrganizedCompetitions();

  if (competitions.isPending) return <LoadingState label={t('competitions.list.loading')} />;
  if (competitions.isError) return <ErrorAlert error={competitions.error} />;

  const items = competitions.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <EmptyState
        headingOrder={headingOrder}
        title={t('competitions.list.emptyTitle')}
        description={
          canCreate ? t('competitions.list.emptyCanCreate') : t('competitions.list.emptyCannotCreate')
        }
        action={canCreate ? <NewCompetitionButton /> : undefined}
      />
    );
  }
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="md" component="ul" className="plain-list">
        {items.map((competition) => (
          <CompetitionCard key={competition.id} competition={competition} headingOrder={headingOrder} />
        ))}
      </SimpleGrid>
      {competitions.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void competitions.fetchNextPage()}
            loading={competitions.isFetchingNextPage}
          >
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function CompetitionCard({ competition, headingOrder }: { competition: Competition; headingOrder: 2 | 3 }) {
  const { t } = useTranslation();
  return (
    <Card component="li" withBorder radius="md" padding="lg">
      <Stack gap="xs">
        <Title order={headingOrder} fz="h3">
          <Anchor component={Link} to={competitionPath(competition.id)} inherit>
            {competition.name}
          </Anchor>
        </Title>
        <Text size="sm">
          <Text span c="dimmed">
            {t('competitions.list.slugLabel')}{' '}
          </Text>
          <Code>{competition.slug}</Code>
        </Text>
        <Text size="sm">
          <Text span c="dimmed">
            {t('competitions.list.deadlineLabel')}{' '}
          </Text>
          <DeadlineText iso={competition.submissionClosesAt} timeZone={competition.timezone} />
        </Text>
        <Group gap="xs" justify="space-between">
          <Countdown iso={competition.submissionClosesAt} />
          <Badge variant="light">
            {t('competitions.list.trackCount', { count: competition.tracks.length })}
          </Badge>
        </Group>
      </Stack>
    </Card>
  );
}

export function NewCompetitionButton() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/organizer/competitions/new">
      {t('competitions.new.button')}
    </Button>
  );
}
