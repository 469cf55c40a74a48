import { Badge, type MantineSize } from '@mantine/core';
import type { EntryStatus } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { statusColors } from './entry-fns.ts';

/** Draft, submitted or withdrawn: a word and a colour, never the colour alone. */
export function EntryStatusBadge({ status, size = 'md' }: { status: EntryStatus; size?: MantineSize }) {
  const { t } = useTranslation('entries');
  return (
    <Badge
      color={status === 'submitted' ? 'teal.9' : statusColors[status]}
      variant={status === 'submitted' ? 'filled' : 'light'}
      size={size}
      // In a narrow table cell a badge would otherwise shrink to "SUBMIT…".
      style={{ minWidth: 'max-content' }}
      // Light tints keep their colour, with text dark enough to read (orange 9 on its tint is 3.6:1).
      styles={status === 'submitted' ? undefined : { label: { color: 'var(--mantine-color-black)' } }}
    >
      {t(`status.${status}`)}
    </Badge>
  );
}
