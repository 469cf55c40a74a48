import {
  ActionIcon,
  Badge,
  Button,
  Divider,
  Group,
  Menu,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { CreatedJudge, JudgeListItem, Track } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useAddJudge,
  useJudges,
  useRemoveJudge,
  useRenewInvitation,
  useRevokeAccess,
  useUpdateJudge,
} from '../../api/judges.ts';
import { ConfirmModal } from '../../components/confirm-modal.tsx';
import { countryName } from '../../components/countries.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import type { CompetitionTabProps } from './competition-tabs.ts';
import { ConflictsSection } from './conflicts-section.tsx';
import { InvitationLinks } from './invitation-links.tsx';
import { JudgeForm } from './judge-form.tsx';
import { JudgesFileImport } from './judges-file-import.tsx';
import { matchesQuery, sortBy } from './judges-fns.ts';
import { JudgesImport } from './judges-import.tsx';
import { type Sort, SortHeader } from './sort-header.tsx';

type SortKey = 'name' | 'organization' | 'country' | 'assignments' | 'conflicts' | 'capacity';
type AccessChange = { kind: 'resend' | 'revoke'; judge: JudgeListItem };
const statusColor = { pending: 'gray', accepted: 'teal', revoked: 'red' } as const;

/** Judges: add one or import a list, hand out invitation links, edit, remove; and their conflicts. */
export function JudgesTab({ competition }: CompetitionTabProps) {
  const { t } = useTranslation('judges');
  const judges = useJudges(competition.id);
  const [panel, setPanel] = useState<'none' | 'add' | 'import'>('none');
  const [links, setLinks] = useState<CreatedJudge[]>([]);
  const addJudge = useAddJudge(competition.id);

  const showLinks = (created: CreatedJudge[]) => {
    setLinks((current) => [...created, ...current]);
    setPanel('none');
  };

  return (
    <Stack gap="xl">
      <Stack component="section" aria-labelledby="judges-title" gap="sm">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={2} id="judges-title">
              {t('title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('intro')}
            </Text>
          </div>
          <SegmentedControl
            aria-label={t('actions.panelLabel')}
            value={panel}
            onChange={(value) => setPanel(value as typeof panel)}
            data={[
              { value: 'none', label: t('actions.list') },
              { value: 'add', label: t('actions.add') },
              { value: 'import', label: t('actions.import') },
            ]}
          />
        </Group>

        {panel === 'add' && (
          <Paper withBorder p="md" radius="md">
            <Title order={3} fz="h4" mb="sm">
              {t('add.title')}
            </Title>
            <JudgeForm
              idPrefix="add-judge"
              tracks={competition.tracks}
              withEmail
              submitLabel={t('add.submit')}
              pending={addJudge.isPending}
              error={addJudge.error}
              onCancel={() => setPanel('none')}
              onSubmit={(body) =>
                addJudge.mutate(
                  { ...body, capacity: body.capacity ?? undefined },
                  {
                    onSuccess: (created) => {
                      showLinks([created]);
                      notifications.show({
                        color: 'teal',
                        message: t('add.done', { name: created.judge.name }),
                      });
                    },
                  },
                )
              }
            />
          </Paper>
        )}
        {panel === 'import' && (
          <Paper withBorder p="md" radius="md">
            <Title order={3} fz="h4" mb="sm">
              {t('import.title')}
            </Title>
            <JudgesFileImport
              competitionId={competition.id}
              tracks={competition.tracks}
              onImported={(items) => {
                showLinks(items);
                notifications.show({ color: 'teal', message: t('import.done', { count: items.length }) });
              }}
            />
            <Divider my="lg" label={t('import.orPaste')} labelPosition="center" />
            <JudgesImport
              competitionId={competition.id}
              onImported={(items) => {
                showLinks(items);
                notifications.show({ color: 'teal', message: t('import.done', { count: items.length }) });
              }}
            />
          </Paper>
        )}

        <InvitationLinks links={links} onDismiss={() => setLinks([])} />

        {judges.isPending ? (
          <LoadingState />
        ) : judges.isError ? (
          <ErrorAlert error={judges.error} />
        ) : judges.data.length === 0 ? (
          <EmptyState
            headingOrder={3}
            title={t('emptyTitle')}
            description={t('emptyText')}
            action={
              <Group gap="sm">
                <Button onClick={() => setPanel('add')}>{t('actions.add')}</Button>
                <Button variant="default" onClick={() => setPanel('import')}>
                  {t('actions.import')}
                </Button>
              </Group>
            }
          />
        ) : (
          <JudgesTable
            competitionId={competition.id}
            judges={judges.data}
            tracks={competition.tracks}
            onLink={(l) => showLinks([l])}
            onRevoked={(judgeId) => setLinks((current) => current.filter((l) => l.judge.id !== judgeId))}
          />
        )}
      </Stack>

      {judges.data && judges.data.length > 0 && (
        <ConflictsSection competitionId={competition.id} judges={judges.data} />
      )}
    </Stack>
  );
}

function JudgesTable({
  competitionId,
  judges,
  tracks,
  onLink,
  onRevoked,
}: {
  competitionId: string;
  judges: JudgeListItem[];
  tracks: readonly Track[];
  onLink: (link: CreatedJudge) => void;
  /** A revoked judge's link stops working: it leaves the list of new links. */
  onRevoked: (judgeId: string) => void;
}) {
  const { t, i18n } = useTranslation('judges');
  const [query, setQuery] = useState('');
  const [trackId, setTrackId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [sort, setSort] = useState<Sort<SortKey>>({ key: 'name', direction: 'ascending' });
  const [editing, setEditing] = useState<JudgeListItem | null>(null);
  const [removing, setRemoving] = useState<JudgeListItem | null>(null);
  const [accessChange, setAccessChange] = useState<AccessChange | null>(null);
  const trackById = new Map(tracks.map((track) => [track.id, track]));

  const language = i18n.resolvedLanguage ?? 'en';
  // The country as the organizer reads it (China / 中国), for the cell, the search and the sort.
  const country = (j: JudgeListItem) => countryName(j.country, language);
  const filtered = judges.filter(
    (j) =>
      matchesQuery(query, j.name, j.email, j.organization, j.country, country(j)) &&
      (!trackId || j.expertise.includes(trackId)) &&
      (!status || j.invitationStatus === status),
  );
  const rows = sortBy(
    filtered,
    (j) => (sort.key === 'capacity' ? (j.capacity ?? -1) : sort.key === 'country' ? country(j) : j[sort.key]),
    sort.direction,
    language,
  );

  const header = (key: SortKey, label: string, numeric = false) => (
    <SortHeader column={key} label={label} sort={sort} onSort={setSort} numeric={numeric} />
  );

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        <TextInput
          label={t('table.search')}
          placeholder={t('table.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          style={{ flex: '2 1 240px' }}
        />
        <Select
          label={t('table.trackFilter')}
          placeholder={t('table.allTracks')}
          clearable
          data={tracks.map((track) => ({ value: track.id, label: track.name }))}
          value={trackId}
          onChange={setTrackId}
          style={{ flex: '1 1 180px' }}
        />
        <Select
          label={t('table.statusFilter')}
          placeholder={t('table.allStatuses')}
          clearable
          data={[
            { value: 'pending', label: t('status.pending') },
            { value: 'accepted', label: t('status.accepted') },
            { value: 'revoked', label: t('status.revoked') },
          ]}
          value={status}
          onChange={setStatus}
          style={{ flex: '1 1 160px' }}
        />
      </Group>
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('table.shown', { count: rows.length, total: judges.length })}
      </Text>
      <Table.ScrollContainer minWidth={860}>
        <Table striped highlightOnHover aria-labelledby="judges-title">
          <Table.Thead>
            <Table.Tr>
              {header('name', t('table.name'))}
              {header('organization', t('table.organization'))}
              {header('country', t('table.country'))}
              <Table.Th scope="col">{t('table.expertise')}</Table.Th>
              {header('capacity', t('table.capacity'), true)}
              {header('assignments', t('table.assignments'), true)}
              {header('conflicts', t('table.conflicts'), true)}
              <Table.Th scope="col">{t('table.invitation')}</Table.Th>
              <Table.Th scope="col">
                <span className="visually-hidden">{t('table.actions')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((judge) => (
              <Table.Tr key={judge.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {judge.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {judge.email}
                  </Text>
                </Table.Td>
                <Table.Td>{judge.organization || '—'}</Table.Td>
                <Table.Td>{country(judge)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {judge.expertise.map((id, i) => (
                      <Badge
                        key={id}
                        size="sm"
                        variant={i === 0 ? 'filled' : 'light'}
                        title={i === 0 ? t('table.mainTrack') : t('table.otherTrack')}
                      >
                        {trackById.get(id)?.code ?? '?'}
                      </Badge>
                    ))}
                    {judge.expertise.length === 0 && (
                      <Text size="xs" c="dimmed">
                        {t('table.noExpertise')}
                      </Text>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">
                  {judge.capacity ?? (
                    <Text span size="xs" c="dimmed">
                      {t('table.roundDefault')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">{judge.assignments}</Table.Td>
                <Table.Td ta="right">{judge.conflicts}</Table.Td>
                <Table.Td>
                  <Badge color={statusColor[judge.invitationStatus]} variant="light">
                    {t(`status.${judge.invitationStatus}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="subtle" aria-label={t('table.actionsFor', { name: judge.name })}>
                        <span aria-hidden="true">⋯</span>
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => setEditing(judge)}>{t('actions.edit')}</Menu.Item>
                      {judge.invitationStatus !== 'accepted' && (
                        <Menu.Item onClick={() => setAccessChange({ kind: 'resend', judge })}>
                          {judge.invitationStatus === 'revoked' ? t('access.restore') : t('access.resend')}
                        </Menu.Item>
                      )}
                      {judge.invitationStatus !== 'revoked' && (
                        <Menu.Item color="red" onClick={() => setAccessChange({ kind: 'revoke', judge })}>
                          {t('access.revoke')}
                        </Menu.Item>
                      )}
                      <Menu.Item color="red" onClick={() => setRemoving(judge)}>
                        {t('actions.remove')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <AccessModal
        competitionId={competitionId}
        change={accessChange}
        onLink={onLink}
        onRevoked={onRevoked}
        onClose={() => setAccessChange(null)}
      />
      <EditJudgeModal
        competitionId={competitionId}
        judge={editing}
        tracks={tracks}
        onClose={() => setEditing(null)}
      />
      <RemoveJudgeModal competitionId={competitionId} judge={removing} onClose={() => setRemoving(null)} />
    </Stack>
  );
}

function EditJudgeModal({
  competitionId,
  judge,
  tracks,
  onClose,
}: {
  competitionId: string;
  judge: JudgeListItem | null;
  tracks: readonly Track[];
  onClose: () => void;
}) {
  const { t } = useTranslation('judges');
  const update = useUpdateJudge(competitionId);
  const close = () => {
    update.reset();
    onClose();
  };
  return (
    <Modal
      opened={judge !== null}
      onClose={close}
      title={t('edit.title', { name: judge?.name ?? '' })}
      size="lg"
    >
      {judge && (
        <JudgeForm
          key={judge.id}
          idPrefix="edit-judge"
          tracks={tracks}
          initial={judge}
          withEmail={false}
          submitLabel={t('edit.submit')}
          pending={update.isPending}
          error={update.error}
          onCancel={close}
          onSubmit={({ email: _email, ...body }) =>
            update.mutate(
              { judgeId: judge.id, body: { ...body, capacity: body.capacity ?? null } },
              {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: t('edit.done') });
                  close();
                },
              },
            )
          }
        />
      )}
    </Modal>
  );
}

function RemoveJudgeModal({
  competitionId,
  judge,
  onClose,
}: {
  competitionId: string;
  judge: JudgeListItem | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('judges');
  const remove = useRemoveJudge(competitionId);
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={judge !== null}
      title={t('remove.title', { name: judge?.name ?? '' })}
      cancelLabel={t('actions.cancel')}
      confirmLabel={t('remove.confirm')}
      color="red"
      loading={remove.isPending}
      error={remove.error}
      onCancel={close}
      onConfirm={() =>
        judge &&
        remove.mutate(judge.id, {
          onSuccess: () => {
            notifications.show({ color: 'teal', message: t('remove.done', { name: judge.name }) });
            close();
          },
        })
      }
    >
      <Text size="sm">{t('remove.text', { count: judge?.assignments ?? 0 })}</Text>
    </ConfirmModal>
  );
}

/**
 * Resend an invitation (a new mailed link; the old one stops working; a revoked judge gets access
 * back) or revoke a judge's access: each says what happens and waits for a yes.
 */
function AccessModal({
  competitionId,
  change,
  onLink,
  onRevoked,
  onClose,
}: {
  competitionId: string;
  change: AccessChange | null;
  onLink: (link: CreatedJudge) => void;
  onRevoked: (judgeId: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('judges');
  const renew = useRenewInvitation(competitionId);
  const revoke = useRevokeAccess(competitionId);
  const close = () => {
    renew.reset();
    revoke.reset();
    onClose();
  };
  const judge = change?.judge;
  const name = judge?.name ?? '';
  const key =
    change?.kind === 'revoke' ? 'revoke' : judge?.invitationStatus === 'revoked' ? 'restore' : 'resend';
  const confirm = () => {
    if (!judge) return;
    if (key === 'revoke') {
      revoke.mutate(judge.id, {
        onSuccess: () => {
          onRevoked(judge.id);
          notifications.show({ color: 'teal', message: t('access.revokeDone', { name }) });
          close();
        },
      });
    } else {
      renew.mutate(judge.id, {
        onSuccess: (link) => {
          onLink(link);
          notifications.show({
            color: 'teal',
            message: t('access.resendDone', { name, email: judge.email }),
          });
          close();
        },
      });
    }
  };
  return (
    <ConfirmModal
      opened={change !== null}
      title={t(`access.${key}Title`, { name })}
      cancelLabel={t('actions.cancel')}
      confirmLabel={t(`access.${key}Confirm`)}
      color={key === 'revoke' ? 'red' : undefined}
      loading={renew.isPending || revoke.isPending}
      error={renew.error ?? revoke.error}
      onCancel={close}
      onConfirm={confirm}
    >
      <Text size="sm">{t(`access.${key}Text`, { name, email: judge?.email ?? '' })}</Text>
    </ConfirmModal>
  );
}
