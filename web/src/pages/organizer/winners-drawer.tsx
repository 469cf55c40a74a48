import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Drawer,
  Group,
  Paper,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Award, AwardSuggestion, Track } from '@wuzhen/shared';
import { maxCitationLength, trackAllowed } from '@wuzhen/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCandidateEntries, usePutWinners, useSuggestions } from '../../api/awards.ts';
import { BilingualField } from '../../components/bilingual-field.tsx';
import { countryName } from '../../components/countries.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { useLocalizedName } from '../../i18n/content.ts';
import { matches } from '../public/awards-display.ts';

type Chosen = {
  entryId: string;
  title: string;
  team: string;
  country: string;
  track: string | null;
  citation: string;
  citationZh: string;
};

/** Pick an award's winners from the final tally's suggestions (or by hand), and cite each one. */
export function WinnersDrawer({
  award,
  competitionId,
  tracks,
  onClose,
}: {
  award: Award | null;
  competitionId: string;
  tracks: Track[];
  onClose: () => void;
}) {
  const { t } = useTranslation('awards');
  const localName = useLocalizedName();
  return (
    <Drawer
      opened={award !== null}
      onClose={onClose}
      position="right"
      size="min(100%, 64rem)"
      title={award ? t('winners.title', { name: localName(award) }) : ''}
      closeButtonProps={{ 'aria-label': t('actions.close') }}
    >
      {award && (
        <WinnersEditor
          key={award.id}
          award={award}
          competitionId={competitionId}
          tracks={tracks}
          onClose={onClose}
        />
      )}
    </Drawer>
  );
}

function WinnersEditor({
  award,
  competitionId,
  tracks,
  onClose,
}: {
  award: Award;
  competitionId: string;
  tracks: Track[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('awards');
  const localName = useLocalizedName();
  const lang = i18n.resolvedLanguage ?? 'en';
  const suggestions = useSuggestions(award.id);
  const save = usePutWinners(competitionId);
  const [chosen, setChosen] = useState<Chosen[]>(() =>
    award.winners.map((w) => ({
      entryId: w.entryId,
      title: w.title,
      team: w.team,
      country: w.country,
      track: w.track,
      citation: w.citation,
      citationZh: w.citationZh,
    })),
  );
  const [query, setQuery] = useState('');
  const noTally = suggestions.data && 'missing' in suggestions.data ? suggestions.data.missing : null;
  const full = chosen.length >= award.slots;
  const trackName = (id: string | null) => {
    const track = tracks.find((tr) => tr.id === id);
    return track ? localName(track) : null;
  };

  const add = (entry: Omit<Chosen, 'citation' | 'citationZh'>) => {
    if (chosen.some((c) => c.entryId === entry.entryId) || full) return;
    setChosen((list) => [...list, { ...entry, citation: '', citationZh: '' }]);
  };
  const move = (index: number, by: -1 | 1) =>
    setChosen((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });

  return (
    <Stack gap="lg">
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="chosen-title">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-end">
            <Title order={3} fz="h4" id="chosen-title">
              {t('winners.chosen')}
            </Title>
            <Text size="sm" fw={500} aria-live="polite">
              {t('winners.slotCounter', { filled: chosen.length, slots: award.slots })}
            </Text>
          </Group>
          <Progress
            value={Math.min(100, (chosen.length / award.slots) * 100)}
            color={chosen.length > award.slots ? 'red' : full ? 'teal' : 'indigo'}
            aria-label={t('winners.slotCounter', { filled: chosen.length, slots: award.slots })}
          />
          {chosen.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('winners.noneChosen')}
            </Text>
          )}
          {chosen.map((winner, index) => (
            <Paper key={winner.entryId} withBorder p="sm" radius="sm" bg="var(--mantine-color-gray-0)">
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div>
                    <Text fw={600}>
                      {index + 1}. {winner.title}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {winner.team} · {countryName(winner.country, lang)}
                      {winner.track ? ` · ${winner.track}` : ''}
                    </Text>
                  </div>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      aria-label={t('winners.moveUp', { title: winner.title })}
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                    >
                      ↑
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      aria-label={t('winners.moveDown', { title: winner.title })}
                      disabled={index === chosen.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      ↓
                    </ActionIcon>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => setChosen((list) => list.filter((c) => c.entryId !== winner.entryId))}
                      aria-label={t('winners.removeNamed', { title: winner.title })}
                    >
                      {t('winners.remove')}
                    </Button>
                  </Group>
                </Group>
                <BilingualField
                  id={`winner-${winner.entryId}-citation`}
                  label={t('winners.citation')}
                  placeholder={t('winners.citationPlaceholder')}
                  en={winner.citation}
                  zh={winner.citationZh}
                  onChange={(next) =>
                    setChosen((list) =>
                      list.map((c) =>
                        c.entryId === winner.entryId ? { ...c, citation: next.en, citationZh: next.zh } : c,
                      ),
                    )
                  }
                  maxLength={maxCitationLength}
                  multiline
                  description={t('winners.citationCount', {
                    used: winner.citation.length,
                    max: maxCitationLength,
                  })}
                />
              </Stack>
            </Paper>
          ))}
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button
              loading={save.isPending}
              disabled={chosen.length > award.slots}
              onClick={() =>
                save.mutate(
                  {
                    awardId: award.id,
                    winners: chosen.map((c) => ({
                      entryId: c.entryId,
                      citation: c.citation.trim(),
                      citationZh: c.citationZh.trim(),
                    })),
                  },
                  {
                    onSuccess: () => {
                      notifications.show({
                        color: 'teal',
                        message: t('winners.saved', { name: localName(award) }),
                      });
                      onClose();
                    },
                  },
                )
              }
            >
              {t('winners.save')}
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Stack component="section" aria-labelledby="suggestions-title" gap="sm">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={3} fz="h4" id="suggestions-title">
              {t('suggestions.title')}
            </Title>
            {suggestions.data && !('missing' in suggestions.data) && (
              <Text size="sm" c="dimmed">
                {t(
                  suggestions.data.rankedBy === 'trackRank'
                    ? 'suggestions.fromTrack'
                    : 'suggestions.fromOverall',
                  {
                    round: suggestions.data.round.name,
                  },
                )}
              </Text>
            )}
          </div>
          <TextInput
            label={t('suggestions.search')}
            value={query}
            onChange={(event) => setQuery(event.currentTarget.value)}
            w={240}
          />
        </Group>
        {suggestions.isPending ? (
          <LoadingState />
        ) : suggestions.isError ? (
          <ErrorAlert error={suggestions.error} />
        ) : noTally ? (
          <ManualPick
            award={award}
            competitionId={competitionId}
            message={noTally.message}
            chosen={chosen}
            full={full}
            trackName={trackName}
            onAdd={add}
          />
        ) : 'items' in suggestions.data ? (
          <SuggestionsTable
            items={suggestions.data.items.filter((i) =>
              matches(query, i.title, i.team, i.track, countryName(i.country, lang)),
            )}
            rankedBy={suggestions.data.rankedBy}
            chosenIds={new Set(chosen.map((c) => c.entryId))}
            full={full}
            onAdd={(item) =>
              add({
                entryId: item.entryId,
                title: item.title,
                team: item.team,
                country: item.country,
                track: item.track,
              })
            }
          />
        ) : null}
      </Stack>
    </Stack>
  );
}

