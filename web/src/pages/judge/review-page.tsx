import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Progress,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AssignmentDetail } from '@wuzhen/shared';
import { reviewLimits } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMyAssignments, useRecuse } from '../../api/assignment.ts';
import { ApiError, fieldErrors } from '../../api/client.ts';
import { useAssignmentDetail } from '../../api/reviews.ts';
import { teamLine } from '../../components/countries.ts';
import { EntryDescription } from '../../components/entry-description.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useContentText } from '../../i18n/content.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { reviewPath } from './my-assignments.tsx';
import { previewTotal } from './review-draft.ts';
import { RubricForm } from './rubric-form.tsx';
import { type SaveState, useReviewEditor } from './use-review-editor.ts';

export const fileUrl = (fileId: string, inline = true) =>
  `/api/v1/files/${encodeURIComponent(fileId)}${inline ? '?inline=1' : ''}`;

/** `/judge/assignments/:assignmentId`: the entry, its deck and video, and the rubric to score it on. */
export function ReviewPage() {
  const { t } = useTranslation('reviews');
  const { assignmentId = '' } = useParams();
  const detail = useAssignmentDetail(assignmentId);
  usePageTitle(detail.data?.entry.title ?? t('page.title'));

  if (detail.isPending) return <LoadingState />;
  if (detail.isError) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      return (
        <Stack gap="md" align="flex-start">
          <Title order={1}>{t('page.notFoundTitle')}</Title>
          <Text>{t('page.notFound')}</Text>
          <Button component={Link} to="/judge">
            {t('page.backToList')}
          </Button>
        </Stack>
      );
    }
    return <ErrorAlert error={detail.error} />;
  }
  return <ReviewWorkspace key={assignmentId} assignment={detail.data} />;
}

function ReviewWorkspace({ assignment }: { assignment: AssignmentDetail }) {
  const { t, i18n } = useTranslation('reviews');
  const { text } = useContentText();
  const lang = i18n.resolvedLanguage ?? 'en';
  const closed = assignment.roundClosesAt !== null && Date.parse(assignment.roundClosesAt) <= Date.now();
  const recused = assignment.status === 'recused';
  const editable = !closed && !recused;
  const review = assignment.review
    ? {
        ...assignment.review,
        assignmentId: assignment.id,
      }
    : null;
  const editor = useReviewEditor({
    assignmentId: assignment.id,
    rubric: assignment.rubric,
    review,
    editable,
  });
  const errors = fieldErrors(editor.error);
  const total = previewTotal(assignment.rubric, editor.draft.scores);
  const [recusing, setRecusing] = useState(false);

  const submit = async () => {
    try {
      await editor.submit();
      notifications.show({
        color: 'teal',
        message: editor.submitted ? t('form.changesSaved') : t('form.submittedToast'),
      });
    } catch {
      // The error is shown above the button.
    }
  };

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to="/judge" size="sm">
          ← {t('page.backToList')}
        </Anchor>
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Title order={1}>{assignment.entry.title}</Title>
            <Text c="dimmed" size="sm">
              {assignment.competitionName} · {assignment.roundName}
              {assignment.roundClosesAt &&
                ` · ${t(closed ? 'page.closedAt' : 'page.closesAt', { when: formatDateTime(assignment.roundClosesAt, assignment.competitionTimezone, lang) })}`}
            </Text>
          </div>
          <RoundProgress roundId={assignment.roundId} currentId={assignment.id} />
        </Group>
      </Stack>

      {closed && (
        <Alert color="gray" title={t('page.closedTitle')}>
          {t('page.closedText', {
            when: formatDateTime(assignment.roundClosesAt!, assignment.competitionTimezone, lang),
          })}
        </Alert>
      )}
      {recused && (
        <Alert color="red" variant="light" title={t('page.recusedTitle')}>
          {t('page.recusedText')}
        </Alert>
      )}
      {editor.restored && editable && (
        <Alert color="blue" variant="light" title={t('form.restoredTitle')}>
          {editor.submitted ? t('form.restoredTextSubmitted') : t('form.restoredText')}
        </Alert>
      )}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <EntryView assignment={assignment} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Box pos={{ base: 'static', md: 'sticky' }} top={72}>
            <Paper withBorder radius="md" p="md" component="section" aria-labelledby="score-heading">
              <Stack gap="md">
                <Group justify="space-between" align="center">
                  <Title order={2} fz="h3" id="score-heading">
                    {t('form.title')}
                  </Title>
                  <StatusBadge submitted={editor.submitted} />
                </Group>
                <RubricForm
                  rubric={assignment.rubric}
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
                <Group justify="space-between">
                  <Text size="sm" c="dimmed">
                    {t('form.total')}
                  </Text>
                  <Text fw={700} size="lg">
                    {total === null
                      ? t('form.totalPending', { count: editor.missing.length })
                      : total.toFixed(2)}
                  </Text>
                </Group>
                <Textarea
                  label={t('form.comment')}
                  description={t('form.commentHint')}
                  autosize
                  minRows={3}
                  maxRows={12}
                  maxLength={reviewLimits.comment}
                  value={editor.draft.comment}
                  onChange={(e) => editor.update({ comment: e.currentTarget.value })}
                  disabled={!editable}
                  error={errors.comment}
                />
                <Textarea
                  label={t('form.privateNote')}
                  description={t('form.privateNoteHint')}
                  autosize
                  minRows={2}
                  maxRows={8}
                  maxLength={reviewLimits.privateNote}
                  value={editor.draft.privateNote}
                  onChange={(e) => editor.update({ privateNote: e.currentTarget.value })}
                  disabled={!editable}
                  error={errors.privateNote}
                />
                <ErrorAlert
                  error={editor.error}
                  fields={[...assignment.rubric.map((c) => `scores.${c.key}`), 'comment', 'privateNote']}
                />
                {editable && (
                  <Stack gap="xs">
                    <SaveStatus
                      state={editor.saveState}
                      savedAt={editor.savedAt}
                      submitted={editor.submitted}
                      timeZone={assignment.competitionTimezone}
                    />
                    <Button
                      size="md"
                      onClick={submit}
                      loading={editor.submitting}
                      disabled={editor.missing.length > 0 || (editor.submitted && !editor.draft.dirty)}
                    >
                      {editor.submitted ? t('form.saveChanges') : t('form.submit')}
                    </Button>
                    {editor.missing.length > 0 && (
                      <Text size="sm" c="dimmed">
                        {t('form.missing', {
                          count: editor.missing.length,
                          criteria: editor.missing.map((c) => text(c.label, c.labelZh)).join(', '),
                        })}
                      </Text>
                    )}
                    {editor.submitted && (
                      <Text size="sm" c="dimmed">
                        {t('form.editUntilClose')}
                      </Text>
                    )}
                    {!editor.submitted && (
                      <Button
                        variant="subtle"
                        color="red"
                        size="sm"
                        onClick={() => setRecusing(true)}
                        style={{ alignSelf: 'flex-start' }}
                      >
                        {t('recuse.button')}
                      </Button>
                    )}
                  </Stack>
                )}
              </Stack>
            </Paper>
          </Box>
        </Grid.Col>
      </Grid>
      <RecuseModal assignment={assignment} opened={recusing} onClose={() => setRecusing(false)} />
    </Stack>
  );
}

