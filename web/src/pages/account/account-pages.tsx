import { Alert, Anchor, Button, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import type { Language } from '@wuzhen/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  useChangePassword,
  useForgotPassword,
  useResendVerification,
  useResetPassword,
  useUpdateProfile,
  useVerifyEmail,
} from '../../api/account.ts';
import { useMe } from '../../api/auth.ts';
import { fieldErrors } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { NarrowCard } from '../../components/narrow-card.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { PasswordField } from '../../components/password-field.tsx';

/** From the sign-in page: mails a reset link; the answer never says whether the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation('account');
  usePageTitle(t('forgot.title'));
  const forgot = useForgotPassword();
  const [email, setEmail] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    forgot.mutate({ email });
  };
  return (
    <NarrowCard title={t('forgot.title')}>
      {forgot.isSuccess ? (
        <Alert color="green" role="status">
          {t('forgot.sent', { email })}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm">{t('forgot.intro')}</Text>
            <ErrorAlert error={forgot.error} fields={['email']} />
            <TextInput
              label={t('fields.email')}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={fieldErrors(forgot.error).email}
            />
            <Button type="submit" loading={forgot.isPending}>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/signin" size="sm">
        {t('backToSignIn')}
      </Anchor>
    </NarrowCard>
  );
}

/** The mailed reset link lands here: a new password, once, within the hour. */
export function ResetPasswordPage() {
  const { t } = useTranslation('account');
  usePageTitle(t('reset.title'));
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate({ token, password });
  };
  if (reset.isSuccess) {
    return (
      <NarrowCard title={t('reset.title')}>
        <Alert color="green" role="status">
          {t('reset.done')}
        </Alert>
        <Anchor component={Link} to="/">
          {t('continue')}
        </Anchor>
      </NarrowCard>
    );
  }
  return (
    <NarrowCard title={t('reset.title')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert error={reset.error} fields={['password', 'token']} />
          <PasswordField
            label={t('fields.newPassword')}
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={fieldErrors(reset.error).password}
          />
          <Button type="submit" loading={reset.isPending}>
            {t('reset.submit')}
          </Button>
        </Stack>
      </form>
      <Anchor component={Link} to="/forgot-password" size="sm">
        {t('reset.newLink')}
      </Anchor>
    </NarrowCard>
  );
}

/** The mailed confirmation link lands here and confirms at once. */
export function VerifyEmailPage() {
  const { t } = useTranslation('account');
  usePageTitle(t('verify.title'));
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const verify = useVerifyEmail();
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    verify.mutate({ token });
  }, [token, verify]);
  return (
    <NarrowCard title={t('verify.title')}>
      {verify.isPending || verify.isIdle ? <LoadingState /> : null}
      <ErrorAlert error={verify.error} />
      {verify.isSuccess ? (
        <Alert color="green" role="status">
          {t('verify.done', { email: verify.data.user.email })}
        </Alert>
      ) : null}
      <Anchor component={Link} to="/">
        {t('continue')}
      </Anchor>
    </NarrowCard>
  );
}

/** The signed-in person's own account: language of their mails, password, address confirmation. */
export function ProfilePage() {
  const { t } = useTranslation('account');
  usePageTitle(t('profile.title'));
  const me = useMe();
  const update = useUpdateProfile();
  const resend = useResendVerification();
  const change = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState('');
  const [password, setPassword] = useState('');
  if (me.isPending) return <LoadingState />;
  if (!me.data) return null;
  const user = me.data;
  const errors = fieldErrors(change.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      { currentPassword, password },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setPassword('');
        },
      },
    );
  };
  return (
    <NarrowCard title={t('profile.title')}>
      <Text>
        {user.name} · {user.email}
      </Text>
      {user.emailVerified ? (
        <Text size="sm" c="green">
          {t('profile.verified')}
        </Text>
      ) : (
        <Alert color="yellow">
          <Stack gap="xs">
            <Text size="sm">{t('profile.unverified')}</Text>
            {resend.isSuccess ? (
              <Text size="sm">{t('profile.verificationSent')}</Text>
            ) : (
              <Button size="xs" variant="light" loading={resend.isPending} onClick={() => resend.mutate()}>
                {t('profile.resendVerification')}
              </Button>
            )}
            <ErrorAlert error={resend.error} />
          </Stack>
        </Alert>
      )}
      <Stack gap={4}>
        <Text fw={500} size="sm">
          {t('profile.language')}
        </Text>
        <SegmentedControl
          value={user.language}
          onChange={(value) => update.mutate({ language: value as Language })}
          data={[
            { value: 'en', label: 'English' },
            { value: 'zh', label: '简体中文' },
          ]}
        />
        <ErrorAlert error={update.error} />
      </Stack>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} fz="h4">
            {t('profile.changePassword')}
          </Title>
          <ErrorAlert error={change.error} fields={['currentPassword', 'password']} />
          {change.isSuccess ? (
            <Alert color="green" role="status">
              {t('profile.passwordChanged')}
            </Alert>
          ) : null}
          <PasswordField
            label={t('fields.currentPassword')}
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.currentTarget.value)}
            error={errors.currentPassword}
          />
          <PasswordField
            label={t('fields.newPassword')}
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={errors.password}
          />
          <Button type="submit" loading={change.isPending}>
            {t('profile.changePasswordSubmit')}
          </Button>
        </Stack>
      </form>
    </NarrowCard>
  );
}
