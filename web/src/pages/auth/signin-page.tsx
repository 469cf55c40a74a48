import { Anchor, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMe, useSignIn } from '../../api/auth.ts';
import { fieldErrors } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { PasswordField } from '../../components/password-field.tsx';
import { safeNextPath } from '../../components/require-user.tsx';

const fields = ['email', 'password'] as const;

export function SignInPage() {
  const { t } = useTranslation();
  const { t: accountT } = useTranslation('account');
  usePageTitle(t('auth.signIn.title'));
  const me = useMe();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  // An invitation page sends people here with the invited address filled in.
  const [email, setEmail] = useState(() => searchParams.get('email')?.slice(0, 254) ?? '');
  const [password, setPassword] = useState('');

  if (me.isPending) return <LoadingState />;
  if (me.data && !signIn.isSuccess) return <Navigate to={next} replace />;

  const errors = fieldErrors(signIn.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => navigate(next, { replace: true }) });
  };

  return (
    <Paper
      maw={440}
      mx="auto"
      mt={{ base: 'md', sm: 'xl' }}
      p={{ base: 'md', sm: 'xl' }}
      withBorder
      radius="md"
    >
      <form onSubmit={submit} noValidate aria-labelledby="signin-title">
        <Stack gap="md">
          <Title order={1} id="signin-title" fz="h2">
            {t('auth.signIn.title')}
          </Title>
          <ErrorAlert error={signIn.error} fields={fields} />
          <TextInput
            label={t('auth.fields.email')}
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={errors.email}
          />
          <PasswordField
            label={t('auth.fields.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={errors.password}
          />
          <Button type="submit" loading={signIn.isPending}>
            {t('auth.signIn.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {accountT('forgotLink')}
          </Anchor>
          <Text size="sm">
            {t('auth.signIn.noAccount')}{' '}
            <Anchor
              component={Link}
              to={`/register${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`}
            >
              {t('auth.signIn.registerLink')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
