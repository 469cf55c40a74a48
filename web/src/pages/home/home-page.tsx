import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import type { User } from '@wuzhen/shared';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { rolesOf, useMe } from '../../api/auth.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { lazyPage } from '../../components/lazy-page.ts';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { LandingPage } from './landing-page.tsx';

const OrganizerHomeSection = lazyPage(() =>
  import('../organizer/organizer-home-section.tsx').then((m) => ({ default: m.OrganizerHomeSection })),
);

/** `/`: the landing page when signed out, else one section per role the user has. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  usePageTitle(me.data ? t('home.title') : undefined);
  if (me.isPending) return <LoadingState />;
  if (me.isError && me.data === undefined) return <ErrorAlert error={me.error} />;
  if (!me.data) return <LandingPage />;
  return <SignedInHome user={me.data} />;
}

function SignedInHome({ user }: { user: User }) {
  const { t } = useTranslation();
  const roles = rolesOf(user);
  return (
    <Stack gap="xl">
      <Title order={1}>{t('home.welcome', { name: user.name })}</Title>
      {roles.includes('organizer') && (
        <Suspense fallback={<LoadingState />}>
          <OrganizerHomeSection user={user} />
        </Suspense>
      )}
      {roles.includes('judge') && (
        <RolePanel
          id="home-judge"
          title={t('home.judge.title')}
          text={t('home.judge.text', { count: user.memberships.filter((m) => m.role === 'judge').length })}
          to="/judge"
          action={t('home.judge.action')}
        />
      )}
      {roles.includes('team') && (
        <RolePanel
          id="home-team"
          title={t('home.team.title')}
          text={t('home.team.text')}
          to="/team"
          action={t('home.team.action')}
        />
      )}
    </Stack>
  );
}

function RolePanel({
  id,
  title,
  text,
  to,
  action,
}: {
  id: string;
  title: string;
  text: string;
  to: string;
  action: string;
}) {
  return (
    <Paper component="section" aria-labelledby={id} withBorder p="lg" radius="md">
      <Stack gap="sm" align="flex-start">
        <Title order={2} id={id}>
          {title}
        </Title>
        <Text>{text}</Text>
        <Button component={Link} to={to} variant="light">
          {action}
        </Button>
      </Stack>
    </Paper>
  );
}
