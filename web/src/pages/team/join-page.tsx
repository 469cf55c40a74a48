import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { type ErrorCode, errorCodes, type TeamInvitation, type User } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useResendVerification } from '../../api/account.ts';
import { useMe, useSignOut } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { useAcceptTeamInvitation, useTeamInvitation } from '../../api/team-members.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { NarrowCard } from '../../components/narrow-card.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { teamPaths } from './team-home-page.tsx';

/**
 * `/join/:token`: the mailed team invitation. Signed out, it asks to sign in or register with the
 * invited address and comes back here; signed in as that address (confirmed), one button joins.
 * Expired, used and unknown links each say what happened and what to do.
 */
export function JoinTeamPage() {
  const { t, i18n } = useTranslation('members');
  usePageTitle(t('join.pageTitle'));
  const { token = '' } = useParams();
  const invitation = useTeamInvitation(token);
  const me = useMe();

  if (invitation.isPending || me.isPending) return <LoadingState />;
  if (invitation.isError) {
    const unknown = invitation.error instanceof ApiError && invitation.error.status === 404;
    return (
      <NarrowCard title={unknown ? t('join.unknownTitle') : t('join.pageTitle')}>
        {unknown ? <Text>{t('join.unknownText')}</Text> : <ErrorAlert error={invitation.error} />}
        <HomeLinks />
      </NarrowCard>
    );
  }
  const data = invitation.data;
  if (data.status === 'expired') {
    return (
      <NarrowCard title={t('join.expiredTitle')}>
        <Text>
          {t('join.expiredText', {
            team: data.teamName,
            when: expiryOf(data, i18n.resolvedLanguage ?? 'en'),
            inviter: data.inviterName,
          })}
        </Text>
        <HomeLinks />
      </NarrowCard>
    );
  }
  // Only the invited address accepts: signed in as it, this is the person who joined (perhaps by
  // confirming the address, which accepts the invitation too).
  if (data.status === 'accepted' && me.data?.email === data.email) {
    return <Joined invitation={data} />;
  }
  if (data.status === 'accepted') {
    return (
      <NarrowCard title={t('join.usedTitle')}>
        <Text>{t('join.usedText', { team: data.teamName, email: data.email })}</Text>
        <HomeLinks />
      </NarrowCard>
    );
  }
  return <OpenInvitation token={token} invitation={data} user={me.data ?? null} />;
}

/** The link's expiry in the competition's time zone, named, as every date of the competition reads. */
const expiryOf = (invitation: TeamInvitation, lang: string) =>
  formatDateTime(invitation.expiresAt, invitation.competitionTimezone, lang);

/**
 * Refusals of joining that another click cannot change (the person judges this competition, is on
 * the team already, or the link is used, expired, withdrawn or another address's): the page then
 * offers the ways on instead of the button. A lost connection, a server error or an unconfirmed
 * address (confirmed in another tab) can change, so those keep the button.
 */
const finalRefusals: ReadonlySet<string> = new Set<ErrorCode>([
  errorCodes.teams.memberIsJudge,
  errorCodes.teams.alreadyMember,
  errorCodes.teams.invitationUsed,
  errorCodes.teams.invitationExpired,
  errorCodes.teams.invitationNotFound,
  errorCodes.teams.invitationOtherAccount,
]);
const isFinalRefusal = (error: unknown) => error instanceof ApiError && finalRefusals.has(error.code);

function HomeLinks() {
  const { t } = useTranslation('members');
  return (
    <Group gap="md">
      <Anchor component={Link} to={teamPaths.home}>
        {t('join.myTeams')}
      </Anchor>
      <Anchor component={Link} to="/">
        {t('join.home')}
      </Anchor>
    </Group>
  );
}

function Joined({ invitation }: { invitation: TeamInvitation }) {
  const { t } = useTranslation('members');
  return (
    <NarrowCard title={t('join.doneTitle', { team: invitation.teamName })}>
      <Alert color="teal" role="status">
        {t('join.doneText', { team: invitation.teamName, competition: invitation.competitionName })}
      </Alert>
      <Group gap="sm">
        <Button component={Link} to={teamPaths.team(invitation.teamId)}>
          {t('join.openTeam')}
        </Button>
        <Button component={Link} to={teamPaths.home} variant="default">
          {t('join.myTeams')}
        </Button>
      </Group>
    </NarrowCard>
  );
}

function OpenInvitation({
  token,
  invitation,
  user,
}: {
  token: string;
  invitation: TeamInvitation;
  user: User | null;
}) {
  const { t, i18n } = useTranslation('members');
  const accept = useAcceptTeamInvitation(token);
  const signOut = useSignOut();
  const resend = useResendVerification();
  const here = `/join/${encodeURIComponent(token)}`;
  const back = `next=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`;
  const expires = expiryOf(invitation, i18n.resolvedLanguage ?? 'en');
  const names = {
    team: invitation.teamName,
    competition: invitation.competitionName,
    inviter: invitation.inviterName,
    email: invitation.email,
  };

  if (accept.isSuccess) return <Joined invitation={invitation} />;

  return (
    <NarrowCard title={t('join.title', { team: invitation.teamName })}>
      <Text>{t('join.text', names)}</Text>
      <Text size="sm" c="dimmed">
        {t('join.expires', { when: expires })}
      </Text>
      {!user ? (
        <>
          <Text>{t('join.signedOut', names)}</Text>
          <Group gap="sm">
            <Button component={Link} to={`/signin?${back}`}>
              {t('join.signIn')}
            </Button>
            <Button component={Link} to={`/register?${back}`} variant="default">
              {t('join.register')}
            </Button>
          </Group>
        </>
      ) : user.email !== invitation.email ? (
        <>
          <Alert color="yellow" title={t('join.otherAccountTitle')}>
            {t('join.otherAccount', { ...names, current: user.email })}
          </Alert>
          <Group>
            <Button loading={signOut.isPending} onClick={() => signOut.mutate()}>
              {t('join.signOut')}
            </Button>
          </Group>
          <ErrorAlert error={signOut.error} />
        </>
      ) : !user.emailVerified ? (
        <Alert color="yellow" title={t('join.unverifiedTitle')}>
          <Stack gap="xs">
            <Text size="sm">{t('join.unverified', names)}</Text>
            {resend.isSuccess ? (
              <Text size="sm" role="status">
                {t('join.verificationSent', names)}
              </Text>
            ) : (
              <Group>
                <Button
                  size="xs"
                  variant="default"
                  loading={resend.isPending}
                  onClick={() => resend.mutate()}
                >
                  {t('join.resendVerification')}
                </Button>
              </Group>
            )}
            <ErrorAlert error={resend.error} />
          </Stack>
        </Alert>
      ) : (
        <>
          <ErrorAlert error={accept.error} />
          {isFinalRefusal(accept.error) ? (
            <HomeLinks />
          ) : (
            <Group>
              <Button loading={accept.isPending} onClick={() => accept.mutate()}>
                {t('join.accept', { team: invitation.teamName })}
              </Button>
            </Group>
          )}
        </>
      )}
    </NarrowCard>
  );
}
