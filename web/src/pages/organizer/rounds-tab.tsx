import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Round } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRounds } from '../../api/assignment.ts';
import { useCreateRound, useUpdateRound } from '../../api/setup.ts';
import { DeadlineText } from '../../components/deadline.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LoadingState } from '../../components/loading-state.tsx';
import { useContentText } from '../../i18n/content.ts';
import type { CompetitionTabProps } from './competition-tabs.ts';
import { RoundForm } from './round-form.tsx';
import { weightShares } from './setup-fns.ts';

/** The competition's rounds in order, each with its settings and rubric; organizers add and edit them. */
export function RoundsTab({ competition }: CompetitionTabProps) {
  const { t } = useTranslation('setup');
  const rounds = useRounds(competition.id);
  const canEdit = competition.myRoles.includes('organizer');
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const create = useCreateRound(competition.id);
  const update = useUpdateRound(competition.id);

  if (rounds.isPending) return <LoadingState />;
  if (rounds.isError) return <ErrorAlert error={rounds.error} />;

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('rounds.title')}</Title>
          <Text size="sm" c="gray.7">
            {t('rounds.intro')}
          </Text>
        </div>
        {canEdit && editing !== 'new' && (
          <Button
            onClick={() => {
              create.reset();
              setEditing('new');
            }}
          >
            {t('rounds.new')}
          </Button>
        )}
      </Group>

      {editing === 'new' && (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
          <Title order={3} id="round-new-title" mb="md">
            {t('rounds.newTitle')}
          </Title>
          <RoundForm
            idPrefix="round-new"
            timeZone={competition.timezone}
            submitLabel={t('rounds.create')}
            pending={create.isPending}
            error={create.error}
            onCancel={() => setEditing(null)}
            onSubmit={(body) =>
              create.mutate(body, {
                onSuccess: (round) => {
                  setEditing(null);
                  notifications.show({ color: 'teal', message: t('rounds.created', { name: round.name }) });
                },
              })
            }
          />
        </Paper>
      )}

      {rounds.data.length === 0 && editing !== 'new' ? (
        <EmptyState title={t('rounds.emptyTitle')} description={t('rounds.emptyText')} />
      ) : (
        rounds.data.map((round) =>
          editing === round.id ? (
            <Paper key={round.id} withBorder p={{ base: 'md', sm: 'lg' }} radius="md">
              <Title order={3} id={`round-${round.id}-title`} mb="md">
                {t('rounds.editTitle', { name: round.name })}
              </Title>
              <RoundForm
                idPrefix={`round-${round.id}`}
                round={round}
                timeZone={competition.timezone}
                submitLabel={t('rounds.save')}
                pending={update.isPending}
                error={update.error}
                onCancel={() => setEditing(null)}
                onSubmit={(body) =>
                  update.mutate(
                    { roundId: round.id, body: { ...body, closesAt: body.closesAt ?? null } },
                    {
                      onSuccess: (saved) => {
                        setEditing(null);
                        notifications.show({
                          color: 'teal',
                          message: t('rounds.saved', { name: saved.name }),
                        });
                      },
                    },
                  )
                }
              />
            </Paper>
          ) : (
            <RoundCard
              key={round.id}
              round={round}
              timeZone={competition.timezone}
              onEdit={
                canEdit
                  ? () => {
                      update.reset();
                      setEditing(round.id);
                    }
                  : undefined
              }
            />
          ),
        )
      )}
    </Stack>
  );
}

function RoundCard({ round, timeZone, onEdit }: { round: Round; timeZone: string; onEdit?: () => void }) {
  const { t } = useTranslation('setup');
  const { text } = useContentText();
  const shares = weightShares(round.criteria.map((c) => c.weight));
  const titleId = `round-${round.id}-name`;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="md" component="section" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" mb="sm">
        <Group gap="xs">
          <Title order={3} id={titleId}>
            {`${round.position}. ${round.name}`}
          </Title>
          <Badge variant="light">{t(`rounds.kind.${round.kind}`)}</Badge>
          {round.reviewsStarted && (
            <Badge variant="light" color="yellow">
              {t('rounds.reviewsStarted')}
            </Badge>
          )}
        </Group>
        {onEdit && (
          <Button variant="default" onClick={onEdit} aria-label={t('rounds.editNamed', { name: round.name })}>
            {t('rounds.edit')}
          </Button>
        )}
      </Group>
      <Group gap="xl" mb="md" wrap="wrap">
        <Fact label={t('rounds.fields.reviewsPerEntry')} value={String(round.reviewsPerEntry)} />
        <Fact label={t('rounds.fields.judgeCapacity')} value={String(round.judgeCapacity)} />
        <Fact
          label={t('rounds.fields.normalization')}
          value={t(`rounds.normalization.${round.normalization}`)}
        />
        <Fact
          label={t('rounds.fields.sameCountryShort')}
          value={round.conflictPolicy.sameCountry ? t('rounds.yes') : t('rounds.no')}
        />
        <Fact
          label={t('rounds.fields.closesAt')}
          value={
            round.closesAt ? <DeadlineText iso={round.closesAt} timeZone={timeZone} /> : t('rounds.noClosing')
          }
        />
      </Group>
      <Table.ScrollContainer minWidth={480}>
        <Table striped aria-label={t('rubric.tableLabel', { name: round.name })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('rubric.label')}</Table.Th>
              <Table.Th scope="col">{t('rubric.key')}</Table.Th>
              <Table.Th scope="col">{t('rubric.weight')}</Table.Th>
              <Table.Th scope="col">{t('rubric.scale')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {round.criteria.map((c, i) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Text fw={500}>{text(c.label, c.labelZh)}</Text>
                  {text(c.description, c.descriptionZh) && (
                    <Text size="sm" c="gray.7">
                      {text(c.description, c.descriptionZh)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <code>{c.key}</code>
                </Table.Td>
                <Table.Td>{`${shares[i]} %`}</Table.Td>
                <Table.Td>{`${c.min}–${c.max}`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text>{value}</Text>
    </div>
  );
}
