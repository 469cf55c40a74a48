import { Table, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SortDirection } from './judges-fns.ts';

export type Sort<K extends string> = { key: K; direction: SortDirection };

/**
 * A column header that sorts its table: a button that says how the column is sorted (aria-sort on
 * the header) and flips the direction on a second press. `first` is the direction of the first press.
 */
export function SortHeader<K extends string>({
  column,
  label,
  sort,
  onSort,
  first = 'ascending',
  numeric = false,
}: {
  column: K;
  label: string;
  sort: Sort<K>;
  onSort: (sort: Sort<K>) => void;
  first?: SortDirection;
  numeric?: boolean;
}) {
  const { t } = useTranslation('judges');
  const active = sort.key === column;
  const flipped: SortDirection = first === 'ascending' ? 'descending' : 'ascending';
  return (
    <Table.Th scope="col" aria-sort={active ? sort.direction : 'none'} ta={numeric ? 'right' : undefined}>
      <UnstyledButton
        className="sort-button"
        onClick={() =>
          onSort({ key: column, direction: active && sort.direction === first ? flipped : first })
        }
      >
        {label}
        <span aria-hidden="true">{active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
        <span className="visually-hidden"> {t('table.sortBy', { column: label })}</span>
      </UnstyledButton>
    </Table.Th>
  );
}