function StatusBadge({ submitted }: { submitted: boolean }) {
  const { t } = useTranslation('reviews');
  return (
    <Badge color={submitted ? 'teal' : 'yellow'} variant="light" size="lg">
      {submitted ? t('status.submitted') : t('status.draft')}
    </Badge>
  );
}

/** "Draft saved 10:32" and friends: a polite live region, so a screen reader hears when saving fails. */
function SaveStatus({
  state,
  savedAt,
  submitted,
  timeZone,
}: {
  state: SaveState;
  savedAt: string | null;
  submitted: boolean;
  /** The competition's zone, like every other date on the page. */
  timeZone: string;
}) {
  const { t, i18n } = useTranslation('reviews');
  const time = savedAt ? formatDateTime(savedAt, timeZone, i18n.resolvedLanguage ?? 'en') : '';
  const text =
    state === 'saving'
      ? t('save.saving')
      : state === 'local'
        ? submitted
          ? t('save.localSubmitted')
          : t('save.local')
        : state === 'error'
          ? t('save.error')
          : state === 'saved' && savedAt
            ? t(submitted ? 'save.submittedAt' : 'save.savedAt', { time })
            : t('save.idle');
  return (
    <Text size="sm" c={state === 'error' ? 'red.8' : 'dimmed'} aria-live="polite" data-testid="save-status">
      {text}
    </Text>
  );
}

