import { ActionIcon, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Track } from '@wuzhen/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useRemoveTrack, useReorderTracks, useUpdateTrack } from '../../api/setup.ts';
import { BilingualField } from '../../components/bilingual-field.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useLocalizedName } from '../../i18n/content.ts';
import { move } from './setup-fns.ts';

/**
 * The organizer's tracks: in their order, each moved up or down, renamed in place, or removed
 * (the server refuses a track that still has entries or awards, and says so).
 */
export function TracksEditor({
  competitionId,
  tracks,
  captionId,
}: {
  competitionId: string;
  tracks: readonly Track[];
  captionId: string;
}) {
  const { t } = useTranslation('setup');
  const localName = useLocalizedName();
  const ordered = [...tracks].sort((a, b) => a.position - b.position);
  const reorder = useReorderTracks(competitionId);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Track | null>(null);

  const shift = (index: number, by: number) => {
    const track = ordered[index]!;
    reorder.mutate(
      move(ordered, index, by).map((tr) => tr.id),
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message: t('tracks.moved', { name: localName(track), position: index + by + 1 }),
          }),
      },
    );
  };

  return (
    <Stack gap="sm">
      <ErrorAlert error={reorder.error} />
      <Table.ScrollContainer minWidth={520}>
        <Table striped aria-labelledby={captionId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={50}>
                {t('tracks.position')}
              </Table.Th>
              <Table.Th scope="col">{t('tracks.name')}</Table.Th>
              <Table.Th scope="col">{t('tracks.code')}</Table.Th>
              <Table.Th scope="col">{t('tracks.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ordered.map((track, index) =>
              editing === track.id ? (
                <Table.Tr key={track.id}>
                  <Table.Td>{track.position}</Table.Td>
                  <Table.Td colSpan={3}>
                    <RenameTrackForm
                      competitionId={competitionId}
                      track={track}
                      onDone={() => setEditing(null)}
                    />
                  </Table.Td>
                </Table.Tr>
              ) : (
                <Table.Tr key={track.id}>
                  <Table.Td>{track.position}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lang="en">
                      {track.name}
                    </Text>
                    {track.nameZh && (
                      <Text size="sm" lang="zh-CN">
                        {track.nameZh}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <code>{track.code}</code>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon
                        variant="default"
                        aria-label={t('tracks.moveUp', { name: track.name })}
                        disabled={index === 0 || reorder.isPending}
                        onClick={() => shift(index, -1)}
                      >
                        <span aria-hidden="true">↑</span>
                      </ActionIcon>
                      <ActionIcon
                        variant="default"
                        aria-label={t('tracks.moveDown', { name: track.name })}
                        disabled={index === ordered.length - 1 || reorder.isPending}
                        onClick={() => shift(index, 1)}
                      >
                        <span aria-hidden="true">↓</span>
                      </ActionIcon>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={t('tracks.renameNamed', { name: track.name })}
                        onClick={() => setEditing(track.id)}
                      >
                        {t('tracks.rename')}
                      </Button>
                      <Button
                        size="xs"
                        variant="outline"
                        color="red.9"
                        aria-label={t('tracks.removeNamed', { name: track.name })}
                        onClick={() => setRemoving(track)}
                      >
                        {t('tracks.remove')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ),
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <RemoveTrackDialog competitionId={competitionId} track={removing} onClose={() => setRemoving(null)} />
    </Stack>
  );
}

function RenameTrackForm({
  competitionId,
  track,
  onDone,
}: {
  competitionId: string;
  track: Track;
  onDone: () => void;
}) {
  const { t } = useTranslation('setup');
  const update = useUpdateTrack(competitionId);
  const [name, setName] = useState(track.name);
  const [nameZh, setNameZh] = useState(track.nameZh);
  const [code, setCode] = useState(track.code);
  const errors = fieldErrors(update.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        trackId: track.id,
        body: {
          ...(name.trim() !== track.name ? { name } : {}),
          ...(nameZh.trim() !== track.nameZh ? { nameZh } : {}),
          ...(code.trim().toUpperCase() !== track.code ? { code } : {}),
        },
      },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('tracks.renamed', { name: saved.name }) });
          onDone();
        },
      },
    );
  };
  const unchanged =
    name.trim() === track.name && nameZh.trim() === track.nameZh && code.trim().toUpperCase() === track.code;
  return (
    <form onSubmit={submit} noValidate aria-label={t('tracks.renameNamed', { name: track.name })}>
      <Stack gap="xs">
        <ErrorAlert error={update.error} fields={['name', 'nameZh', 'code']} />
        <Group align="flex-start" gap="sm">
          <div style={{ flex: '4 1 400px' }}>
            <BilingualField
              id={`rename-${track.id}`}
              label={t('tracks.name')}
              maxLength={120}
              en={name}
              zh={nameZh}
              onChange={(next) => {
                setName(next.en);
                setNameZh(next.zh);
              }}
              errors={{ en: errors.name, zh: errors.nameZh }}
            />
          </div>
          <TextInput
            label={t('tracks.code')}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={errors.code}
            spellCheck={false}
            style={{ flex: '1 1 120px' }}
          />
          <Group gap="xs" mt={{ base: 0, sm: 25 }}>
            <Button type="submit" loading={update.isPending} disabled={unchanged}>
              {t('tracks.save')}
            </Button>
            <Button variant="default" onClick={onDone}>
              {t('tracks.cancel')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

function RemoveTrackDialog({
  competitionId,
  track,
  onClose,
}: {
  competitionId: string;
  track: Track | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('setup');
  const remove = useRemoveTrack(competitionId);
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal
      opened={track !== null}
      onClose={close}
      title={t('tracks.removeTitle', { name: track?.name ?? '' })}
      closeButtonProps={{ 'aria-label': t('tracks.close') }}
    >
      <Stack gap="md">
        <Text>{t('tracks.removeText')}</Text>
        <ErrorAlert error={remove.error} title={t('tracks.removeFailed')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('tracks.keep')}
          </Button>
          <Button
            color="red.9"
            loading={remove.isPending}
            onClick={() =>
              track &&
              remove.mutate(track.id, {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: t('tracks.removed', { name: track.name }) });
                  close();
                },
              })
            }
          >
            {t('tracks.removeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
