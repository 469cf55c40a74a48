import { Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, fieldErrors } from '../../api/client.ts';
import { useAcceptInvitation, useInvitation } from '../../api/judges.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { PasswordField } from '../../components/password-field.tsx';

/**
 * `/invite/:token`: greets the invited judge by name, then sets their password (or, for an account
 * that has one, asks for it) and signs them in on to their list of entries.
 */
export function InvitationPage() {
  const { t } = useTranslation('judges');
  usePageTitle(t('invite.pageTitle'));
  const { token = '' } = useParams();
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation(token);
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);

  if (invitation.isPending) return <LoadingState />;
  if (invitation.isError) {
    const gone = invitation.error instanceof ApiError && invitation.error.status === 404;
    return (
      <Paper maw={480} mx="auto" mt="xl" p="xl" withBorder radius="md">
        <Stack gap="md">
          <Title order={1} fz="h2">
            {gone ? t('invite.goneTitle') : t('invite.pageTitle')}
          </Title>
          {gone ? <Text>{t('invite.goneText')}</Text> : <ErrorAlert error={invitation.error} />}
          <Button component={Link} to="/signin" variant="default">
            {t('invite.signIn')}
          </Button>
        </Stack>
      </Paper>
    );
  }

  const { judgeName, email, competitionName, hasPassword } = invitation.data;
  const errors = fieldErrors(accept.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!hasPassword && password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    accept.mutate(password, { onSuccess: () => navigate('/judge', { replace: true }) });
  };

  return (
    <Paper
      maw={480}
      mx="auto"
      mt={{ base: 'md', sm: 'xl' }}
      p={{ base: 'md', sm: 'xl' }}
      withBorder
      radius="md"
    >
      <form onSubmit={submit} noValidate aria-labelledby="invite-title">
        <Stack gap="md">
          <Title order={1} id="invite-title" fz="h2">
            {t('invite.welcome', { name: judgeName })}
          </Title>
          <Text>{t('invite.text', { competition: competitionName })}</Text>
          <Text size="sm" c="dimmed">
            {hasPassword ? t('invite.existingAccount', { email }) : t('invite.newAccount', { email })}
          </Text>
          <ErrorAlert error={accept.error} fields={['password']} />
          <PasswordField
            label={hasPassword ? t('invite.yourPassword') : t('invite.choosePassword')}
            description={hasPassword ? undefined : t('invite.passwordHint')}
            autoComplete={hasPassword ? 'current-password' : 'new-password'}
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
          />
          {!hasPassword && (
            <PasswordField
              label={t('invite.confirmPassword')}
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={mismatch ? t('invite.mismatch') : undefined}
            />
          )}
          <Button type="submit" loading={accept.isPending}>
            {t('invite.accept')}
          </Button>
          {hasPassword && (
            <Text size="sm">
              <Anchor component={Link} to="/signin">
                {t('invite.signInInstead')}
              </Anchor>
            </Text>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
