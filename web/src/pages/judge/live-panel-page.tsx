import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Criterion, LiveState } from '@wuzhen/shared';
import { reviewLimits } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, fieldErrors } from '../../api/client.ts';
import { useLive, useRound } from '../../api/reviews.ts';
import { countryName } from '../../components/countries.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { LiveTimer } from './live-timer.tsx';
import { previewTotal } from './review-draft.ts';
import { RubricForm } from './rubric-form.tsx';
import { useReviewEditor } from './use-review-editor.ts';

/** `/judge/live/:roundId`: the tablet page of a panel judge during the live final. */
export function LivePanelPage() {
  const { t, i18n } = useTranslation('reviews');
  const { roundId = '' } = useParams();
  const live = useLive(roundId);
  const round = useRound(roundId);
  usePageTitle(round.data?.name ?? t('live.title'));

  if (live.isPending || round.isPending) return <LoadingState />;
  if (live.isError || round.isError) {
    const error = live.error ?? round.error;
    if (error instanceof ApiError && error.status === 404) {
      return (
        <Stack gap="md" align="flex-start">
          <Title order={1}>{t('live.notFoundTitle')}</Title>
          <Text>{t('live.notFound')}</Text>
          <Button component={Link} to="/judge">
            {t('page.backToList')}
          </Button>
        </Stack>
      );
    }
    return <ErrorAlert error={error} />;
  }
  const state = live.data;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to="/judge" size="sm">
          ← {t('page.backToList')}
        </Anchor>
        <Group justify="space-between" align="center">
          <Title order={1}>{state.round.name}</Title>
          <Badge color="red" variant="dot" size="lg">
            {t('live.badge')}
          </Badge>
        </Group>
      </Stack>
      {!state.entry ? (
        <Alert color="gray" title={t('live.waitingTitle')}>
          {t('live.waitingText')}
        </Alert>
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Paper withBorder radius="md" p="md">
              <Stack gap="md">
                <Stack gap={4}>
                  <Text size="sm" c="dimmed">
                    {t('live.nowPitching', { position: state.entry.position })}
                  </Text>
                  <Title order={2} aria-live="polite">
                    {state.entry.title}
                  </Title>
                  <Text size="sm">
                    {state.entry.teamName} · {countryName(state.entry.country, i18n.resolvedLanguage ?? 'en')}
                  </Text>
                </Stack>
                <Text size="sm">{state.entry.summary}</Text>
                <LiveTimer
                  startedAt={state.timerStartedAt}
                  serverNow={state.serverNow}
                  receivedAt={live.dataUpdatedAt}
                  pitchSeconds={state.pitchSeconds}
                  questionSeconds={state.questionSeconds}
                />
              </Stack>
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            {state.mine ? (
              <LiveScore
                key={state.mine.assignmentId}
                mine={state.mine}
                scoring={state.entry?.scoring ?? 'waiting'}
                rubric={round.data.criteria}
                closesAt={state.round.closesAt}
                onSubmitted={() => void live.refetch()}
              />
            ) : (
              <Alert color="gray" title={t('live.notOnPanelTitle')}>
                {t('live.notOnPanel')}
              </Alert>
            )}
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

function LiveScore({
  mine,
  scoring,
  rubric,
  closesAt,
  onSubmitted,
}: {
  mine: NonNullable<LiveState['mine']>;
  /** The server's word on this pitch: not before it starts, not after the organizer closes it. */
  scoring: 'waiting' | 'open' | 'closed';
  rubric: Criterion[];
  closesAt: string | null;
  onSubmitted: () => void;
}) {
  const { t } = useTranslation('reviews');
  const closed = closesAt !== null && Date.parse(closesAt) <= Date.now();
  const editable = !closed && scoring === 'open' && mine.status !== 'recused';
  const editor = useReviewEditor({ assignmentId: mine.assignmentId, rubric, review: mine.review, editable });
  const total = previewTotal(rubric, editor.draft.scores);
  const errors = fieldErrors(editor.error);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="live-score-heading">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} fz="h3" id="live-score-heading">
            {t('live.yourScore')}
          </Title>
          <Badge color={editor.submitted ? 'teal' : 'yellow'} variant="light" size="lg">
            {editor.submitted ? t('status.submitted') : t('status.draft')}
          </Badge>
        </Group>
        {scoring !== 'open' && (
          <Alert
            color={scoring === 'closed' ? 'gray' : 'blue'}
            title={t(scoring === 'closed' ? 'live.scoringClosedTitle' : 'live.scoringWaitingTitle')}
          >
            {t(scoring === 'closed' ? 'live.scoringClosed' : 'live.scoringWaiting')}
          </Alert>
        )}
        <RubricForm
          rubric={rubric}
          scores={editor.draft.scores}
          onScore={(key, value) => {
            const scores = { ...editor.draft.scores };
            if (value === undefined) delete scores[key];
            else scores[key] = value;
            editor.update({ scores });
          }}
          disabled={!editable}
          errors={errors}
        />
        <Textarea
          label={t('form.comment')}
          autosize
          minRows={2}
          maxLength={reviewLimits.comment}
          value={editor.draft.comment}
          onChange={(e) => editor.update({ comment: e.currentTarget.value })}
          disabled={!editable}
        />
        <ErrorAlert error={editor.error} fields={rubric.map((c) => `scores.${c.key}`)} />
        <Group justify="space-between" align="center">
          <Text fw={700} size="lg">
            {total === null
              ? t('form.totalPending', { count: editor.missing.length })
              : t('live.total', { total: total.toFixed(2) })}
          </Text>
          {editable && (
            <Button
              size="lg"
              loading={editor.submitting}
              disabled={editor.missing.length > 0 || (editor.submitted && !editor.draft.dirty)}
              onClick={async () => {
                try {
                  await editor.submit();
                  onSubmitted();
                  notifications.show({ color: 'teal', message: t('live.submitted') });
                } catch {
                  // Shown in the alert above.
                }
              }}
            >
              {editor.submitted ? t('form.saveChanges') : t('live.submit')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