function SuggestionsTable({
  items,
  rankedBy,
  chosenIds,
  full,
  onAdd,
}: {
  items: AwardSuggestion[];
  rankedBy: 'rank' | 'trackRank';
  chosenIds: Set<string>;
  full: boolean;
  onAdd: (item: AwardSuggestion) => void;
}) {
  const { t, i18n } = useTranslation('awards');
  const lang = i18n.resolvedLanguage ?? 'en';
  // One scale for every interval bar, so their widths and overlaps compare at a glance.
  const scale = useMemo(() => {
    const bounds = items.flatMap((i) => i.interval ?? []);
    const min = Math.min(...bounds);
    const max = Math.max(...bounds);
    return bounds.length > 0 && max > min ? { min, max } : null;
  }, [items]);
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('suggestions.empty')}
      </Text>
    );
  }
  const format = (n: number | null) => (n === null ? '—' : n.toFixed(2));
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">
              {rankedBy === 'trackRank' ? t('suggestions.trackRank') : t('suggestions.rank')}
            </Table.Th>
            <Table.Th scope="col">{t('suggestions.entry')}</Table.Th>
            <Table.Th scope="col">{t('suggestions.track')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('suggestions.score')}
            </Table.Th>
            <Table.Th scope="col">{t('suggestions.interval')}</Table.Th>
            <Table.Th scope="col">{t('suggestions.flags')}</Table.Th>
            <Table.Th scope="col">
              <span className="visually-hidden">{t('suggestions.action')}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const isChosen = chosenIds.has(item.entryId);
            return (
              <Table.Tr key={item.entryId} bg={isChosen ? 'var(--mantine-color-teal-0)' : undefined}>
                <Table.Td fw={600}>{item[rankedBy]}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {item.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {item.team} · {countryName(item.country, lang)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{item.track ?? '—'}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" ff="monospace">
                    {format(item.score)}
                  </Text>
                </Table.Td>
                <Table.Td miw={140}>
                  {item.interval ? (
                    <Tooltip
                      label={t('suggestions.intervalTip', {
                        low: format(item.interval[0]),
                        high: format(item.interval[1]),
                      })}
                    >
                      <div>
                        <IntervalBar interval={item.interval} score={item.score} scale={scale} />
                        <Text size="xs" c="dimmed" ff="monospace">
                          {format(item.interval[0])}–{format(item.interval[1])}
                        </Text>
                      </div>
                    </Tooltip>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {item.tie && (
                      <Badge color="orange" variant="light" size="sm">
                        {t('suggestions.tie')}
                      </Badge>
                    )}
                    {item.closeCall && (
                      <Badge color="yellow" variant="light" size="sm">
                        {t('suggestions.closeCall')}
                      </Badge>
                    )}
                    {item.otherAwards.map((a) => (
                      <Badge key={a.id} color="grape" variant="light" size="sm">
                        {t('suggestions.holds', { name: a.name })}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant={isChosen ? 'light' : 'filled'}
                    disabled={isChosen || full}
                    onClick={() => onAdd(item)}
                    aria-label={t(isChosen ? 'suggestions.chosenNamed' : 'suggestions.chooseNamed', {
                      title: item.title,
                    })}
                  >
                    {isChosen ? t('suggestions.chosen') : t('suggestions.choose')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The bootstrap interval as a bar on a shared scale, with the score as a tick. */
function IntervalBar({
  interval,
  score,
  scale,
}: {
  interval: [number, number];
  score: number | null;
  scale: { min: number; max: number } | null;
}) {
  if (!scale) return null;
  const at = (x: number) => `${((x - scale.min) / (scale.max - scale.min)) * 100}%`;
  return (
    <div
      aria-hidden
      style={{
        position: 'relative',
        height: 8,
        background: 'var(--mantine-color-gray-2)',
        borderRadius: 4,
        marginBottom: 2,
      }}
    >
      <div
        style={{
          position: 'absolute',
          left: at(interval[0]),
          width: `calc(${at(interval[1])} - ${at(interval[0])})`,
          top: 0,
          bottom: 0,
          background: 'var(--mantine-color-indigo-4)',
          borderRadius: 4,
        }}
      />
      {score !== null && (
        <div
          style={{
            position: 'absolute',
            left: at(score),
            top: -2,
            bottom: -2,
            width: 2,
            background: 'var(--mantine-color-indigo-9)',
          }}
        />
      )}
    </div>
  );
}

/** Without a tally of the final round, the organizer names winners from the submitted entries. */
function ManualPick({
  award,
  competitionId,
  message,
  chosen,
  full,
  trackName,
  onAdd,
}: {
  award: Award;
  competitionId: string;
  message: string;
  chosen: Chosen[];
  full: boolean;
  trackName: (id: string | null) => string | null;
  onAdd: (entry: Omit<Chosen, 'citation' | 'citationZh'>) => void;
}) {
  const { t } = useTranslation('awards');
  const entries = useCandidateEntries(competitionId, true);
  const [picked, setPicked] = useState<string | null>(null);
  const eligible = (entries.data ?? []).filter(
    (e) => !chosen.some((c) => c.entryId === e.id) && trackAllowed(award, e.trackId),
  );
  return (
    <Stack gap="sm">
      <Alert color="yellow" variant="light" title={t('suggestions.noTallyTitle')}>
        <Text size="sm">{message}</Text>
      </Alert>
      {entries.isError ? (
        <ErrorAlert error={entries.error} />
      ) : (
        <Group align="flex-end">
          <Select
            label={t('suggestions.pickByHand')}
            placeholder={
              entries.isPending ? t('suggestions.loadingEntries') : t('suggestions.pickPlaceholder')
            }
            data={eligible.map((e) => ({ value: e.id, label: `${e.title} — ${e.team}` }))}
            value={picked}
            onChange={setPicked}
            searchable
            nothingFoundMessage={t('suggestions.nothingFound')}
            style={{ flex: '1 1 320px' }}
            disabled={full}
          />
          <Button
            disabled={!picked || full}
            onClick={() => {
              const entry = eligible.find((e) => e.id === picked);
              if (!entry) return;
              onAdd({
                entryId: entry.id,
                title: entry.title,
                team: entry.team,
                country: entry.country,
                track: trackName(entry.trackId),
              });
              setPicked(null);
            }}
          >
            {t('suggestions.choose')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
