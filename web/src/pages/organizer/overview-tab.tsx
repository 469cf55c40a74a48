import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateCompetition } from '../../api/competitions.ts';
import { Countdown, DeadlineText } from '../../components/deadline.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { AddTrackForm } from './add-track-form.tsx';
import { CompetitionForm } from './competition-form.tsx';
import type { CompetitionTabProps } from './competition-tabs.ts';
import { OrganizersSection } from './organizers-section.tsx';
import { SetupChecklist } from './setup-checklist.tsx';
import { TracksEditor } from './tracks-editor.tsx';
import { TracksTable } from './tracks-table.tsx';

/** The competition at a glance: description, deadline, tracks; organizers also edit it here. */
export function OverviewTab({ competition }: CompetitionTabProps) {
  const { t } = useTranslation();
  const canEdit = competition.myRoles.includes('organizer');
  return (
    <Stack gap="xl">
      {canEdit && <SetupChecklist competition={competition} />}
      <Stack component="section" aria-labelledby="overview-details" gap="sm">
        <Title order={2} id="overview-details">
          {t('competition.overview.details')}
        </Title>
        {competition.description ? (
          <Text style={{ whiteSpace: 'pre-wrap' }}>{competition.description}</Text>
        ) : (
          <Text c="gray.7">{t('competition.overview.noDescription')}</Text>
        )}
        <div>
          <Text fw={500}>{t('competitions.fields.deadline')}</Text>
          <Text>
            <DeadlineText iso={competition.submissionClosesAt} timeZone={competition.timezone} />
          </Text>
          <Countdown iso={competition.submissionClosesAt} />
        </div>
      </Stack>

      <Stack component="section" aria-labelledby="overview-tracks" gap="sm">
        <Title order={2} id="overview-tracks">
          {t('tracks.title')}
        </Title>
        {competition.tracks.length > 0 && canEdit ? (
          <TracksEditor
            competitionId={competition.id}
            tracks={competition.tracks}
            captionId="overview-tracks"
          />
        ) : competition.tracks.length > 0 ? (
          <TracksTable tracks={competition.tracks} captionId="overview-tracks" />
        ) : (
          <EmptyState headingOrder={3} title={t('tracks.emptyTitle')} description={t('tracks.emptyText')} />
        )}
        {canEdit && (
          <Paper withBorder p="md" radius="md">
            <Title order={3} id="overview-add-track" fz="h4" mb="sm">
              {t('tracks.addTitle')}
            </Title>
            <AddTrackForm competitionId={competition.id} titleId="overview-add-track" />
          </Paper>
        )}
      </Stack>

      {canEdit && <EditCompetitionSection competition={competition} />}
      {canEdit && <OrganizersSection competitionId={competition.id} />}
    </Stack>
  );
}

function EditCompetitionSection({ competition }: CompetitionTabProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const update = useUpdateCompetition(competition.id);
  return (
    <Stack component="section" aria-labelledby="overview-edit" gap="sm">
      <Group justify="space-between">
        <Title order={2} id="overview-edit">
          {t('competition.overview.editTitle')}
        </Title>
        <Button
          variant="default"
          aria-expanded={editing}
          aria-controls="overview-edit-form"
          onClick={() => setEditing((open) => !open)}
        >
          {editing ? t('common.cancel') : t('competition.overview.edit')}
        </Button>
      </Group>
      <div id="overview-edit-form">
        {editing && (
          <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
            <CompetitionForm
              idPrefix="edit-competition"
              initial={competition}
              submitLabel={t('common.save')}
              pending={update.isPending}
              error={update.error}
              onSubmit={(body) =>
                update.mutate(body, {
                  onSuccess: () => {
                    setEditing(false);
                    notifications.show({ color: 'teal', message: t('competition.overview.saved') });
                  },
                })
              }
            />
          </Paper>
        )}
      </div>
    </Stack>
  );
}
