import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '../../api/awards.ts';

/** Whether the page is receiving announcements right now. */
export function LiveBadge({ state, dark = false }: { state: LiveState; dark?: boolean }) {
  const { t } = useTranslation('awards');
  const color = state === 'live' ? 'teal' : state === 'connecting' ? 'gray' : 'red';
  // On a light page: the darkest shade on the palest, so the words read at 4.5:1 or better.
  const light = dark ? {} : { c: `${color}.9`, bg: `${color}.0` };
  return (
    <Badge color={color} variant={dark ? 'filled' : 'light'} size="lg" role="status" {...light}>
      {t(`live.${state}`)}
    </Badge>
  );
}
