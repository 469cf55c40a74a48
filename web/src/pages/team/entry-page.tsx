import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Entry, EntryFile, PublicCompetition } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import {
  fileUrl,
  useDeleteFile,
  useEntry,
  usePublicCompetitions,
  useSubmitEntry,
  useUpdateEntry,
  useWithdrawEntry,
} from '../../api/entries.ts';
import { Countdown, DeadlineText } from '../../components/deadline.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { formatSize } from './entry-fns.ts';
import { EntryForm } from './entry-form.tsx';
import { FileUpload } from './file-upload.tsx';
import { RoundOutcomeList, useEntryResults } from './round-outcomes.tsx';
import { EntryStatusBadge } from './status-badge.tsx';

/** `/team/entries/:entryId`: one entry, its files, and submitting or withdrawing it. */
export function EntryPage() {
  const { t } = useTranslation('entries');
  const { entryId = '' } = useParams();
  const entry = useEntry(entryId);
  const competitions = usePublicCompetitions();
  usePageTitle(entry.data?.title ?? t('entry.title'));

  if (entry.isPending || competitions.isPending) return <LoadingState />;
  if (entry.isError) {
    if (entry.error instanceof ApiError && entry.error.status === 404) {
      return (
        <Stack gap="md" align="flex-start">
          <Title order={1}>{t('entry.notFoundTitle')}</Title>
          <Text>{t('entry.notFound')}</Text>
          <Button component={Link} to="/team">
            {t('nav.backToTeams')}
          </Button>
        </Stack>
      );
    }
    return <ErrorAlert error={entry.error} />;
  }
  if (competitions.isError) return <ErrorAlert error={competitions.error} />;
  const competition = competitions.data.find((c) => c.id === entry.data.competitionId);
  if (!competition) return <ErrorAlert error={new Error('competition')} />;
  return <EntryView entry={entry.data} competition={competition} />;
}

function EntryView({ entry, competition }: { entry: Entry; competition: PublicCompetition }) {
  const { t } = useTranslation('entries');
  const update = useUpdateEntry(entry.id);
  const track = competition.tracks.find((tr) => tr.id === entry.trackId);

  return (
    <Stack gap="xl">
      <Stack gap={6}>
        <Anchor component={Link} to="/team" size="sm">
          {t('nav.backToTeams')}
        </Anchor>
        <Group gap="sm" align="center">
          <Title order={1}>{entry.title}</Title>
          <EntryStatusBadge status={entry.status} size="lg" />
        </Group>
        <Text c="dimmed">
          {t('entry.byline', {
            team: entry.team.name,
            competition: competition.name,
            track: track?.name ?? '—',
          })}
        </Text>
      </Stack>

      <DeadlinePanel entry={entry} competition={competition} />
      {entry.status !== 'draft' && <RoundsPanel entry={entry} />}

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xl">
        <SubmissionPanel entry={entry} />
        <Stack component="section" aria-labelledby="entry-files" gap="sm">
          <Title order={2} id="entry-files">
            {t('files.title')}
          </Title>
          <FilesTable entry={entry} />
          {entry.editable && (
            <Paper withBorder p="md" radius="md">
              <Title order={3} fz="h4" mb="sm">
                {t('files.addTitle')}
              </Title>
              <FileUpload entry={entry} idPrefix="entry-upload" />
            </Paper>
          )}
        </Stack>
      </SimpleGrid>

      <Stack component="section" aria-labelledby="entry-details" gap="sm">
        <Title order={2} id="entry-details">
          {t('entry.detailsTitle')}
        </Title>
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
          <EntryForm
            key={entry.updatedAt}
            idPrefix="entry-edit"
            tracks={competition.tracks}
            initial={entry}
            disabled={!entry.editable}
            submitLabel={t('entry.save')}
            pending={update.isPending}
            error={update.error}
            onSubmit={(values) =>
              update.mutate(values, {
                onSuccess: () => notifications.show({ color: 'teal', message: t('entry.saved') }),
              })
            }
          />
        </Paper>
      </Stack>
    </Stack>
  );
}

/** Whether the entry went on from each round, as far as the team may know yet. */
function RoundsPanel({ entry }: { entry: Entry }) {
  const { t } = useTranslation('entries');
  const results = useEntryResults(entry.competitionId, entry.id);
  if (!results.entry || !results.timezone) return null;
  return (
    <Stack component="section" aria-labelledby="entry-rounds" gap="xs">
      <Title order={2} id="entry-rounds">
        {t('progress.title')}
      </Title>
      <RoundOutcomeList entry={results.entry} timezone={results.timezone} headingId="entry-rounds" />
    </Stack>
  );
}

function DeadlinePanel({ entry, competition }: { entry: Entry; competition: PublicCompetition }) {
  const { t } = useTranslation('entries');
  return (
    <Alert
      color={entry.editable ? 'blue' : 'gray'}
      variant="light"
      title={entry.editable ? t('deadline.open') : t('deadline.closed')}
    >
      <Stack gap={4}>
        <Text size="sm">
          {t('deadline.label')}{' '}
          <strong>
            <DeadlineText iso={competition.submissionClosesAt} timeZone={competition.timezone} />
          </strong>
        </Text>
        <Countdown iso={competition.submissionClosesAt} />
        {!entry.editable && <Text size="sm">{t('deadline.closedText')}</Text>}
      </Stack>
    </Alert>
  );
}

