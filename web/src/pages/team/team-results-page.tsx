import { Anchor, Blockquote, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import type { User } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTeamResults } from '../../api/awards.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { AwardKindBadge } from '../public/award-kind-badge.tsx';
import { RoundOutcomeList } from './round-outcomes.tsx';

/**
 * `/my/results`: for each competition the user entered as a team, the published awards of its
 * entries and, once the organizers release them, the judges' comments (never who wrote them).
 */
export function TeamResultsPage({ user }: { user: User }) {
  const { t } = useTranslation('awards');
  usePageTitle(t('team.title'));
  const competitions = user.memberships.filter((m) => m.role === 'team');
  const [chosen, setChosen] = useState<string | null>(competitions[0]?.competitionId ?? null);

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('team.title')}</Title>
        <Text c="dimmed">{t('team.intro')}</Text>
      </Stack>
      {competitions.length === 0 ? (
        <EmptyState title={t('team.noTeamsTitle')} description={t('team.noTeamsText')} />
      ) : (
        <>
          {competitions.length > 1 && (
            <Select
              label={t('team.competition')}
              data={competitions.map((m) => ({ value: m.competitionId, label: m.competitionName }))}
              value={chosen}
              onChange={setChosen}
              allowDeselect={false}
              w={360}
            />
          )}
          {chosen && <CompetitionResults competitionId={chosen} />}
        </>
      )}
    </Stack>
  );
}

function CompetitionResults({ competitionId }: { competitionId: string }) {
  const { t, i18n } = useTranslation('awards');
  const lang = i18n.resolvedLanguage ?? 'en';
  const results = useTeamResults(competitionId);
  if (results.isPending) return <LoadingState />;
  if (results.isError) return <ErrorAlert error={results.error} />;
  const { competition, entries } = results.data;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{competition.name}</Title>
        <Anchor component={Link} to={`/c/${competition.slug}/results`}>
          {t('team.publicResults')}
        </Anchor>
      </Group>
      {entries.length === 0 && <Text c="dimmed">{t('team.noEntries')}</Text>}
      {entries.map((entry) => (
        <Paper
          key={entry.entryId}
          withBorder
          p={{ base: 'md', sm: 'lg' }}
          radius="md"
          component="article"
          aria-labelledby={`entry-${entry.entryId}`}
        >
          <Stack gap="sm">
            <div>
              <Title order={3} id={`entry-${entry.entryId}`}>
                {entry.title || t('team.untitled')}
              </Title>
              <Text size="sm" c="dimmed">
                {entry.team}
                {entry.track ? ` · ${entry.track}` : ''}
              </Text>
            </div>
            <Stack gap="xs" component="section" aria-labelledby={`rounds-${entry.entryId}`}>
              <Text fw={600} id={`rounds-${entry.entryId}`}>
                {t('team.rounds')}
              </Text>
              <RoundOutcomeList
                entry={entry}
                timezone={competition.timezone}
                headingId={`rounds-${entry.entryId}`}
              />
            </Stack>
            <Stack gap="xs" component="section" aria-label={t('team.awards')}>
              <Text fw={600}>{t('team.awards')}</Text>
              {entry.awards.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {competition.resultsPublishedAt ? t('team.noAward') : t('team.notPublished')}
                </Text>
              ) : (
                entry.awards.map((award) => (
                  <Paper key={award.id} p="sm" radius="sm" bg="var(--mantine-color-yellow-0)">
                    <Group gap="xs">
                      <Text fw={700}>{award.name}</Text>
                      <AwardKindBadge award={award} />
                    </Group>
                    {award.citation && (
                      <Text size="sm" fs="italic" mt={4}>
                        “{award.citation}”
                      </Text>
                    )}
                    <Text size="xs" c="dimmed" mt={4}>
                      {t('team.announced', {
                        when: formatDateTime(award.publishedAt, competition.timezone, lang),
                      })}
                    </Text>
                  </Paper>
                ))
              )}
            </Stack>
            <Stack gap="xs" component="section" aria-label={t('team.feedback')}>
              <Text fw={600}>{t('team.feedback')}</Text>
              {entry.feedback.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('team.noFeedback')}
                </Text>
              ) : (
                entry.feedback.map((round) => (
                  <Stack key={round.roundId} gap="xs">
                    <Text size="sm" fw={500}>
                      {round.roundName}
                    </Text>
                    {round.comments.map((comment, i) => (
                      <Blockquote
                        key={`${round.roundId}-${i}`}
                        p="sm"
                        color="gray"
                        cite={t('team.judge', { n: i + 1 })}
                      >
                        {comment}
                      </Blockquote>
                    ))}
                  </Stack>
                ))
              )}
            </Stack>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
