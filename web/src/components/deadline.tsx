import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, timeLeft } from '../i18n/dates.ts';

/** The submission deadline in the competition's time zone. */
export function DeadlineText({ iso, timeZone }: { iso: string; timeZone: string }) {
  const { i18n } = useTranslation();
  return <time dateTime={iso}>{formatDateTime(iso, timeZone, i18n.resolvedLanguage ?? 'en')}</time>;
}

/**
 * "Closes in 3 days 4 hours" / "Closed 2 days ago", refreshed every 30 seconds. Deliberately not a
 * live region: a ticking countdown announced to a screen reader would drown everything else.
 */
export function Countdown({ iso, now: fixedNow }: { iso: string; now?: Date }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => fixedNow ?? new Date());
  useEffect(() => {
    if (fixedNow) return;
    const timer = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(timer);
  }, [fixedNow]);

  const left = timeLeft(iso, fixedNow ?? now);
  const parts =
    left.days > 0
      ? [t('duration.days', { count: left.days }), t('duration.hours', { count: left.hours })]
      : left.hours > 0
        ? [t('duration.hours', { count: left.hours }), t('duration.minutes', { count: left.minutes })]
        : [t('duration.minutes', { count: left.minutes })];
  const duration = parts.join(t('duration.separator'));
  return (
    <Text component="span" c={left.past ? 'dimmed' : 'teal.9'} fw={500}>
      {left.past ? t('deadline.closedAgo', { duration }) : t('deadline.closesIn', { duration })}
    </Text>
  );
}
