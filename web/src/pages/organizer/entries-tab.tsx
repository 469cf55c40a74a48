import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import {
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { EntryCounts, EntryListItem, EntrySort, EntryStatus, Track } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type EntryFilters,
  type EntryOrder,
  entriesExportUrl,
  fileUrl,
  useEntries,
  useEntry,
} from '../../api/entries.ts';
import { countryName, teamLine } from '../../components/countries.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { EntryDescription } from '../../components/entry-description.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { useLocalizedName } from '../../i18n/content.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { formatSize, statusColors } from '../team/entry-fns.ts';
import { EntryStatusBadge } from '../team/status-badge.tsx';
import type { CompetitionTabProps } from './competition-tabs.ts';
import { EntriesImport } from './entries-import.tsx';
import { EntryActions } from './entry-actions.tsx';

const statuses: EntryStatus[] = ['draft', 'submitted', 'withdrawn', 'disqualified'];

/** Every entry of the competition: filters, sorting, cursor pages, and counts per track and country. */
export function EntriesTab({ competition }: CompetitionTabProps) {
  const { t, i18n } = useTranslation('entries');
  const language = i18n.resolvedLanguage ?? 'en';
  const [choices, setFilters] = useState<Omit<EntryFilters, 'q'>>({});
  const [search, setSearch] = useState('');
  // The list follows the search box once typing pauses, not at every key.
  const [q] = useDebouncedValue(search.trim(), 300);
  const filters: EntryFilters = { ...choices, ...(q ? { q } : {}) };
  const [order, setOrder] = useState<EntryOrder>({ sort: 'createdAt', order: 'desc' });
  const [openEntry, setOpenEntry] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const entries = useEntries(competition.id, filters, order);
  const pages = entries.data?.pages ?? [];
  const items = pages.flatMap((page) => page.items);
  const counts = pages[0]?.counts;
  const localName = useLocalizedName();
  // Track names in the reader's language, as the overview and the public pages show them.
  const trackName = new Map(competition.tracks.map((track) => [track.id, localName(track)]));
  const filtered = Object.values(filters).some(Boolean);

  const countryChoices = (counts?.byCountry ?? [])
    .map((c) => ({ value: c.country, label: `${countryName(c.country, language)} (${c.count})` }))
    .concat(
      filters.country && !counts?.byCountry.some((c) => c.country === filters.country)
        ? [{ value: filters.country, label: countryName(filters.country, language) }]
        : [],
    )
    .sort((a, b) => a.label.localeCompare(b.label, language));

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} id="entries-title">
            {t('organizer.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('organizer.intro')}
          </Text>
        </div>
        <Button
          variant={importing ? 'default' : 'light'}
          onClick={() => setImporting((open) => !open)}
          aria-expanded={importing}
        >
          {importing ? t('common.cancel') : t('import.open')}
        </Button>
      </Group>

      {importing && (
        <Paper withBorder p="md" radius="md">
          <EntriesImport
            competitionId={competition.id}
            tracks={competition.tracks}
            onDone={() => setImporting(false)}
          />
        </Paper>
      )}

      {counts && <CountsCharts counts={counts} tracks={competition.tracks} />}

      <Stack component="section" aria-labelledby="entries-table-title" gap="sm">
        <Title order={3} id="entries-table-title" className="visually-hidden">
          {t('organizer.tableTitle')}
        </Title>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            type="search"
            label={t('organizer.search')}
            placeholder={t('organizer.searchPlaceholder')}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            maxLength={200}
            w={300}
          />
          <Select
            label={t('organizer.filterTrack')}
            placeholder={t('organizer.all')}
            clearable
            data={competition.tracks.map((track) => ({ value: track.id, label: localName(track) }))}
            value={filters.trackId ?? null}
            onChange={(value) => setFilters((f) => ({ ...f, trackId: value ?? undefined }))}
            w={220}
          />
          <Select
            label={t('organizer.filterStatus')}
            placeholder={t('organizer.all')}
            clearable
            data={statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            value={filters.status ?? null}
            onChange={(value) =>
              setFilters((f) => ({ ...f, status: (value as EntryStatus | null) ?? undefined }))
            }
            w={180}
          />
          <Select
            label={t('organizer.filterCountry')}
            placeholder={t('organizer.all')}
            clearable
            searchable
            data={countryChoices}
            value={filters.country ?? null}
            onChange={(value) => setFilters((f) => ({ ...f, country: value ?? undefined }))}
            w={220}
          />
          {filtered && (
            <Button
              variant="subtle"
              onClick={() => {
                setFilters({});
                setSearch('');
              }}
            >
              {t('organizer.clearFilters')}
            </Button>
          )}
        </Group>
        <Group justify="space-between" align="center" gap="sm">
          {counts ? (
            <Text size="sm" aria-live="polite">
              {t('organizer.showing', { shown: items.length, total: counts.total })}
            </Text>
          ) : (
            <span />
          )}
          <Group gap="xs" role="group" aria-label={t('organizer.export')}>
            {(['csv', 'xlsx'] as const).map((format) => (
              <Button
                key={format}
                component="a"
                variant="default"
                size="xs"
                href={entriesExportUrl(competition.id, filters, format)}
                download
                title={t('organizer.exportHint')}
              >
                {format === 'csv' ? t('organizer.exportCsv') : t('organizer.exportXlsx')}
              </Button>
            ))}
          </Group>
        </Group>

        {entries.isPending ? (
          <LoadingState />
        ) : entries.isError ? (
          <ErrorAlert error={entries.error} />
        ) : items.length === 0 ? (
          <EmptyState
            headingOrder={4}
            title={filtered ? t('organizer.noMatchTitle') : t('organizer.emptyTitle')}
            description={filtered ? t('organizer.noMatchText') : t('organizer.emptyText')}
          />
        ) : (
          <EntriesTable
            items={items}
            order={order}
            onOrder={setOrder}
            trackName={trackName}
            onOpen={setOpenEntry}
            timezone={competition.timezone}
          />
        )}
        {entries.hasNextPage && (
          <Group justify="center">
            <Button
              variant="default"
              loading={entries.isFetchingNextPage}
              onClick={() => void entries.fetchNextPage()}
            >
              {t('organizer.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>

      <Drawer
        opened={openEntry !== null}
        onClose={() => setOpenEntry(null)}
        position="right"
        size="lg"
        title={t('organizer.entryDetails')}
      >
        {openEntry && (
          <EntryDetails
            entryId={openEntry}
            trackName={trackName}
            timezone={competition.timezone}
            submissionClosesAt={competition.submissionClosesAt}
          />
        )}
      </Drawer>
    </Stack>
  );
}

function CountsCharts({ counts, tracks }: { counts: EntryCounts; tracks: readonly Track[] }) {
  const { t, i18n } = useTranslation('entries');
  const language = i18n.resolvedLanguage ?? 'en';
  const localName = useLocalizedName();
  const byTrack = tracks.map((track) => ({
    track: track.code,
    name: localName(track),
    entries: counts.byTrack.find((c) => c.trackId === track.id)?.count ?? 0,
  }));
  const byCountry = counts.byCountry
    .slice(0, 15)
    .map((c) => ({ country: c.country, name: countryName(c.country, language), entries: c.count }));
  const byStatus = statuses.map((s) => ({
    status: s,
    count: counts.byStatus.find((c) => c.status === s)?.count ?? 0,
  }));
  return (
    <Stack component="section" aria-labelledby="entries-counts" gap="sm">
      <Group justify="space-between" align="center">
        <Title order={3} id="entries-counts">
          {t('organizer.countsTitle')}
        </Title>
        <Group gap="xs">
          {byStatus.map(({ status, count }) => (
            <Badge
              key={status}
              variant="light"
              color={statusColors[status]}
              size="lg"
              // The tint carries the colour; the words stay black, legible on every tint.
              styles={{ label: { color: 'var(--mantine-color-black)' } }}
            >
              {t(`status.${status}`)}: {count}
            </Badge>
          ))}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="md" radius="md">
          <Title order={4} fz="sm" mb="xs" id="chart-tracks">
            {t('organizer.perTrack')}
          </Title>
          <BarChart
            h={220}
            data={byTrack}
            dataKey="track"
            series={[{ name: 'entries', label: t('organizer.entries'), color: 'indigo.6' }]}
            withBarValueLabel
            maxBarWidth={48}
            tickLine="none"
            yAxisProps={{ allowDecimals: false }}
            aria-labelledby="chart-tracks"
          />
          <ChartTable
            caption={t('organizer.perTrack')}
            rows={byTrack.map((r) => [`${r.name} (${r.track})`, r.entries])}
            headers={[t('organizer.track'), t('organizer.entries')]}
          />
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={4} fz="sm" mb="xs" id="chart-countries">
            {t('organizer.perCountry', { count: counts.byCountry.length })}
          </Title>
          {byCountry.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('organizer.noCounts')}
            </Text>
          ) : (
            <BarChart
              h={Math.max(120, byCountry.length * 26)}
              data={byCountry}
              dataKey="country"
              orientation="vertical"
              yAxisProps={{ width: 40 }}
              xAxisProps={{ allowDecimals: false }}
              maxBarWidth={22}
              series={[{ name: 'entries', label: t('organizer.entries'), color: 'teal.6' }]}
              withBarValueLabel
              tickLine="none"
              aria-labelledby="chart-countries"
            />
          )}
          <ChartTable
            caption={t('organizer.perCountry', { count: counts.byCountry.length })}
            rows={counts.byCountry.map((c) => [
              `${countryName(c.country, language)} (${c.country})`,
              c.count,
            ])}
            headers={[t('organizer.country'), t('organizer.entries')]}
          />
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

/** The numbers behind a chart, for screen readers (a chart alone says nothing to them). */
function ChartTable({
  caption,
  headers,
  rows,
}: {
  caption: string;
  headers: [string, string];
  rows: Array<[string, number]>;
}) {
  return (
    <table className="visually-hidden">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{headers[0]}</th>
          <th scope="col">{headers[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EntriesTable({
  items,
  order,
  onOrder,
  trackName,
  onOpen,
  timezone,
}: {
  items: EntryListItem[];
  order: EntryOrder;
  onOrder: (order: EntryOrder) => void;
  trackName: Map<string, string>;
  onOpen: (entryId: string) => void;
  timezone: string;
}) {
  const { t, i18n } = useTranslation('entries');
  const language = i18n.resolvedLanguage ?? 'en';
  const header = (sort: EntrySort, label: string) => {
    const active = order.sort === sort;
    const direction = active ? (order.order === 'asc' ? 'ascending' : 'descending') : 'none';
    return (
      <Table.Th scope="col" aria-sort={direction}>
        <UnstyledButton
          className="sort-button"
          onClick={() => onOrder({ sort, order: active && order.order === 'asc' ? 'desc' : 'asc' })}
        >
          {label}
          <span aria-hidden="true">{active ? (order.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
          <span className="visually-hidden"> {t('organizer.sortBy', { column: label })}</span>
        </UnstyledButton>
      </Table.Th>
    );
  };
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table striped highlightOnHover aria-labelledby="entries-title">
        <Table.Thead>
          <Table.Tr>
            {header('title', t('list.title'))}
            {header('team', t('organizer.team'))}
            {header('country', t('organizer.country'))}
            <Table.Th scope="col">{t('organizer.track')}</Table.Th>
            <Table.Th scope="col">{t('list.status')}</Table.Th>
            <Table.Th scope="col">{t('list.files')}</Table.Th>
            {header('updatedAt', t('organizer.updated'))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td style={{ wordBreak: 'break-word' }}>
                <Anchor component="button" type="button" ta="left" onClick={() => onOpen(entry.id)}>
                  {entry.title}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{entry.team.name}</Text>
                <Text size="xs" c="dimmed">
                  {entry.team.organization}
                </Text>
              </Table.Td>
              <Table.Td>
                <abbr title={countryName(entry.team.country, language)}>{entry.team.country}</abbr>
              </Table.Td>
              <Table.Td>{entry.trackId ? (trackName.get(entry.trackId) ?? '—') : '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <EntryStatusBadge status={entry.status} size="sm" />
                {entry.deadlineExtendedUntil && (
                  <Text size="xs" c="dark.4" mt={2}>
                    {t('organizer.extended')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">
                  {entry.fileCounts.deck > 0 ? (
                    t('files.kinds.deck')
                  ) : (
                    <Text span c="red.9" size="sm">
                      {t('list.noDeck')}
                    </Text>
                  )}
                  {entry.fileCounts.video > 0 && ` · ${t('files.kinds.video')}`}
                  {entry.fileCounts.image > 0 && ` · ${t('list.images', { count: entry.fileCounts.image })}`}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" component="time" dateTime={entry.updatedAt}>
                  {formatDateTime(entry.updatedAt, timezone, language)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function EntryDetails({
  entryId,
  trackName,
  timezone,
  submissionClosesAt,
}: {
  entryId: string;
  trackName: Map<string, string>;
  timezone: string;
  submissionClosesAt: string;
}) {
  const { t, i18n } = useTranslation('entries');
  const language = i18n.resolvedLanguage ?? 'en';
  const entry = useEntry(entryId);
  if (entry.isPending) return <LoadingState />;
  if (entry.isError) return <ErrorAlert error={entry.error} />;
  const e = entry.data;
  return (
    <Stack gap="md">
      <Group gap="sm">
        <Title order={3}>{e.title}</Title>
        <EntryStatusBadge status={e.status} />
      </Group>
      <Text size="sm" c="dimmed">
        {teamLine(e.team, language)} · {e.trackId ? trackName.get(e.trackId) : '—'}
      </Text>
      {e.submittedAt && (
        <Text size="sm">
          {t('organizer.submittedAt', { when: formatDateTime(e.submittedAt, timezone, language) })}
        </Text>
      )}
      <div>
        <Text fw={600}>{t('entry.fields.summary')}</Text>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{e.summary || '—'}</Text>
      </div>
      <div>
        <Text fw={600}>{t('entry.fields.description')}</Text>
        {e.description ? <EntryDescription text={e.description} /> : <Text size="sm">—</Text>}
      </div>
      {(e.websiteUrl || e.videoUrl) && (
        <Stack gap={2}>
          {e.websiteUrl && (
            <Anchor href={e.websiteUrl} target="_blank" rel="noopener noreferrer">
              {e.websiteUrl}
            </Anchor>
          )}
          {e.videoUrl && (
            <Anchor href={e.videoUrl} target="_blank" rel="noopener noreferrer">
              {e.videoUrl}
            </Anchor>
          )}
        </Stack>
      )}
      {e.avoidOrganizations.length > 0 && (
        <Text size="sm">{t('organizer.avoids', { organizations: e.avoidOrganizations.join(', ') })}</Text>
      )}
      <div>
        <Text fw={600} mb={4}>
          {t('files.title')}
        </Text>
        {e.files.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('files.empty')}
          </Text>
        ) : (
          <Stack gap={4} component="ul" className="plain-list">
            {e.files.map((file) => (
              <li key={file.id}>
                <Group gap="xs" wrap="nowrap">
                  <Badge variant="light" size="sm">
                    {t(`files.kinds.${file.kind}`)}
                  </Badge>
                  <Anchor
                    href={fileUrl(file.id, { inline: true })}
                    target="_blank"
                    rel="noopener"
                    size="sm"
                    style={{ wordBreak: 'break-word' }}
                  >
                    {file.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {formatSize(file.size, language)}
                  </Text>
                </Group>
              </li>
            ))}
          </Stack>
        )}
      </div>
      <Paper withBorder p="md" radius="md">
        <EntryActions entry={e} timezone={timezone} submissionClosesAt={submissionClosesAt} />
      </Paper>
    </Stack>
  );
}