function SubmissionPanel({ entry }: { entry: Entry }) {
  const { t } = useTranslation('entries');
  const submit = useSubmitEntry(entry.id);
  const withdraw = useWithdrawEntry(entry.id);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const checks = (['title', 'summary', 'track', 'deck'] as const).map((item) => ({
    item,
    done: !entry.missing.includes(item),
  }));

  return (
    <Stack component="section" aria-labelledby="entry-submission" gap="sm">
      <Title order={2} id="entry-submission">
        {t('submission.title')}
      </Title>
      <Text size="sm">{t(`submission.status.${entry.status}`)}</Text>
      <List spacing={4} size="sm" aria-label={t('submission.checklist')}>
        {checks.map(({ item, done }) => (
          <List.Item
            key={item}
            icon={
              <Badge
                circle
                size="sm"
                color={done ? 'teal' : 'gray'}
                variant={done ? 'filled' : 'outline'}
                aria-hidden
              >
                {done ? '✓' : '·'}
              </Badge>
            }
          >
            {t(`submission.needs.${item}`)}{' '}
            <span className="visually-hidden">{done ? t('submission.done') : t('submission.missing')}</span>
          </List.Item>
        ))}
      </List>
      <ErrorAlert error={submit.error ?? withdraw.error} />
      {entry.editable && (
        <Group>
          {entry.status !== 'submitted' && (
            <Button
              color="teal"
              disabled={entry.missing.length > 0}
              loading={submit.isPending}
              onClick={() =>
                submit.mutate(undefined, {
                  onSuccess: () => notifications.show({ color: 'teal', message: t('submission.submitted') }),
                })
              }
            >
              {entry.status === 'withdrawn' ? t('submission.resubmit') : t('submission.submit')}
            </Button>
          )}
          {entry.status === 'submitted' && (
            <Button color="orange" variant="light" onClick={() => setConfirmWithdraw(true)}>
              {t('submission.withdraw')}
            </Button>
          )}
        </Group>
      )}
      {entry.missing.length > 0 && entry.editable && (
        <Text size="sm" c="dimmed">
          {t('submission.missingHint')}
        </Text>
      )}
      <Modal
        opened={confirmWithdraw}
        onClose={() => setConfirmWithdraw(false)}
        title={t('submission.withdrawTitle')}
      >
        <Stack gap="md">
          <Text>{t('submission.withdrawText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmWithdraw(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="orange"
              loading={withdraw.isPending}
              onClick={() =>
                withdraw.mutate(undefined, {
                  onSuccess: () => {
                    setConfirmWithdraw(false);
                    notifications.show({ color: 'orange', message: t('submission.withdrawn') });
                  },
                })
              }
            >
              {t('submission.withdrawConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function FilesTable({ entry }: { entry: Entry }) {
  const { t, i18n } = useTranslation('entries');
  const language = i18n.resolvedLanguage ?? 'en';
  const remove = useDeleteFile(entry);
  const [removing, setRemoving] = useState<EntryFile | null>(null);
  if (entry.files.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {t('files.empty')}
      </Text>
    );
  }
  return (
    <>
      <ErrorAlert error={remove.error} />
      <Table.ScrollContainer minWidth={420}>
        <Table striped aria-labelledby="entry-files">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('files.kind')}</Table.Th>
              <Table.Th scope="col">{t('files.name')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('files.size')}
              </Table.Th>
              <Table.Th scope="col">
                <span className="visually-hidden">{t('files.actions')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entry.files.map((file) => (
              <Table.Tr key={file.id}>
                <Table.Td>
                  <Badge
                    variant="light"
                    color={file.kind === 'deck' ? 'indigo' : file.kind === 'video' ? 'grape' : 'cyan'}
                  >
                    {t(`files.kinds.${file.kind}`)}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ wordBreak: 'break-word' }}>
                  <Anchor href={fileUrl(file.id, { inline: true })} target="_blank" rel="noopener">
                    {file.name}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {formatSize(file.size, language)}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button
                      component="a"
                      href={fileUrl(file.id)}
                      variant="subtle"
                      size="xs"
                      aria-label={t('files.downloadNamed', { name: file.name })}
                    >
                      {t('files.download')}
                    </Button>
                    {entry.editable && (
                      <Button
                        variant="subtle"
                        color="red"
                        size="xs"
                        onClick={() => setRemoving(file)}
                        aria-label={t('files.removeNamed', { name: file.name })}
                      >
                        {t('files.remove')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={t('files.removeTitle')}>
        <Stack gap="md">
          <Text>{t('files.removeText', { name: removing?.name ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRemoving(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => removing && remove.mutate(removing.id, { onSettled: () => setRemoving(null) })}
            >
              {t('files.remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
