import {
  Badge,
  Button,
  Group,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import type { ResultEntry, Round, Snapshot, Track } from '@wuzhen/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReviewCount } from './missing-reviews.tsx';

/** Rows drawn at first and per "Show more": 1,100 ranked entries at once are slow on a tablet. */
const ROWS_PER_PAGE = 100;

/** The lowest and highest score the round's rubric allows, the range every interval bar spans. */
export const rubricRange = (round: Pick<Round, 'criteria'>): [number, number] => [
  Math.min(...round.criteria.map((c) => c.min)),
  Math.max(...round.criteria.map((c) => c.max)),
];

export const fmt = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined ? '—' : value.toFixed(digits);

type SortKey = 'rank' | 'trackRank' | 'title' | 'score' | 'raw' | 'reviews' | 'width';

const sortValue = (e: ResultEntry, key: SortKey): number | string => {
  switch (key) {
    case 'title':
      return e.title.toLowerCase();
    case 'score':
      return e.calibratedScore ?? Number.NEGATIVE_INFINITY;
    case 'raw':
      return e.rawScore ?? Number.NEGATIVE_INFINITY;
    case 'width':
      return e.interval ? e.interval[1] - e.interval[0] : Number.POSITIVE_INFINITY;
    default:
      return e[key];
  }
};

/** Ranks, scores with their intervals, ties and close calls; filter by track, search, sort by any column. */
export function ResultsTable({
  snapshot,
  round,
  tracks,
}: {
  snapshot: Snapshot;
  round: Round;
  tracks: Track[];
}) {
  const { t } = useTranslation('tally');
  const [trackId, setTrackId] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'rank', desc: false });
  const [limit, setLimit] = useState(ROWS_PER_PAGE);
  const range = rubricRange(round);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const shown = snapshot.entries.filter(
      (e) =>
        (!trackId || e.trackId === trackId) &&
        (!flaggedOnly || e.tie || e.closeCall) &&
        (!q || `${e.title} ${e.teamName} ${e.country}`.toLowerCase().includes(q)),
    );
    return shown.sort((a, b) => {
      const [x, y] = [sortValue(a, sort.key), sortValue(b, sort.key)];
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return (sort.desc ? -order : order) || a.rank - b.rank || (a.entryId < b.entryId ? -1 : 1);
    });
  }, [snapshot.entries, trackId, query, flaggedOnly, sort]);
  const visible = rows.slice(0, limit);
  const trackRankFirst = trackId !== null;

  const header = (key: SortKey, label: string, hint?: string) => (
    <Table.Th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <Tooltip label={hint} disabled={!hint} withArrow>
        <UnstyledButton
          fw={600}
          fz="sm"
          onClick={() =>
            setSort((s) => ({
              key,
              desc: s.key === key ? !s.desc : ['score', 'raw', 'reviews'].includes(key),
            }))
          }
        >
          {label} {sort.key === key ? (sort.desc ? '↓' : '↑') : ''}
        </UnstyledButton>
      </Tooltip>
    </Table.Th>
  );

  return (
    <Stack gap="sm" component="section" aria-labelledby="results-table-title" id="results-table">
      <Group justify="space-between" align="flex-end">
        <Title order={3} id="results-table-title">
          {t('table.title')}
        </Title>
        <Group gap="sm" align="flex-end">
          <TextInput
            label={t('table.search')}
            value={query}
            onChange={(e) => {
              setQuery(e.currentTarget.value);
              setLimit(ROWS_PER_PAGE);
            }}
            style={{ width: 200 }}
          />
          <Select
            label={t('table.track')}
            placeholder={t('table.allTracks')}
            data={tracks
              .filter((tr) => snapshot.entries.some((e) => e.trackId === tr.id))
              .map((tr) => ({ value: tr.id, label: tr.name }))}
            value={trackId}
            onChange={(value) => {
              setTrackId(value);
              setLimit(ROWS_PER_PAGE);
              setSort({ key: value ? 'trackRank' : 'rank', desc: false });
            }}
            clearable
            style={{ width: 220 }}
          />
          <Switch
            label={t('table.flaggedOnly')}
            checked={flaggedOnly}
            onChange={(e) => {
              setFlaggedOnly(e.currentTarget.checked);
              setLimit(ROWS_PER_PAGE);
            }}
            mb={8}
          />
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('table.showing', { shown: visible.length, total: snapshot.entries.length })}
      </Text>
      <Table.ScrollContainer minWidth={900}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              {trackRankFirst ? header('trackRank', t('table.trackRank')) : header('rank', t('table.rank'))}
              {trackRankFirst ? header('rank', t('table.rank')) : header('trackRank', t('table.trackRank'))}
              {header('title', t('table.entry'))}
              <Table.Th>{t('table.track')}</Table.Th>
              {header(
                'score',
                snapshot.method === 'none' ? t('table.score') : t('table.calibrated'),
                t(`methodHelp.${snapshot.method}`),
              )}
              {header('raw', t('table.raw'))}
              {header('width', t('table.interval'), t('table.intervalHint'))}
              {header('reviews', t('table.reviews'))}
              <Table.Th>{t('table.flags')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.map((e) => (
              <Table.Tr key={e.entryId} data-testid="result-row">
                <Table.Td fw={700}>{trackRankFirst ? e.trackRank : e.rank}</Table.Td>
                <Table.Td c="dimmed">{trackRankFirst ? e.rank : e.trackRank}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {e.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {e.teamName} · {e.country}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{e.trackName}</Text>
                </Table.Td>
                <Table.Td fw={600}>{fmt(e.calibratedScore)}</Table.Td>
                <Table.Td>{fmt(e.rawScore)}</Table.Td>
                <Table.Td>
                  <IntervalBar
                    interval={e.interval}
                    score={e.calibratedScore}
                    range={range}
                    closeCall={e.closeCall}
                  />
                </Table.Td>
                <Table.Td>
                  <ReviewCount reviews={e.reviews} missing={e.missingReviews} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Group gap={4} wrap="nowrap">
                    {e.tie && (
                      <Tooltip label={t('table.tieHint')} withArrow>
                        <Badge color="grape" variant="light" size="sm">
                          {t('table.tie')}
                        </Badge>
                      </Tooltip>
                    )}
                    {e.closeCall && (
                      <Tooltip label={t('table.closeCallHint')} withArrow>
                        <Badge
                          color="orange"
                          variant="light"
                          size="sm"
                          style={{ flexShrink: 0, overflow: 'visible' }}
                        >
                          {t('table.closeCall')}
                        </Badge>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {visible.length < rows.length && (
        <Group>
          <Button variant="default" onClick={() => setLimit((n) => n + ROWS_PER_PAGE)}>
            {t('table.showMore', {
              count: Math.min(ROWS_PER_PAGE, rows.length - visible.length),
              left: rows.length - visible.length,
            })}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** A score's bootstrap interval as a small bar on the rubric's range, with the score as a dot. */
export function IntervalBar({
  interval,
  score,
  range,
  closeCall,
}: {
  interval: [number, number] | null;
  score: number | null;
  range: [number, number];
  closeCall: boolean;
}) {
  const { t } = useTranslation('tally');
  const width = 120;
  const [lo, hi] = range;
  const x = (v: number) => ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo || 1)) * width;
  if (!interval || score === null) return <Text size="sm">—</Text>;
  const color = closeCall ? 'var(--mantine-color-orange-6)' : 'var(--mantine-color-indigo-6)';
  return (
    <Group gap={6} wrap="nowrap">
      <svg
        width={width}
        height={14}
        role="img"
        aria-label={t('table.intervalLabel', { lo: fmt(interval[0]), hi: fmt(interval[1]) })}
      >
        <line x1={0} x2={width} y1={7} y2={7} stroke="var(--mantine-color-gray-3)" strokeWidth={2} />
        <rect
          x={x(interval[0])}
          y={3}
          width={Math.max(2, x(interval[1]) - x(interval[0]))}
          height={8}
          rx={3}
          fill={color}
          opacity={0.35}
        />
        <circle cx={x(score)} cy={7} r={3.5} fill={color} />
      </svg>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {fmt(interval[0], 1)}–{fmt(interval[1], 1)}
      </Text>
    </Group>
  );
}

/** Each judge's statistics: reviews, mean, spread, severity, offset and outlier reviews. */
export function JudgesTable({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation('tally');
  const judges = [...snapshot.judges].sort((a, b) => a.severity - b.severity);
  if (judges.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="judges-table">
      <Title order={3} id="judges-table">
        {t('judges.tableTitle')}
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('judges.name')}</Table.Th>
              <Table.Th>{t('judges.reviews')}</Table.Th>
              <Table.Th>{t('judges.mean')}</Table.Th>
              <Table.Th>{t('judges.spread')}</Table.Th>
              <Table.Th>{t('judges.severity')}</Table.Th>
              {snapshot.method === 'bias' && <Table.Th>{t('judges.offset')}</Table.Th>}
              <Table.Th>{t('judges.outliers')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {judges.map((j) => (
              <Table.Tr key={j.judgeId}>
                <Table.Td>{j.name}</Table.Td>
                <Table.Td>{j.reviews}</Table.Td>
                <Table.Td>{fmt(j.mean)}</Table.Td>
                <Table.Td>{fmt(j.spread)}</Table.Td>
                <Table.Td c={j.severity < -0.5 ? 'red.9' : j.severity > 0.5 ? 'teal.9' : undefined} fw={500}>
                  {j.severity > 0 ? '+' : ''}
                  {fmt(j.severity)}
                </Table.Td>
                {snapshot.method === 'bias' && <Table.Td>{fmt(j.offset)}</Table.Td>}
                <Table.Td>{j.outlierReviewIds.length}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
