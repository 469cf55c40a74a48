import { BarChart, CompositeChart } from '@mantine/charts';
import { Alert, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { AssignmentSummary } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { loadDistribution, maxJudgeBars } from './assignment-fns.ts';

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

/** The result at a glance: coverage, loads against capacities, affinity, conflicts. */
export function AssignmentSummaryView({ summary }: { summary: AssignmentSummary }) {
  const { t, i18n } = useTranslation('assignment');
  const number = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en', { maximumFractionDigits: 2 });
  const { coverage } = summary;
  const assigned = summary.affinityHistogram.reduce((n, h) => n + h.count, 0);
  const affinitySum = summary.affinityHistogram.reduce((n, h) => n + h.affinity * h.count, 0);
  const expertShare = percent(
    summary.affinityHistogram.filter((h) => h.affinity > 0).reduce((n, h) => n + h.count, 0),
    assigned,
  );
  const overloaded = summary.judges.filter((j) => j.load > j.capacity).length;

  const stats = [
    {
      label: t('summary.coverage'),
      value: `${percent(coverage.fullyCovered, coverage.entries)}%`,
      detail: t('summary.coverageDetail', { covered: coverage.fullyCovered, entries: coverage.entries }),
      progress: percent(coverage.fullyCovered, coverage.entries),
      color: coverage.fullyCovered === coverage.entries ? 'teal' : 'orange',
    },
    {
      label: t('summary.slots'),
      value: `${coverage.slotsFilled} / ${coverage.slotsNeeded}`,
      detail: t('summary.slotsDetail', { reviews: summary.reviewsPerEntry }),
    },
    {
      label: t('summary.affinity'),
      value: assigned === 0 ? '—' : number.format(affinitySum / assigned),
      detail: t('summary.affinityDetail', { share: expertShare }),
    },
    {
      label: t('summary.conflictsAvoided'),
      value: String(summary.conflictsAvoided),
      detail: t('summary.conflictsAvoidedDetail'),
    },
    {
      label: t('summary.sameOrganization'),
      value: String(summary.sameOrganizationEntries),
      detail: t('summary.sameOrganizationDetail'),
    },
  ];

  const collator = new Intl.Collator(i18n.resolvedLanguage ?? 'en', { numeric: true, sensitivity: 'base' });
  const loadData = [...summary.judges]
    .sort((a, b) => collator.compare(a.name, b.name))
    .map((j) => ({ judge: j.name, load: j.load, capacity: j.capacity }));
  const byJudge = loadData.length <= maxJudgeBars;
  const histogram = [2, 1, 0].map((a) => ({
    affinity: t(`affinity.${a}` as 'affinity.0'),
    count: summary.affinityHistogram.find((h) => h.affinity === a)?.count ?? 0,
  }));

  return (
    <Stack gap="xl" component="section" aria-labelledby="summary-title">
      <Title order={3} id="summary-title">
        {t('summary.title')}
      </Title>
      {summary.conflictedAssignments > 0 && (
        <Alert color="orange" variant="light" title={t('summary.conflictedTitle')} role="alert">
          {t('summary.conflictedText', { count: summary.conflictedAssignments })}
        </Alert>
      )}
      {overloaded > 0 && (
        <Alert color="orange" variant="light" title={t('summary.overloadedTitle')}>
          {t('summary.overloadedText', { count: overloaded })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
        {stats.map((stat) => (
          <Paper key={stat.label} withBorder p="md" radius="md">
            <Text size="xs" tt="uppercase" fw={700} c="dimmed">
              {stat.label}
            </Text>
            <Text fz={28} fw={700} lh={1.2}>
              {stat.value}
            </Text>
            {stat.progress !== undefined && (
              <Progress value={stat.progress} color={stat.color} size="sm" my={4} aria-hidden />
            )}
            <Text size="xs" c="dimmed">
              {stat.detail}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Stack gap="xs">
          <Title order={4} id="load-title">
            {byJudge ? t('summary.loadTitle') : t('summary.loadDistributionTitle')}
          </Title>
          <Text size="sm" c="dimmed" id="load-desc">
            {byJudge ? t('summary.loadText') : t('summary.loadDistributionText', { count: loadData.length })}
          </Text>
          <div role="img" aria-labelledby="load-title" aria-describedby="load-desc">
            {byJudge ? (
              <CompositeChart
                h={Math.max(240, Math.min(420, 24 * loadData.length))}
                data={loadData}
                dataKey="judge"
                maxBarWidth={32}
                withLegend
                legendProps={{ verticalAlign: 'bottom' }}
                series={[
                  { name: 'load', label: t('summary.load'), color: 'indigo.6', type: 'bar' },
                  {
                    name: 'capacity',
                    label: t('summary.capacity'),
                    color: 'red.6',
                    type: 'line',
                    strokeDasharray: '6 4',
                  },
                ]}
                curveType="step"
                withDots={false}
                xAxisProps={{
                  interval: 0,
                  angle: loadData.length > 8 ? -35 : 0,
                  textAnchor: loadData.length > 8 ? 'end' : 'middle',
                  height: loadData.length > 8 ? 80 : 30,
                }}
                tickLine="none"
              />
            ) : (
              <BarChart
                h={240}
                data={loadDistribution(summary.judges)}
                dataKey="load"
                type="stacked"
                withLegend
                legendProps={{ verticalAlign: 'bottom' }}
                series={[
                  { name: 'within', label: t('summary.withinCapacity'), color: 'indigo.6' },
                  { name: 'over', label: t('summary.overCapacity'), color: 'red.7' },
                ]}
                xAxisLabel={t('summary.loadAxis')}
                yAxisLabel={t('summary.judgesAxis')}
                yAxisProps={{ allowDecimals: false }}
                maxBarWidth={40}
                tickLine="none"
              />
            )}
          </div>
        </Stack>
        <Stack gap="xs">
          <Title order={4} id="affinity-title">
            {t('summary.affinityTitle')}
          </Title>
          <Text size="sm" c="dimmed" id="affinity-desc">
            {t('summary.affinityText')}
          </Text>
          <div role="img" aria-labelledby="affinity-title" aria-describedby="affinity-desc">
            <BarChart
              h={240}
              data={histogram}
              dataKey="affinity"
              series={[{ name: 'count', label: t('summary.assignments'), color: 'teal.6' }]}
              withBarValueLabel
              maxBarWidth={64}
              tickLine="none"
            />
          </div>
        </Stack>
      </SimpleGrid>

      <Stack gap="xs">
        <Title order={4} id="tracks-title">
          {t('summary.tracksTitle')}
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table striped aria-labelledby="tracks-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('summary.track')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('summary.entries')}
                </Table.Th>
                <Table.Th scope="col">{t('summary.covered')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('summary.averageAffinity')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {summary.tracks.map((track) => (
                <Table.Tr key={track.trackId}>
                  <Table.Td>{track.name}</Table.Td>
                  <Table.Td ta="right">{track.entries}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Progress
                        value={percent(track.fullyCovered, track.entries)}
                        color={track.fullyCovered === track.entries ? 'teal' : 'orange'}
                        style={{ flex: 1, minWidth: 80 }}
                        aria-hidden
                      />
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {t('summary.coveredOf', { covered: track.fullyCovered, entries: track.entries })}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">{number.format(track.averageAffinity)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Stack>
  );
}
