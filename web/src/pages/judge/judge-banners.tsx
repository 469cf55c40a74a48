import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyLiveRounds, useMyReminders } from '../../api/reviews.ts';
import { formatDateTime } from '../../i18n/dates.ts';

export const livePanelPath = (roundId: string) => `/judge/live/${encodeURIComponent(roundId)}`;

/**
 * On top of the judge's list: a live final they sit on (with a button to its panel page), and the
 * organizers' reminders for rounds where reviews are still left.
 */
export function JudgeBanners() {
  const { t, i18n } = useTranslation('reviews');
  const reminders = useMyReminders();
  const liveRounds = useMyLiveRounds();
  const lang = i18n.resolvedLanguage ?? 'en';
  const live = liveRounds.data ?? [];
  const reminded = reminders.data ?? [];
  if (live.length === 0 && reminded.length === 0) return null;
  return (
    <Stack gap="sm">
      {live.map((round) => (
        <Alert
          key={round.roundId}
          color="red"
          variant="light"
          title={t('banner.liveTitle', { round: round.roundName })}
        >
          <Group justify="space-between" align="center">
            <Text size="sm">
              {round.entryTitle ? t('banner.liveNow', { title: round.entryTitle }) : t('banner.liveWaiting')}{' '}
              · {round.competitionName}
            </Text>
            <Button component={Link} to={livePanelPath(round.roundId)} size="sm" color="red">
              {t('banner.openPanel')}
            </Button>
          </Group>
        </Alert>
      ))}
      {reminded.map((r) => (
        <Alert key={r.roundId} color="orange" variant="light" title={t('banner.reminderTitle')} role="status">
          {t('banner.reminderText', {
            round: r.roundName,
            competition: r.competitionName,
            when: formatDateTime(r.remindedAt, r.competitionTimezone, lang),
            count: r.left,
          })}
          {r.closesAt &&
            ` ${t('banner.reminderCloses', { when: formatDateTime(r.closesAt, r.competitionTimezone, lang) })}`}
        </Alert>
      ))}
    </Stack>
  );
}
