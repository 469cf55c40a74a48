import { Badge, List, Text } from '@mantine/core';
import type { RoundOutcome, TeamResults } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { useTeamResults } from '../../api/awards.ts';
import { formatDateTime } from '../../i18n/dates.ts';

type TeamEntryResults = TeamResults['entries'][number];

/**
 * The team's own results for one entry (its awards, feedback and round outcomes), or null while
 * they load or when the reader is not on the team (an organizer opening the page): the server
 * decides what a team may read, and nothing is shown in its place.
 */
export function useEntryResults(competitionId: string, entryId: string) {
  const results = useTeamResults(competitionId);
  return {
    entry: results.data?.entries.find((e) => e.entryId === entryId) ?? null,
    timezone: results.data?.competition.timezone ?? null,
  };
}

/** The round outcomes of a team's entries in one competition; `any` once there is one to show. */
export function useTeamOutcomes(competitionId: string) {
  const results = useTeamResults(competitionId);
  const entries = results.data?.entries ?? [];
  return {
    any: entries.some((e) => e.rounds.length > 0),
    of: (entryId: string) => entries.find((e) => e.entryId === entryId) ?? null,
  };
}

/** Per round the entry took part in: advanced to which round and when, or did not advance. */
export function RoundOutcomeList({
  entry,
  timezone,
  headingId,
}: {
  entry: TeamEntryResults;
  timezone: string;
  headingId: string;
}) {
  const { t, i18n } = useTranslation('entries');
  const lang = i18n.resolvedLanguage ?? 'en';
  if (entry.rounds.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('progress.none')}
      </Text>
    );
  }
  return (
    <List spacing="xs" size="sm" aria-labelledby={headingId}>
      {entry.rounds.map((outcome) => (
        // The sentence says it all; the badge beside it is for the eye only.
        <List.Item key={outcome.roundId} icon={<OutcomeBadge outcome={outcome} aria-hidden />}>
          {t(outcome.outcome === 'advanced' ? 'progress.advancedFrom' : 'progress.notAdvancedFrom', {
            from: outcome.roundName,
            to: outcome.toRoundName,
            when: formatDateTime(outcome.decidedAt, timezone, lang),
          })}
        </List.Item>
      ))}
    </List>
  );
}

/** The latest outcome as a word and a colour, never the colour alone: for a row of a list. */
export function LatestOutcomeBadge({ entry }: { entry: TeamEntryResults | null }) {
  const latest = entry?.rounds.at(-1);
  return latest ? <OutcomeBadge outcome={latest} /> : null;
}

function OutcomeBadge({
  outcome,
  'aria-hidden': hidden,
}: {
  outcome: RoundOutcome;
  'aria-hidden'?: boolean;
}) {
  const { t } = useTranslation('entries');
  const advanced = outcome.outcome === 'advanced';
  return (
    // It carries a round's name as the organizer wrote it: not shouted in capitals.
    <Badge
      color={advanced ? 'teal' : 'gray'}
      variant="light"
      aria-hidden={hidden}
      styles={{ label: { textTransform: 'none' } }}
    >
      {advanced
        ? t('progress.advanced', { to: outcome.toRoundName })
        : t('progress.notAdvanced', { to: outcome.toRoundName })}
    </Badge>
  );
}
