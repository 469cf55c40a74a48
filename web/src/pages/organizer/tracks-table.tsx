import { Table, UnstyledButton } from '@mantine/core';
import type { Track } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

type SortKey = 'position' | 'name' | 'code';
type Sort = { key: SortKey; direction: 'ascending' | 'descending' };

export function sortTracks(tracks: readonly Track[], sort: Sort, locale: string): Track[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...tracks].sort((a, b) => {
    const primary =
      sort.key === 'position' ? a.position - b.position : collator.compare(a[sort.key], b[sort.key]);
    // Equal names or codes keep the organizer's order, so the table never shuffles on re-render.
    return primary !== 0 ? sign * primary : a.position - b.position;
  });
}

/** The competition's tracks; the name and code headers sort the table (and say how it is sorted). */
export function TracksTable({ tracks, captionId }: { tracks: readonly Track[]; captionId: string }) {
  const { t, i18n } = useTranslation();
  const [sort, setSort] = useState<Sort>({ key: 'position', direction: 'ascending' });
  const sorted = sortTracks(tracks, sort, i18n.resolvedLanguage ?? 'en');

  const header = (key: Exclude<SortKey, 'position'>, label: string) => {
    const active = sort.key === key;
    return (
      <Table.Th scope="col" aria-sort={active ? sort.direction : 'none'}>
        <UnstyledButton
          className="sort-button"
          onClick={() =>
            setSort(
              active && sort.direction === 'ascending'
                ? { key, direction: 'descending' }
                : { key, direction: 'ascending' },
            )
          }
        >
          {label}
          <span aria-hidden="true">{active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
          <span className="visually-hidden">
            {' '}
            {active && sort.direction === 'ascending'
              ? t('tracks.sortDescending')
              : t('tracks.sortAscending')}
          </span>
        </UnstyledButton>
      </Table.Th>
    );
  };

  return (
    <Table.ScrollContainer minWidth={360}>
      <Table striped highlightOnHover aria-labelledby={captionId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={60}>
              {t('tracks.position')}
            </Table.Th>
            {header('name', t('tracks.name'))}
            {header('code', t('tracks.code'))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((track) => (
            <Table.Tr key={track.id}>
              <Table.Td>{track.position}</Table.Td>
              <Table.Td>{track.name}</Table.Td>
              <Table.Td>
                <code>{track.code}</code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
