import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { MyTeam, PublicCompetition } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useEntries, useMyTeams, usePublicCompetitions } from '../../api/entries.ts';
import { countryName } from '../../components/countries.ts';
import { Countdown, DeadlineText } from '../../components/deadline.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useLocalizedName } from '../../i18n/content.ts';
import { LatestOutcomeBadge, useTeamOutcomes } from './round-outcomes.tsx';
import { EntryStatusBadge } from './status-badge.tsx';

export const teamPaths = {
  home: '/team',
  newTeam: (competitionId: string) => `/team/new?competition=${encodeURIComponent(competitionId)}`,
  team: (teamId: string) => `/team/teams/${encodeURIComponent(teamId)}`,
  newEntry: (teamId: string) => `/team/teams/${encodeURIComponent(teamId)}/entries/new`,
  entry: (entryId: string) => `/team/entries/${encodeURIComponent(entryId)}`,
};

/** `/team`: the user's teams with their entries, and the competitions open for a new team. */
export function TeamHomePage() {
  const { t } = useTranslation('entries');
  usePageTitle(t('home.title'));
  const teams = useMyTeams();
  const competitions = usePublicCompetitions();

  return (
    <Stack gap="xl">
      <Title order={1}>{t('home.title')}</Title>
      <Stack component="section" aria-labelledby="my-teams" gap="md">
        <Title order={2} id="my-teams">
          {t('home.teamsTitle')}
        </Title>
        {teams.isPending ? (
          <LoadingState />
        ) : teams.isError ? (
          <ErrorAlert error={teams.error} />
        ) : teams.data.length === 0 ? (
          <EmptyState headingOrder={3} title={t('home.emptyTitle')} description={t('home.emptyText')} />
        ) : (
          <Stack gap="md">
            {teams.data.map((team) => (
              <TeamCard key={team.id} team={team} />
            ))}
          </Stack>
        )}
      </Stack>

      <Stack component="section" aria-labelledby="find-competition" gap="md">
        <div>
          <Title order={2} id="find-competition">
            {t('home.findTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('home.findText')}
          </Text>
        </div>
        {competitions.isPending ? (
          <LoadingState />
        ) : competitions.isError ? (
          <ErrorAlert error={competitions.error} />
        ) : competitions.data.length === 0 ? (
          <EmptyState
            headingOrder={3}
            title={t('home.noCompetitionsTitle')}
            description={t('home.noCompetitionsText')}
          />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" component="ul" className="plain-list">
            {competitions.data.map((competition) => (
              <CompetitionCard key={competition.id} competition={competition} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Stack>
  );
}

function TeamCard({ team }: { team: MyTeam }) {
  const { t, i18n } = useTranslation('entries');
  const language = i18n.resolvedLanguage ?? 'en';
  const localizedName = useLocalizedName();
  const entries = useEntries(team.competition.id, {}, { sort: 'createdAt', order: 'asc' }, { limit: 200 });
  const open = new Date(team.competition.submissionClosesAt).getTime() > Date.now();
  const own = entries.data?.pages.flatMap((p) => p.items).filter((e) => e.teamId === team.id) ?? [];
  const outcomes = useTeamOutcomes(team.competition.id);
  const headingId = `team-${team.id}`;

  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Group gap="xs">
              <Title order={3} id={headingId}>
                {team.name}
              </Title>
              <Badge variant="light" color={team.role === 'owner' ? 'indigo' : 'gray'}>
                {t(`home.role.${team.role}`)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {team.organization} · {countryName(team.country, language)} ·{' '}
              {t('home.members', { count: team.members.length })}
            </Text>
            <Text size="sm">{localizedName(team.competition)}</Text>
          </div>
          <Group gap="xs">
            <Button component={Link} to={teamPaths.team(team.id)} variant="default" size="sm">
              {t('home.editTeam')}
            </Button>
            {open && (
              <Button component={Link} to={teamPaths.newEntry(team.id)} size="sm">
                {t('home.newEntry')}
              </Button>
            )}
          </Group>
        </Group>
        <Text size="sm">
          {t('deadline.label')}{' '}
          <DeadlineText iso={team.competition.submissionClosesAt} timeZone={team.competition.timezone} /> ·{' '}
          <Countdown iso={team.competition.submissionClosesAt} />
        </Text>
        {entries.isPending ? (
          <LoadingState />
        ) : entries.isError ? (
          <ErrorAlert error={entries.error} />
        ) : own.length === 0 ? (
          <Text size="sm" c="dimmed">
            {open ? t('home.noEntries') : t('home.noEntriesClosed')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table aria-label={t('home.entriesOf', { team: team.name })}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('list.title')}</Table.Th>
                  <Table.Th scope="col">{t('list.status')}</Table.Th>
                  <Table.Th scope="col">{t('list.files')}</Table.Th>
                  {outcomes.any && <Table.Th scope="col">{t('progress.column')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {own.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td>
                      <Anchor component={Link} to={teamPaths.entry(entry.id)}>
                        {entry.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <EntryStatusBadge status={entry.status} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {entry.fileCounts.deck > 0 ? (
                          <Badge variant="light" color="indigo">
                            {t('files.kinds.deck')}
                          </Badge>
                        ) : (
                          <Badge variant="outline" color="red">
                            {t('list.noDeck')}
                          </Badge>
                        )}
                        {entry.fileCounts.video > 0 && (
                          <Badge variant="light" color="grape">
                            {t('files.kinds.video')}
                          </Badge>
                        )}
                        {entry.fileCounts.image > 0 && (
                          <Badge variant="light" color="cyan">
                            {t('list.images', { count: entry.fileCounts.image })}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    {outcomes.any && (
                      <Table.Td>
                        <LatestOutcomeBadge entry={outcomes.of(entry.id)} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}

function CompetitionCard({ competition }: { competition: PublicCompetition }) {
  const { t } = useTranslation('entries');
  const headingId = `competition-${competition.id}`;
  return (
    <Card withBorder radius="md" padding="lg" component="li" aria-labelledby={headingId}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} fz="h4" id={headingId}>
            {competition.name}
          </Title>
          <Badge color={competition.submissionsOpen ? 'teal' : 'gray'} variant="light">
            {competition.submissionsOpen ? t('home.open') : t('home.closed')}
          </Badge>
        </Group>
        {competition.description && (
          <Text size="sm" lineClamp={3}>
            {competition.description}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {t('home.tracks', { tracks: competition.tracks.map((tr) => tr.name).join(', ') || '—' })}
        </Text>
        <Text size="sm">
          {t('deadline.label')}{' '}
          <DeadlineText iso={competition.submissionClosesAt} timeZone={competition.timezone} />
        </Text>
        <Countdown iso={competition.submissionClosesAt} />
        {competition.submissionsOpen && (
          <Group mt="auto" pt="xs">
            <Button
              component={Link}
              to={teamPaths.newTeam(competition.id)}
              aria-label={t('home.registerIn', { competition: competition.name })}
            >
              {t('home.register')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
