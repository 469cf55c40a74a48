import { Anchor, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMe, useRegister } from '../../api/auth.ts';
import { fieldErrors } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { PasswordField } from '../../components/password-field.tsx';
import { safeNextPath } from '../../components/require-user.tsx';

const fields = ['name', 'email', 'password'] as const;

export function RegisterPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.register.title'));
  const me = useMe();
  const register = useRegister();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const [name, setName] = useState('');
  // An invitation page sends people here with the invited address filled in.
  const [email, setEmail] = useState(() => searchParams.get('email')?.slice(0, 254) ?? '');
  const [password, setPassword] = useState('');

  if (me.isPending) return <LoadingState />;
  if (me.data && !register.isSuccess) return <Navigate to={next} replace />;

  const errors = fieldErrors(register.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate({ name, email, password }, { onSuccess: () => navigate(next, { replace: true }) });
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
      <form onSubmit={submit} noValidate aria-labelledby="register-title">
        <Stack gap="md">
          <Title order={1} id="register-title" fz="h2">
            {t('auth.register.title')}
          </Title>
          <ErrorAlert error={register.error} fields={fields} />
          <TextInput
            label={t('auth.fields.name')}
            autoComplete="name"
            required
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errors.name}
          />
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
            description={t('auth.fields.passwordHint')}
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={errors.password}
          />
          <Button type="submit" loading={register.isPending}>
            {t('auth.register.submit')}
          </Button>
          <Text size="sm">
            {t('auth.register.hasAccount')}{' '}
            <Anchor component={Link} to={`/signin${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`}>
              {t('auth.register.signInLink')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