function EntryView({ assignment }: { assignment: AssignmentDetail }) {
  const { t, i18n } = useTranslation('reviews');
  const { entry } = assignment;
  const decks = entry.files.filter((f) => f.kind === 'deck');
  const videos = entry.files.filter((f) => f.kind === 'video');
  const images = entry.files.filter((f) => f.kind === 'image');
  return (
    <Stack gap="lg" component="section" aria-label={t('entry.label')}>
      <Group gap="xs">
        <Badge variant="light">{entry.trackName}</Badge>
        <Text size="sm">{teamLine(entry.team, i18n.resolvedLanguage ?? 'en')}</Text>
      </Group>
      <Text fw={500}>{entry.summary}</Text>
      {entry.description && <EntryDescription text={entry.description} />}
      {(entry.websiteUrl || entry.videoUrl) && (
        <Group gap="md">
          {entry.websiteUrl && (
            <Anchor href={entry.websiteUrl} target="_blank" rel="noopener noreferrer">
              {t('entry.website')}
            </Anchor>
          )}
          {entry.videoUrl && (
            <Anchor href={entry.videoUrl} target="_blank" rel="noopener noreferrer">
              {t('entry.externalVideo')}
            </Anchor>
          )}
        </Group>
      )}
      {decks.map((deck) => (
        <Stack key={deck.id} gap={6}>
          <Group justify="space-between">
            <Title order={2} fz="h4">
              {t('entry.deck')}
            </Title>
            <Group gap="sm">
              <Anchor href={fileUrl(deck.id)} target="_blank" rel="noopener" size="sm">
                {t('entry.openDeck')}
              </Anchor>
              <Anchor href={fileUrl(deck.id, false)} size="sm">
                {t('entry.download', { name: deck.name })}
              </Anchor>
            </Group>
          </Group>
          <Box
            component="iframe"
            src={fileUrl(deck.id)}
            title={t('entry.deckTitle', { name: deck.name })}
            style={{
              width: '100%',
              height: '70vh',
              minHeight: 420,
              border: '1px solid var(--mantine-color-gray-3)',
              borderRadius: 8,
            }}
          />
        </Stack>
      ))}
      {videos.map((video) => (
        <Stack key={video.id} gap={6}>
          <Title order={2} fz="h4">
            {t('entry.video')}
          </Title>
          {/* biome-ignore lint/a11y/useMediaCaption: teams upload their own demo videos; captions are theirs to embed */}
          <video
            controls
            preload="metadata"
            src={fileUrl(video.id)}
            style={{ width: '100%', borderRadius: 8, background: '#000' }}
          >
            <a href={fileUrl(video.id, false)}>{t('entry.download', { name: video.name })}</a>
          </video>
        </Stack>
      ))}
      {images.length > 0 && (
        <Stack gap={6}>
          <Title order={2} fz="h4">
            {t('entry.images')}
          </Title>
          <Group gap="sm">
            {images.map((image) => (
              <a key={image.id} href={fileUrl(image.id)} target="_blank" rel="noopener">
                <img
                  src={fileUrl(image.id)}
                  alt={image.name}
                  style={{ maxHeight: 160, maxWidth: '100%', borderRadius: 8 }}
                />
              </a>
            ))}
          </Group>
        </Stack>
      )}
      {entry.files.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('entry.noFiles')}
        </Text>
      )}
    </Stack>
  );
}

/** How many of this round's entries the judge has done, and a link to the next one left. */
function RoundProgress({ roundId, currentId }: { roundId: string; currentId: string }) {
  const { t } = useTranslation('reviews');
  const mine = useMyAssignments();
  if (!mine.data) return null;
  const inRound = mine.data.filter((a) => a.roundId === roundId && a.status !== 'recused');
  if (inRound.length === 0) return null;
  const done = inRound.filter((a) => a.status === 'submitted').length;
  const next = inRound.find((a) => a.id !== currentId && a.status !== 'submitted');
  const label = t('progress.label', { done, total: inRound.length, left: inRound.length - done });
  return (
    <Stack gap={4} style={{ minWidth: 220 }}>
      <Text size="sm" fw={500} ta="right">
        {label}
      </Text>
      <Progress value={(done / inRound.length) * 100} color="teal" aria-label={label} />
      {next && (
        <Anchor component={Link} to={reviewPath(next.id)} size="sm" ta="right">
          {t('progress.next', { title: next.entry.title })}
        </Anchor>
      )}
    </Stack>
  );
}

function RecuseModal({
  assignment,
  opened,
  onClose,
}: {
  assignment: AssignmentDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('reviews');
  const recuse = useRecuse();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  return (
    <Modal opened={opened} onClose={onClose} title={t('recuse.title', { title: assignment.entry.title })}>
      <Stack gap="sm">
        <Text size="sm">{t('recuse.text')}</Text>
        <ErrorAlert error={recuse.error} fields={['reason']} />
        <Textarea
          label={t('recuse.reason')}
          required
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldErrors(recuse.error).reason}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('recuse.cancel')}
          </Button>
          <Button
            color="red"
            loading={recuse.isPending}
            onClick={() =>
              recuse.mutate(
                { assignmentId: assignment.id, reason },
                {
                  onSuccess: () => {
                    notifications.show({ color: 'teal', message: t('recuse.done') });
                    navigate('/judge');
                  },
                },
              )
            }
          >
            {t('recuse.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
