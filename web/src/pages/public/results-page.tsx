import { Anchor, Badge, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { PublicAward } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { feedUrl } from '../../api/awards.ts';
import { ApiError } from '../../api/client.ts';
import { countryName } from '../../components/countries.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { AwardKindBadge } from './award-kind-badge.tsx';
import { matches } from './awards-display.ts';
import { LiveBadge } from './live-badge.tsx';
import { useLiveResults } from './live-results.ts';

/**
 * `/c/:slug/results`: every published award with its winners, teams, countries, tracks and
 * citations. Updates live as awards are revealed; nothing unpublished ever reaches this page.
 */
export function ResultsPage() {
  const { t, i18n } = useTranslation('awards');
  const lang = i18n.resolvedLanguage ?? 'en';
  const { slug = '' } = useParams();
  const { results, fresh, live } = useLiveResults(slug);
  const [query, setQuery] = useState('');
  const [track, setTrack] = useState<string | null>(null);
  usePageTitle(
    results.data ? t('public.pageTitle', { name: results.data.competition.name }) : t('public.title'),
  );

  if (results.isPending) return <LoadingState />;
  if (results.isError) {
    if (results.error instanceof ApiError && results.error.status === 404) {
      return (
        <EmptyState
          headingOrder={2}
          title={t('public.notFoundTitle')}
          description={t('public.notFoundText')}
        />
      );
    }
    return <ErrorAlert error={results.error} />;
  }
  const { competition, awards } = results.data;
  const tracks = [
    ...new Set(awards.flatMap((a) => a.winners.map((w) => w.track).filter((x): x is string => !!x))),
  ].sort();
  const shown = awards
    .map((award) => ({
      ...award,
      winners: award.winners.filter(
        (w) =>
          (!track || w.track === track) &&
          matches(query, award.name, w.title, w.team, w.track, w.citation, countryName(w.country, lang)),
      ),
    }))
    .filter((award) => award.winners.length > 0 || (!track && matches(query, award.name)));
  const prizes = shown.filter((a) => a.kind === 'prize');
  const specials = shown.filter((a) => a.kind === 'special');
  const latest = fresh.at(-1);

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start">
          <Title order={1}>{competition.name}</Title>
          <LiveBadge state={live} />
        </Group>
        <Text c="dimmed">
          {competition.resultsPublishedAt
            ? t('public.publishedOn', {
                when: formatDateTime(competition.resultsPublishedAt, competition.timezone, lang),
              })
            : awards.length > 0
              ? t('public.ceremonyUnderway')
              : t('public.notYet')}
        </Text>
      </Stack>
      {/* Screen readers hear each reveal as it happens. */}
      <div aria-live="polite" className="visually-hidden">
        {latest ? t('public.justRevealed', { name: latest.name }) : ''}
      </div>

      {awards.length === 0 ? (
        <EmptyState title={t('public.emptyTitle')} description={t('public.emptyText')} />
      ) : (
        <>
          <Group justify="space-between" align="flex-end">
            <Group align="flex-end">
              <TextInput
                label={t('public.search')}
                placeholder={t('public.searchPlaceholder')}
                value={query}
                onChange={(e) => setQuery(e.currentTarget.value)}
                w={300}
              />
              {tracks.length > 1 && (
                <Select
                  label={t('public.track')}
                  placeholder={t('public.allTracks')}
                  data={tracks}
                  value={track}
                  onChange={setTrack}
                  clearable
                  w={240}
                />
              )}
            </Group>
            <Group gap="md">
              <Button component={Link} to={`/c/${slug}/results/print`} variant="default" size="sm">
                {t('public.printable')}
              </Button>
              <Anchor href={feedUrl(slug)} size="sm">
                {t('public.feed')}
              </Anchor>
            </Group>
          </Group>
          {shown.length === 0 && <Text c="dimmed">{t('public.noMatch')}</Text>}
          <AwardSection
            title={t('public.prizes')}
            awards={prizes}
            freshIds={new Set(fresh.map((a) => a.id))}
          />
          <AwardSection
            title={t('public.specials')}
            awards={specials}
            freshIds={new Set(fresh.map((a) => a.id))}
          />
        </>
      )}
    </Stack>
  );
}

function AwardSection({
  title,
  awards,
  freshIds,
}: {
  title: string;
  awards: PublicAward[];
  freshIds: Set<string>;
}) {
  if (awards.length === 0) return null;
  return (
    <Stack component="section" gap="md" aria-label={title}>
      <Title order={2}>{title}</Title>
      {awards.map((award) => (
        <AwardCard key={award.id} award={award} fresh={freshIds.has(award.id)} />
      ))}
    </Stack>
  );
}

function AwardCard({ award, fresh }: { award: PublicAward; fresh: boolean }) {
  const { t, i18n } = useTranslation('awards');
  const lang = i18n.resolvedLanguage ?? 'en';
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      radius="md"
      id={`award-${award.id}`}
      component="article"
      aria-labelledby={`award-${award.id}-name`}
      data-testid="public-award"
      style={
        fresh
          ? {
              borderColor: 'var(--mantine-color-yellow-6)',
              borderWidth: 2,
              boxShadow: '0 0 0 4px var(--mantine-color-yellow-1)',
            }
          : undefined
      }
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} id={`award-${award.id}-name`}>
              {award.name}
            </Title>
            <Group gap="xs" mt={4}>
              <AwardKindBadge award={award} />
              {award.track && <Badge variant="outline">{award.track}</Badge>}
              {fresh && <Badge color="yellow">{t('public.new')}</Badge>}
            </Group>
          </div>
        </Group>
        {award.description && (
          <Text size="sm" c="dimmed">
            {award.description}
          </Text>
        )}
        <ul className="plain-list">
          {award.winners.map((w) => (
            <li
              key={w.entryId}
              style={{ padding: '8px 0', borderTop: '1px solid var(--mantine-color-gray-2)' }}
            >
              <Text fw={600}>{w.title}</Text>
              <Text size="sm">
                {w.team} · {countryName(w.country, lang)}
                {w.track ? ` · ${w.track}` : ''}
              </Text>
              {w.citation && (
                <Text size="sm" fs="italic" mt={4}>
                  “{w.citation}”
                </Text>
              )}
            </li>
          ))}
        </ul>
      </Stack>
    </Paper>
  );
}
