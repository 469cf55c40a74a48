import { BarChart } from '@mantine/charts';
import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Round, Snapshot } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { rubricRange } from './results-table.tsx';

const trackColors = [
  'indigo.6',
  'teal.6',
  'orange.6',
  'grape.6',
  'cyan.6',
  'pink.6',
  'lime.7',
  'yellow.7',
  'blue.6',
  'red.6',
];

/** Judges further than this from the consensus (in rubric points) are coloured as harsh or lenient. */
export const severityThreshold = 0.5;

/**
 * Histogram of the ranked scores, one stacked colour per track, in bins of half a point (or wider
 * on long scales) so a person sees where each track's entries sit.
 */
export function scoreHistogram(snapshot: Pick<Snapshot, 'entries'>, range: [number, number], maxBins = 24) {
  const [lo, hi] = range;
  const steps = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100];
  const width = steps.find((s) => (hi - lo) / s <= maxBins) ?? (hi - lo) / maxBins;
  const bins = Math.max(1, Math.ceil((hi - lo) / width));
  const tracks = [...new Map(snapshot.entries.map((e) => [e.trackId, e.trackName])).entries()];
  const rows = Array.from({ length: bins }, (_, i) => {
    const from = lo + i * width;
    const row: Record<string, number | string> = {
      bin: `${trimNumber(from)}–${trimNumber(Math.min(hi, from + width))}`,
    };
    for (const [, name] of tracks) row[name] = 0;
    return row;
  });
  for (const e of snapshot.entries) {
    if (e.calibratedScore === null) continue;
    const i = Math.min(bins - 1, Math.max(0, Math.floor((e.calibratedScore - lo) / width)));
    const row = rows[i]!;
    row[e.trackName] = (row[e.trackName] as number) + 1;
  }
  // Leading and trailing empty bins say nothing.
  const used = rows.map((r) => tracks.some(([, name]) => (r[name] as number) > 0));
  const first = used.indexOf(true);
  const last = used.lastIndexOf(true);
  return {
    rows: first < 0 ? [] : rows.slice(Math.max(0, first - 1), Math.min(rows.length, last + 2)),
    tracks: tracks.map(([, name]) => name),
  };
}

const trimNumber = (v: number) => String(Math.round(v * 100) / 100);

export function ScoreDistributionChart({ snapshot, round }: { snapshot: Snapshot; round: Round }) {
  const { t } = useTranslation('tally');
  const { rows, tracks } = scoreHistogram(snapshot, rubricRange(round));
  if (rows.length === 0) return null;
  return (
    <Paper withBorder p="md" radius="md" component="figure" m={0} aria-labelledby="distribution-title">
      <Stack gap="xs">
        <Title order={3} id="distribution-title">
          {t('charts.distribution')}
        </Title>
        <Text size="sm" c="dimmed" component="figcaption">
          {t('charts.distributionHint')}
        </Text>
        <BarChart
          h={260}
          data={rows}
          dataKey="bin"
          type="stacked"
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          series={tracks.map((name, i) => ({ name, color: trackColors[i % trackColors.length]! }))}
          xAxisLabel={snapshot.method === 'none' ? t('table.score') : t('table.calibrated')}
          yAxisLabel={t('charts.entries')}
          tickLine="y"
          yAxisProps={{ allowDecimals: false }}
        />
      </Stack>
    </Paper>
  );
}

/**
 * At 150 judges one bar each is a chart five thousand pixels tall that nobody reads: the chart keeps
 * the judges furthest from the consensus, half from each end (the table below lists every judge).
 */
const maxSeverityBars = 30;
export function furthestFromConsensus<T extends { severity: number }>(sorted: T[], max: number): T[] {
  if (sorted.length <= max) return sorted;
  const harsh = Math.ceil(max / 2);
  return [...sorted.slice(0, harsh), ...sorted.slice(sorted.length - (max - harsh))];
}

/** Each judge's severity, harshest first: a harsh judge is a long red bar, seen at a glance. */
export function JudgeSeverityChart({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation('tally');
  const all = [...snapshot.judges].sort((a, b) => a.severity - b.severity || a.name.localeCompare(b.name));
  if (all.length === 0) return null;
  const judges = furthestFromConsensus(all, maxSeverityBars);
  const data = judges.map((j) => ({ judge: j.name, severity: Math.round(j.severity * 100) / 100 }));
  return (
    <Paper withBorder p="md" radius="md" component="figure" m={0} aria-labelledby="severity-title">
      <Stack gap="xs">
        <Title order={3} id="severity-title">
          {t('charts.severity')}
        </Title>
        <Text size="sm" c="dimmed" component="figcaption">
          {t('charts.severityHint', { threshold: severityThreshold })}
        </Text>
        <BarChart
          h={Math.max(160, 34 * judges.length + 40)}
          data={data}
          dataKey="judge"
          orientation="vertical"
          series={[{ name: 'severity', label: t('charts.severityLabel'), color: 'gray.5' }]}
          getBarColor={(value) =>
            value <= -severityThreshold ? 'red.7' : value >= severityThreshold ? 'teal.6' : 'gray.5'
          }
          referenceLines={[{ x: 0, color: 'gray.6' }]}
          yAxisProps={{ width: 160 }}
          gridAxis="x"
          valueFormatter={(v) => (v > 0 ? `+${v}` : String(v))}
        />
        <Text size="xs" c="dimmed">
          {t('charts.severityLegend')}
          {judges.length < all.length &&
            ` ${t('charts.severityShown', { shown: judges.length, total: all.length })}`}
        </Text>
      </Stack>
    </Paper>
  );
}

/** Inter-rater reliability per track, with the coefficient's name. */
export function ReliabilityChart({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation('tally');
  const rows = snapshot.reliability.filter((r) => r.value !== null);
  if (snapshot.reliability.length === 0) return null;
  const method = snapshot.reliability[0]?.method ?? '';
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Paper withBorder p="md" radius="md" component="figure" m={0} aria-labelledby="reliability-title">
        <Stack gap="xs">
          <Title order={3} id="reliability-title">
            {t('charts.reliability', { method })}
          </Title>
          <Text size="sm" c="dimmed" component="figcaption">
            {t('charts.reliabilityHint')}
          </Text>
          {rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('charts.reliabilityNone')}
            </Text>
          ) : (
            <BarChart
              h={Math.max(140, 34 * rows.length + 50)}
              data={rows.map((r) => ({ track: r.trackName, value: Math.round(r.value! * 100) / 100 }))}
              dataKey="track"
              orientation="vertical"
              series={[{ name: 'value', label: method, color: 'indigo.6' }]}
              getBarColor={(value) => (value >= 0.6 ? 'teal.6' : value >= 0.4 ? 'yellow.6' : 'red.6')}
              xAxisProps={{ domain: [Math.min(0, ...rows.map((r) => r.value!)), 1] }}
              yAxisProps={{ width: 150 }}
              referenceLines={[{ x: 0.6, color: 'teal.6', label: t('charts.good'), labelPosition: 'top' }]}
              gridAxis="x"
              withBarValueLabel
            />
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Stack gap={6}>
          <Title order={4}>{t('charts.readingTitle')}</Title>
          <Text size="sm">{t('charts.readingRank')}</Text>
          <Text size="sm">{t('charts.readingInterval')}</Text>
          <Text size="sm">{t('charts.readingTie')}</Text>
          <Text size="sm">{t('charts.readingClose')}</Text>
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
