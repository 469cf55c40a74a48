import { Badge, Button, Group, Menu, Modal, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Award, CreateAwardBody, Track } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAwards, useCreateAward, useDeleteAward, useUpdateAward } from '../../api/awards.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { useLocalizedName } from '../../i18n/content.ts';
import { byLadder, kindTag, levelKey } from '../public/awards-display.ts';
import { AwardForm } from './award-form.tsx';
import { CitationsModal } from './citations-modal.tsx';
import type { CompetitionTabProps } from './competition-tabs.ts';
import { FeedbackRelease, PublicationPanel } from './publication-panel.tsx';
import { WinnersDrawer } from './winners-drawer.tsx';

// A status badge keeps its whole word: the table gives the column room instead of cutting it.
const untruncated = { overflow: 'visible', textOverflow: 'clip' } as const;

/** The ladder and the special awards, their winners and citations, and how they go public. */
export function AwardsTab({ competition }: CompetitionTabProps) {
  const { t } = useTranslation('awards');
  const localName = useLocalizedName();
  const awards = useAwards(competition.id);
  const create = useCreateAward(competition.id);
  const update = useUpdateAward(competition.id);
  const remove = useDeleteAward(competition.id);
  const [editing, setEditing] = useState<Award | 'new' | null>(null);
  const [choosingId, setChoosingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Award | null>(null);
  const [correctingId, setCorrectingId] = useState<string | null>(null);
  const choosing = awards.data?.find((a) => a.id === choosingId) ?? null;
  const correcting = awards.data?.find((a) => a.id === correctingId) ?? null;

  const closeForm = () => {
    setEditing(null);
    create.reset();
    update.reset();
  };
  const submit = (body: CreateAwardBody) => {
    if (editing === 'new') {
      create.mutate(body, {
        onSuccess: (award) => {
          closeForm();
          notifications.show({ color: 'teal', message: t('saved.created', { name: localName(award) }) });
        },
      });
    } else if (editing) {
      update.mutate(
        {
          awardId: editing.id,
          body:
            editing.kind === 'prize'
              ? {
                  name: body.name,
                  nameZh: body.nameZh,
                  slots: body.slots,
                  description: body.description,
                  descriptionZh: body.descriptionZh,
                  level: body.level,
                  trackId: body.trackId ?? null,
                }
              : {
                  name: body.name,
                  nameZh: body.nameZh,
                  slots: body.slots,
                  description: body.description,
                  descriptionZh: body.descriptionZh,
                  eligibleTrackIds: body.eligibleTrackIds ?? [],
                },
        },
        {
          onSuccess: (award) => {
            closeForm();
            notifications.show({ color: 'teal', message: t('saved.updated', { name: localName(award) }) });
          },
        },
      );
    }
  };

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end">
        <div style={{ flex: '1 1 360px' }}>
          <Title order={2}>{t('title')}</Title>
          <Text size="sm" c="dimmed">
            {t('intro')}
          </Text>
        </div>
        <Button onClick={() => setEditing('new')}>{t('actions.new')}</Button>
      </Group>

      <PublicationPanel competition={competition} />

      {awards.isPending ? (
        <LoadingState />
      ) : awards.isError ? (
        <ErrorAlert error={awards.error} />
      ) : awards.data.length === 0 ? (
        <EmptyState
          title={t('emptyTitle')}
          description={t('emptyText')}
          action={<Button onClick={() => setEditing('new')}>{t('actions.new')}</Button>}
        />
      ) : (
        <>
          <AwardTable
            id="ladder"
            title={t('ladder.title')}
            empty={t('ladder.empty')}
            awards={byLadder(awards.data.filter((a) => a.kind === 'prize'))}
            tracks={competition.tracks}
            onChoose={(a) => setChoosingId(a.id)}
            onEdit={setEditing}
            onDelete={setDeleting}
            onCorrect={(a) => setCorrectingId(a.id)}
          />
          <AwardTable
            id="special"
            title={t('special.title')}
            empty={t('special.empty')}
            awards={awards.data.filter((a) => a.kind === 'special')}
            tracks={competition.tracks}
            onChoose={(a) => setChoosingId(a.id)}
            onEdit={setEditing}
            onDelete={setDeleting}
            onCorrect={(a) => setCorrectingId(a.id)}
          />
        </>
      )}

      <FeedbackRelease competition={competition} />

      <Modal
        opened={editing !== null}
        onClose={closeForm}
        title={editing === 'new' ? t('form.newTitle') : t('form.editTitle')}
        size="lg"
      >
        {editing !== null && (
          <AwardForm
            tracks={competition.tracks}
            award={editing === 'new' ? undefined : editing}
            pending={create.isPending || update.isPending}
            error={create.error ?? update.error}
            onSubmit={submit}
            onCancel={closeForm}
          />
        )}
      </Modal>

      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={t('delete.title')}>
        {deleting && (
          <Stack>
            <Text size="sm">
              {t('delete.text', { name: localName(deleting), count: deleting.winners.length })}
            </Text>
            <ErrorAlert error={remove.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>
                {t('actions.cancel')}
              </Button>
              <Button
                color="red"
                loading={remove.isPending}
                onClick={() =>
                  remove.mutate(deleting.id, {
                    onSuccess: () => {
                      notifications.show({ message: t('delete.done', { name: localName(deleting) }) });
                      setDeleting(null);
                    },
                  })
                }
              >
                {t('delete.confirm')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <CitationsModal
        key={correcting?.id ?? 'none'}
        competitionId={competition.id}
        award={correcting}
        onClose={() => setCorrectingId(null)}
      />

      <WinnersDrawer
        award={choosing}
        competitionId={competition.id}
        tracks={competition.tracks}
        onClose={() => setChoosingId(null)}
      />
    </Stack>
  );
}

function AwardTable({
  id,
  title,
  empty,
  awards,
  tracks,
  onChoose,
  onEdit,
  onDelete,
  onCorrect,
}: {
  id: string;
  title: string;
  empty: string;
  awards: Award[];
  tracks: Track[];
  onChoose: (award: Award) => void;
  onEdit: (award: Award) => void;
  onDelete: (award: Award) => void;
  onCorrect: (award: Award) => void;
}) {
  const { t } = useTranslation('awards');
  const localName = useLocalizedName();
  const trackName = (trackId: string) => {
    const track = tracks.find((tr) => tr.id === trackId);
    return track ? localName(track) : '?';
  };
  return (
    <Stack component="section" aria-labelledby={`${id}-title`} gap="sm">
      <Title order={3} id={`${id}-title`}>
        {title}
      </Title>
      {awards.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('table.award')}</Table.Th>
                  <Table.Th scope="col">{t('table.scope')}</Table.Th>
                  <Table.Th scope="col">{t('table.winners')}</Table.Th>
                  <Table.Th scope="col">{t('table.status')}</Table.Th>
                  <Table.Th scope="col">
                    <span className="visually-hidden">{t('table.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {awards.map((award) => {
                  const published = award.publishedAt !== null;
                  const filled = award.winners.length;
                  // The prize's level under its name, unless the name says it ("特等奖").
                  const level =
                    award.kind === 'prize'
                      ? kindTag(localName(award), t(`level.${levelKey(award.level)}`, { level: award.level }))
                      : null;
                  return (
                    <Table.Tr key={award.id}>
                      <Table.Td>
                        <Text fw={600}>{localName(award)}</Text>
                        {level && (
                          <Text size="xs" c="dimmed">
                            {level}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {award.kind === 'prize'
                            ? award.trackId
                              ? trackName(award.trackId)
                              : t('scope.overall')
                            : award.eligibleTrackIds.length === 0
                              ? t('scope.allTracks')
                              : award.eligibleTrackIds.map(trackName).join(', ')}
                        </Text>
                      </Table.Td>
                      <Table.Td miw={220}>
                        <Text size="sm" fw={500}>
                          {t('winners.slotCounter', { filled, slots: award.slots })}
                        </Text>
                        <Progress
                          value={(filled / award.slots) * 100}
                          size="sm"
                          color={filled === award.slots ? 'teal' : 'indigo'}
                          aria-hidden
                          my={4}
                        />
                        {award.winners.map((w) => (
                          <Text key={w.entryId} size="xs" c="dimmed" lineClamp={1}>
                            {w.title} — {w.team}
                          </Text>
                        ))}
                      </Table.Td>
                      <Table.Td miw={150} style={{ whiteSpace: 'nowrap' }}>
                        {published ? (
                          <Badge color="teal" variant="light" styles={{ label: untruncated }}>
                            {t('status.published')}
                          </Badge>
                        ) : filled > 0 ? (
                          <Badge color="indigo" variant="light" styles={{ label: untruncated }}>
                            {t('status.ready')}
                          </Badge>
                        ) : (
                          <Badge color="gray" variant="light" styles={{ label: untruncated }}>
                            {t('status.noWinners')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap" justify="flex-end">
                          <Button
                            size="xs"
                            onClick={() => onChoose(award)}
                            disabled={published}
                            aria-label={t('actions.chooseNamed', { name: localName(award) })}
                          >
                            {t('actions.choose')}
                          </Button>
                          <Menu position="bottom-end">
                            <Menu.Target>
                              <Button
                                size="xs"
                                variant="default"
                                aria-label={t('actions.moreNamed', { name: localName(award) })}
                              >
                                ⋯
                              </Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item onClick={() => onEdit(award)} disabled={published}>
                                {t('actions.edit')}
                              </Menu.Item>
                              <Menu.Item onClick={() => onCorrect(award)} disabled={filled === 0}>
                                {t('citations.open')}
                              </Menu.Item>
                              <Menu.Item color="red" onClick={() => onDelete(award)} disabled={published}>
                                {t('actions.delete')}
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
