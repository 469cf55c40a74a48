import { Alert, Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { PublicCompetition, Team } from '@wuzhen/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import {
  useCreateEntry,
  useCreateTeam,
  usePublicCompetitions,
  useTeam,
  useUpdateTeam,
} from '../../api/entries.ts';
import { Countdown, DeadlineText } from '../../components/deadline.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { browserTimeZone } from '../../i18n/dates.ts';
import { EntryForm } from './entry-form.tsx';
import { TeamForm } from './team-form.tsx';
import { teamPaths } from './team-home-page.tsx';
import { TeamMembersSection } from './team-members-section.tsx';

function BackLink() {
  const { t } = useTranslation('entries');
  return (
    <Anchor component={Link} to={teamPaths.home} size="sm">
      {t('nav.backToTeams')}
    </Anchor>
  );
}

function CompetitionLine({ competition }: { competition: PublicCompetition }) {
  const { t } = useTranslation('entries');
  return (
    <Text c="dimmed">
      {competition.name} · {t('deadline.label')}{' '}
      <DeadlineText iso={competition.submissionClosesAt} timeZone={competition.timezone} /> ·{' '}
      <Countdown iso={competition.submissionClosesAt} />
    </Text>
  );
}

/** `/team/new?competition=…`: register a team; the person registering is its first member. */
export function NewTeamPage() {
  const { t } = useTranslation('entries');
  usePageTitle(t('team.newTitle'));
  const [params] = useSearchParams();
  const competitionId = params.get('competition') ?? '';
  const competitions = usePublicCompetitions();
  const me = useMe();
  const create = useCreateTeam(competitionId);
  const navigate = useNavigate();

  if (competitions.isPending || me.isPending) return <LoadingState />;
  if (competitions.isError) return <ErrorAlert error={competitions.error} />;
  const competition = competitions.data.find((c) => c.id === competitionId);
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <BackLink />
        <Title order={1}>{t('team.newTitle')}</Title>
        {competition ? (
          <CompetitionLine competition={competition} />
        ) : (
          <Text c="red">{t('team.noCompetition')}</Text>
        )}
      </Stack>
      {competition && (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" maw={860}>
          <TeamForm
            idPrefix="new-team"
            defaultMember={me.data ? { name: me.data.name, email: me.data.email } : undefined}
            submitLabel={t('team.create')}
            pending={create.isPending}
            error={create.error}
            onSubmit={(body) =>
              create.mutate(body, {
                onSuccess: (team) => {
                  notifications.show({ color: 'teal', message: t('team.created', { name: team.name }) });
                  navigate(teamPaths.newEntry(team.id));
                },
              })
            }
          />
        </Paper>
      )}
    </Stack>
  );
}

function useTeamAndCompetition(teamId: string) {
  const team = useTeam(teamId);
  const competitions = usePublicCompetitions();
  const competition = competitions.data?.find((c) => c.id === team.data?.competitionId);
  return { team, competitions, competition };
}

function TeamNotFound({ error }: { error: unknown }) {
  const { t } = useTranslation('entries');
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Stack gap="md" align="flex-start">
        <Title order={1}>{t('team.notFoundTitle')}</Title>
        <Text>{t('team.notFound')}</Text>
        <Button component={Link} to={teamPaths.home}>
          {t('nav.backToTeams')}
        </Button>
      </Stack>
    );
  }
  return <ErrorAlert error={error} />;
}

/** `/team/teams/:teamId`: edit the team's details and members. */
export function EditTeamPage() {
  const { t } = useTranslation('entries');
  const { teamId = '' } = useParams();
  const { team, competitions, competition } = useTeamAndCompetition(teamId);
  usePageTitle(team.data?.name ?? t('team.editTitle'));
  if (team.isPending || competitions.isPending) return <LoadingState />;
  if (team.isError) return <TeamNotFound error={team.error} />;
  return <EditTeam team={team.data} competition={competition} />;
}

function EditTeam({ team, competition }: { team: Team; competition?: PublicCompetition }) {
  const { t } = useTranslation('entries');
  const update = useUpdateTeam(team.id);
  const navigate = useNavigate();
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <BackLink />
        <Title order={1}>{t('team.editTitle')}</Title>
        {competition && <CompetitionLine competition={competition} />}
      </Stack>
      <FormUntilDeadline
        open={!competition || competition.submissionsOpen}
        closedTitle={t('team.closedTitle')}
        closedText={t('team.closedText')}
      >
        <TeamForm
          idPrefix="edit-team"
          initial={team}
          submitLabel={t('common.save')}
          pending={update.isPending}
          error={update.error}
          onCancel={() => navigate(teamPaths.home)}
          onSubmit={(body) =>
            update.mutate(body, {
              onSuccess: () => {
                notifications.show({ color: 'teal', message: t('team.saved') });
                navigate(teamPaths.home);
              },
            })
          }
        />
      </FormUntilDeadline>
      <TeamMembersSection teamId={team.id} timeZone={competition?.timezone ?? browserTimeZone()} />
    </Stack>
  );
}

/** `/team/teams/:teamId/entries/new`: start an entry (a draft) for this team. */
export function NewEntryPage() {
  const { t } = useTranslation('entries');
  usePageTitle(t('entry.newTitle'));
  const { teamId = '' } = useParams();
  const { team, competitions, competition } = useTeamAndCompetition(teamId);
  const create = useCreateEntry(team.data?.competitionId ?? '');
  const navigate = useNavigate();
  if (team.isPending || competitions.isPending) return <LoadingState />;
  if (team.isError) return <TeamNotFound error={team.error} />;
  if (!competition) return <ErrorAlert error={competitions.error} />;
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <BackLink />
        <Title order={1}>{t('entry.newTitle')}</Title>
        <Text>{t('entry.newFor', { team: team.data.name })}</Text>
        <CompetitionLine competition={competition} />
      </Stack>
      <FormUntilDeadline
        open={competition.submissionsOpen}
        closedTitle={t('entry.closedTitle')}
        closedText={t('entry.closedText')}
      >
        <EntryForm
          idPrefix="new-entry"
          tracks={competition.tracks}
          submitLabel={t('entry.create')}
          pending={create.isPending}
          error={create.error}
          onCancel={() => navigate(teamPaths.home)}
          onSubmit={(values) =>
            create.mutate(
              { ...values, teamId: team.data.id },
              {
                onSuccess: (entry) => {
                  notifications.show({ color: 'teal', message: t('entry.created') });
                  navigate(teamPaths.entry(entry.id));
                },
              },
            )
          }
        />
      </FormUntilDeadline>
    </Stack>
  );
}

/**
 * A team's own form while submissions are open; after the deadline the server would refuse it, so
 * the page says so instead of offering a form to be refused.
 */
function FormUntilDeadline({
  open,
  closedTitle,
  closedText,
  children,
}: {
  open: boolean;
  closedTitle: string;
  closedText: string;
  children: ReactNode;
}) {
  if (!open)
    return (
      <Alert color="gray" title={closedTitle} maw={860}>
        {closedText}
      </Alert>
    );
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" maw={860}>
      {children}
    </Paper>
  );
}
