import { Badge, type MantineSize } from '@mantine/core';
import type { EntryStatus } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { statusColors } from './entry-fns.ts';

/** Draft, submitted or withdrawn: a word and a colour, never the colour alone. */
export function EntryStatusBadge({ status, size = 'md' }: { status: EntryStatus; size?: MantineSize }) {
  const { t } = useTranslation('entries');
  return (
    <Badge
      color={statusColors[status]}
      variant={status === 'submitted' ? 'filled' : 'light'}
      size={size}
      // In a narrow table cell a badge would otherwise shrink to "SUBMIT…".
      style={{ minWidth: 'max-content' }}
    >
      {t(`status.${status}`)}
    </Badge>
  );
}
