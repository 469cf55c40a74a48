import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '../../api/awards.ts';

/** Whether the page is receiving announcements right now. */
export function LiveBadge({ state, dark = false }: { state: LiveState; dark?: boolean }) {
  const { t } = useTranslation('awards');
  const color = state === 'live' ? 'teal' : state === 'connecting' ? 'gray' : 'orange';
  return (
    <Badge color={color} variant={dark ? 'filled' : 'light'} size="lg" role="status">
      {t(`live.${state}`)}
    </Badge>
  );
}
