import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Competition } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRounds } from '../../api/assignment.ts';
import {
  exportUrls,
  feedUrl,
  useCancelSchedule,
  usePublication,
  usePublish,
  useReleaseFeedback,
} from '../../api/awards.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime, fromZonedInputValue, toZonedInputValue } from '../../i18n/dates.ts';

/** What is public, when the rest will be, and the three ways to publish: now, at a time, one by one. */
export function PublicationPanel({ competition }: { competition: Competition }) {
  const { t, i18n } = useTranslation('awards');
  const lang = i18n.resolvedLanguage ?? 'en';
  const publication = usePublication(competition.id);
  const publish = usePublish(competition.id);
  const cancel = useCancelSchedule(competition.id);
  const [confirmNow, setConfirmNow] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const [when, setWhen] = useState(() =>
    toZonedInputValue(new Date(Date.now() + 3600_000).toISOString(), competition.timezone),
  );
  const at = fromZonedInputValue(when, competition.timezone);
  const urls = exportUrls(competition.id);

  if (publication.isPending) return <LoadingState />;
  if (publication.isError) return <ErrorAlert error={publication.error} />;
  const p = publication.data;
  const unpublished = p.awards.withWinners - p.awards.published;

  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      radius="md"
      component="section"
      aria-labelledby="publication-title"
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div style={{ flex: '1 1 320px' }}>
            <Title order={3} id="publication-title">
              {t('publication.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('publication.counts', {
                published: p.awards.published,
                withWinners: p.awards.withWinners,
                total: p.awards.total,
              })}
            </Text>
            {p.resultsPublishedAt && (
              <Text size="sm">
                {t('publication.publishedAt', {
                  when: formatDateTime(p.resultsPublishedAt, competition.timezone, lang),
                })}
              </Text>
            )}
          </div>
          <Group gap="sm">
            <Button onClick={() => setConfirmNow(true)} disabled={unpublished === 0} color="teal.9">
              {t('publication.publishNow')}
            </Button>
            <Button variant="default" onClick={() => setScheduling((s) => !s)} aria-expanded={scheduling}>
              {t('publication.schedule')}
            </Button>
            <Button
              component={Link}
              to={`/organizer/competitions/${competition.id}/ceremony`}
              variant="light"
            >
              {t('publication.ceremony')}
            </Button>
          </Group>
        </Group>

        {p.scheduledFor && (
          <Alert color="indigo" variant="light" title={t('publication.scheduledTitle')}>
            <Group justify="space-between">
              <Text size="sm">
                {t('publication.scheduledFor', {
                  when: formatDateTime(p.scheduledFor, competition.timezone, lang),
                })}
              </Text>
              <Button
                size="xs"
                variant="default"
                loading={cancel.isPending}
                onClick={() =>
                  cancel.mutate(undefined, {
                    onSuccess: () => notifications.show({ message: t('publication.cancelled') }),
                  })
                }
              >
                {t('publication.cancelSchedule')}
              </Button>
            </Group>
          </Alert>
        )}
        <ErrorAlert error={cancel.error} />

        {scheduling && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (!at) return;
              publish.mutate(
                { at },
                {
                  onSuccess: () => {
                    setScheduling(false);
                    notifications.show({ color: 'teal', message: t('publication.scheduledDone') });
                  },
                },
              );
            }}
          >
            <Group align="flex-end">
              <TextInput
                type="datetime-local"
                label={t('publication.when')}
                description={t('publication.whenHint', { zone: competition.timezone })}
                value={when}
                onChange={(event) => setWhen(event.currentTarget.value)}
                error={when && !at ? t('publication.badTime') : undefined}
                required
              />
              <Button type="submit" loading={publish.isPending} disabled={!at}>
                {t('publication.scheduleSubmit')}
              </Button>
            </Group>
          </form>
        )}
        <ErrorAlert error={publish.error} fields={['at']} />

        <Group gap="lg">
          <Anchor component={Link} to={`/c/${competition.slug}/results`} size="sm">
            {t('publication.publicPage')}
          </Anchor>
          <Anchor href={`/c/${competition.slug}/screen`} target="_blank" rel="noopener" size="sm">
            {t('publication.bigScreen')}
          </Anchor>
          <Anchor href={feedUrl(competition.slug)} target="_blank" rel="noopener" size="sm">
            {t('publication.feed')}
          </Anchor>
        </Group>
        <Group gap="sm">
          <Text size="sm" fw={500}>
            {t('exports.title')}
          </Text>
          <Button component="a" href={urls.awards} download size="xs" variant="default">
            {t('exports.awards')}
          </Button>
          <Button component="a" href={urls.results} download size="xs" variant="default">
            {t('exports.results')}
          </Button>
          <Button component="a" href={urls.reviews} download size="xs" variant="default">
            {t('exports.reviews')}
          </Button>
        </Group>
      </Stack>

      <Modal opened={confirmNow} onClose={() => setConfirmNow(false)} title={t('publication.confirmTitle')}>
        <Stack>
          <Text size="sm">{t('publication.confirmText', { count: unpublished })}</Text>
          <ErrorAlert error={publish.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmNow(false)}>
              {t('actions.cancel')}
            </Button>
            <Button
              color="teal.9"
              loading={publish.isPending}
              data-autofocus
              onClick={() =>
                publish.mutate(
                  {},
                  {
                    onSuccess: (result) => {
                      setConfirmNow(false);
                      notifications.show({
                        color: 'teal',
                        message: t('publication.publishedDone', { count: result.publishedAwardIds.length }),
                      });
                    },
                  },
                )
              }
            >
              {t('publication.publishNow')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

/** Per round: whether teams may read their judges' comments. */
export function FeedbackRelease({ competition }: { competition: Competition }) {
  const { t, i18n } = useTranslation('awards');
  const lang = i18n.resolvedLanguage ?? 'en';
  const rounds = useRounds(competition.id);
  const release = useReleaseFeedback(competition.id);
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      radius="md"
      component="section"
      aria-labelledby="feedback-title"
    >
      <Stack gap="sm">
        <div>
          <Title order={3} id="feedback-title">
            {t('feedback.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('feedback.intro')}
          </Text>
        </div>
        {rounds.isPending ? (
          <LoadingState />
        ) : rounds.isError ? (
          <ErrorAlert error={rounds.error} />
        ) : (
          rounds.data.map((round) => (
            <Group key={round.id} justify="space-between">
              <Switch
                label={`${round.position}. ${round.name}`}
                checked={round.feedbackReleasedAt !== null}
                disabled={release.isPending}
                onChange={(event) =>
                  release.mutate({ roundId: round.id, released: event.currentTarget.checked })
                }
              />
              {round.feedbackReleasedAt ? (
                <Badge color="teal" variant="light">
                  {t('feedback.releasedAt', {
                    when: formatDateTime(round.feedbackReleasedAt, competition.timezone, lang),
                  })}
                </Badge>
              ) : (
                <Badge color="gray" variant="light">
                  {t('feedback.withheld')}
                </Badge>
              )}
            </Group>
          ))
        )}
        <ErrorAlert error={release.error} />
      </Stack>
    </Paper>
  );
}
