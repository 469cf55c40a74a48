import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Language, TeamAccount } from '@wuzhen/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import {
  type InvitedTeamMember,
  useInviteTeamMember,
  useRemoveTeamMember,
  useTeamMembers,
} from '../../api/team-members.ts';
import { ConfirmModal } from '../../components/confirm-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { formatDateTime } from '../../i18n/dates.ts';

type Action = { kind: 'resend' | 'cancel' | 'remove'; member: TeamAccount };

const statusColor = { member: 'teal', invited: 'blue', expired: 'gray' } as const;

/**
 * `Members` on the team's page: the accounts that work on the team beside its owner. The owner
 * invites an address (the mail in the invitee's language), resends or withdraws an invitation and
 * removes a member, each after a confirmation; members see the list and change nothing.
 */
export function TeamMembersSection({ teamId, timeZone }: { teamId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('members');
  const members = useTeamMembers(teamId);
  const [action, setAction] = useState<Action | null>(null);
  // The outcome of the latest invitation only: any next action (invite, resend, cancel, remove)
  // clears it as it starts, so a green "mailed" box never stands beside what happened since.
  const [lastLink, setLastLink] = useState<InvitedTeamMember | null>(null);
  const clearOutcome = () => setLastLink(null);
  const when = (iso: string) => formatDateTime(iso, timeZone, i18n.resolvedLanguage ?? 'en');

  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      radius="md"
      maw={860}
      component="section"
      aria-labelledby="team-members-title"
    >
      <Stack gap="md">
        <div>
          <Title order={2} id="team-members-title" fz="h3">
            {t('title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('intro')}
          </Text>
        </div>
        {members.isPending ? (
          <LoadingState />
        ) : members.isError ? (
          <ErrorAlert error={members.error} />
        ) : (
          <>
            {members.data.owner && (
              <Text size="sm">
                {t('owner', { name: members.data.owner.name, email: members.data.owner.email })}
              </Text>
            )}
            {!members.data.canManage && (
              <Alert color="gray" variant="light">
                {t('notOwner')}
              </Alert>
            )}
            {members.data.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                {members.data.canManage ? t('emptyOwner') : t('empty')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table aria-labelledby="team-members-title" verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('table.person')}</Table.Th>
                      <Table.Th scope="col">{t('table.status')}</Table.Th>
                      <Table.Th scope="col">{t('table.when')}</Table.Th>
                      {members.data.canManage && (
                        <Table.Th scope="col">
                          <span className="visually-hidden">{t('table.actions')}</span>
                        </Table.Th>
                      )}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {members.data.items.map((member) => (
                      <Table.Tr key={member.id}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {member.name ?? member.email}
                          </Text>
                          {member.name && (
                            <Text size="xs" c="dimmed">
                              {member.email}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge color={statusColor[member.status]} variant="light">
                            {t(`status.${member.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {member.status === 'member' && member.acceptedAt
                              ? t('joinedAt', { when: when(member.acceptedAt) })
                              : member.status === 'invited' && member.expiresAt
                                ? t('expiresAt', { when: when(member.expiresAt) })
                                : member.expiresAt
                                  ? t('expiredAt', { when: when(member.expiresAt) })
                                  : null}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {t('invitedAt', { when: when(member.invitedAt) })}
                          </Text>
                        </Table.Td>
                        {members.data.canManage && (
                          <Table.Td>
                            <Group gap="xs" justify="flex-end" wrap="nowrap">
                              {member.status === 'member' ? (
                                <Button
                                  size="xs"
                                  variant="default"
                                  c="red.9"
                                  onClick={() => setAction({ kind: 'remove', member })}
                                  aria-label={t('remove.button', { email: member.email })}
                                >
                                  {t('remove.short')}
                                </Button>
                              ) : (
                                <>
                                  <Button
                                    size="xs"
                                    variant="default"
                                    onClick={() => setAction({ kind: 'resend', member })}
                                    aria-label={t('resend.button', { email: member.email })}
                                  >
                                    {t('resend.short')}
                                  </Button>
                                  <Button
                                    size="xs"
                                    variant="default"
                                    c="red.9"
                                    onClick={() => setAction({ kind: 'cancel', member })}
                                    aria-label={t('cancel.button', { email: member.email })}
                                  >
                                    {t('cancel.short')}
                                  </Button>
                                </>
                              )}
                            </Group>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            {lastLink && <InvitationLink invited={lastLink} onDismiss={() => setLastLink(null)} />}
            {members.data.canManage && (
              <InviteForm teamId={teamId} onStart={clearOutcome} onInvited={setLastLink} />
            )}
          </>
        )}
      </Stack>
      <ConfirmAction
        teamId={teamId}
        action={action}
        onClose={() => setAction(null)}
        onStart={clearOutcome}
        onInvited={setLastLink}
      />
    </Paper>
  );
}

/** The link just mailed, for an owner who would rather pass it on by hand too. */
function InvitationLink({ invited, onDismiss }: { invited: InvitedTeamMember; onDismiss: () => void }) {
  const { t } = useTranslation('members');
  return (
    <Alert
      color="teal"
      variant="light"
      role="status"
      title={t('invite.sentTitle', { email: invited.member.email })}
    >
      <Stack gap="xs">
        <Text size="sm">{t('invite.sentText')}</Text>
        <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {invited.invitationUrl}
        </Code>
        <Group gap="xs">
          <CopyButton value={invited.invitationUrl}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? t('invite.copied') : t('invite.copy')}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="subtle" onClick={onDismiss}>
            {t('invite.dismiss')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** The invitation mail's language: the reader's own by default. */
function useLanguageChoice() {
  const { i18n } = useTranslation();
  return useState<Language>((i18n.resolvedLanguage ?? 'en').startsWith('zh') ? 'zh' : 'en');
}

function LanguageSelect({ value, onChange }: { value: Language; onChange: (l: Language) => void }) {
  const { t } = useTranslation('members');
  return (
    <Select
      label={t('invite.language')}
      description={t('invite.languageHint')}
      data={[
        { value: 'en', label: 'English' },
        { value: 'zh', label: '简体中文' },
      ]}
      value={value}
      onChange={(next) => next && onChange(next as Language)}
      allowDeselect={false}
      style={{ flex: '1 1 180px' }}
    />
  );
}

function InviteForm({
  teamId,
  onStart,
  onInvited,
}: {
  teamId: string;
  onStart: () => void;
  onInvited: (i: InvitedTeamMember) => void;
}) {
  const { t } = useTranslation('members');
  const invite = useInviteTeamMember(teamId);
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useLanguageChoice();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onStart();
    invite.mutate(
      { email, language },
      {
        onSuccess: (invited) => {
          setEmail('');
          onInvited(invited);
          notifications.show({ color: 'teal', message: t('invite.done', { email: invited.member.email }) });
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="invite-member-title">
      <Stack gap="sm">
        <Title order={3} fz="h4" id="invite-member-title">
          {t('invite.title')}
        </Title>
        <ErrorAlert error={invite.error} fields={['email', 'language']} />
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={t('invite.email')}
            description={t('invite.emailHint')}
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={fieldErrors(invite.error).email}
            style={{ flex: '2 1 260px' }}
          />
          <LanguageSelect value={language} onChange={setLanguage} />
        </Group>
        <Group>
          <Button type="submit" loading={invite.isPending}>
            {t('invite.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Resend, withdraw or remove: each says what will happen and waits for a yes. */
function ConfirmAction({
  teamId,
  action,
  onClose,
  onStart,
  onInvited,
}: {
  teamId: string;
  action: Action | null;
  onClose: () => void;
  onStart: () => void;
  onInvited: (i: InvitedTeamMember) => void;
}) {
  const { t } = useTranslation('members');
  const invite = useInviteTeamMember(teamId);
  const remove = useRemoveTeamMember(teamId);
  const close = () => {
    invite.reset();
    remove.reset();
    onClose();
  };
  const [language, setLanguage] = useLanguageChoice();
  const kind = action?.kind ?? 'resend';
  const email = action?.member.email ?? '';
  const confirm = () => {
    if (!action) return;
    onStart();
    if (action.kind === 'resend') {
      invite.mutate(
        { email, language },
        {
          onSuccess: (invited) => {
            onInvited(invited);
            notifications.show({ color: 'teal', message: t('resend.done', { email }) });
            close();
          },
        },
      );
    } else {
      remove.mutate(action.member.id, {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t(`${action.kind}.done`, { email }) });
          close();
        },
      });
    }
  };
  return (
    <ConfirmModal
      opened={action !== null}
      title={t(`${kind}.title`, { email })}
      cancelLabel={t('keep')}
      confirmLabel={t(`${kind}.confirm`)}
      color={kind === 'resend' ? undefined : 'red'}
      loading={invite.isPending || remove.isPending}
      error={invite.error ?? remove.error}
      onCancel={close}
      onConfirm={confirm}
    >
      <Text size="sm">{t(`${kind}.text`, { email })}</Text>
      {kind === 'resend' && <LanguageSelect value={language} onChange={setLanguage} />}
    </ConfirmModal>
  );
}
