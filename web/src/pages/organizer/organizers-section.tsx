import { Button, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.ts';
import { fieldErrors } from '../../api/client.ts';
import { type Organizer, useAddOrganizer, useOrganizers, useRemoveOrganizer } from '../../api/setup.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

/** Co-organizers: added by the email of their account, removed (never the last one). */
export function OrganizersSection({ competitionId }: { competitionId: string }) {
  const { t } = useTranslation('setup');
  const organizers = useOrganizers(competitionId);
  const add = useAddOrganizer(competitionId);
  const me = useMe();
  const [email, setEmail] = useState('');
  const [removing, setRemoving] = useState<Organizer | null>(null);
  const errors = fieldErrors(add.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(email, {
      onSuccess: ({ organizer }) => {
        setEmail('');
        notifications.show({ color: 'teal', message: t('organizers.added', { email: organizer.email }) });
      },
    });
  };
  return (
    <Stack component="section" aria-labelledby="overview-organizers" gap="sm">
      <Title order={2} id="overview-organizers">
        {t('organizers.title')}
      </Title>
      <Text size="sm" c="gray.7">
        {t('organizers.intro')}
      </Text>
      <ErrorAlert error={organizers.error} />
      {organizers.data && (
        <Table striped aria-labelledby="overview-organizers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('organizers.name')}</Table.Th>
              <Table.Th scope="col">{t('organizers.email')}</Table.Th>
              <Table.Th scope="col">{t('organizers.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {organizers.data.map((organizer) => (
              <Table.Tr key={organizer.id}>
                <Table.Td>{organizer.name}</Table.Td>
                <Table.Td>{organizer.email}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="outline"
                    color="red.9"
                    disabled={organizers.data.length === 1}
                    aria-label={t('organizers.removeNamed', {
                      action: organizer.id === me.data?.id ? t('organizers.leave') : t('organizers.remove'),
                      email: organizer.email,
                    })}
                    onClick={() => setRemoving(organizer)}
                  >
                    {organizer.id === me.data?.id ? t('organizers.leave') : t('organizers.remove')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form onSubmit={submit} noValidate aria-label={t('organizers.addTitle')}>
        <Stack gap="xs">
          <ErrorAlert error={add.error} fields={['email']} />
          <Group align="flex-start" gap="sm">
            <TextInput
              type="email"
              label={t('organizers.email')}
              description={t('organizers.emailHint')}
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={errors.email}
              maxLength={254}
              style={{ flex: '1 1 260px' }}
            />
            <Button type="submit" loading={add.isPending} mt={{ base: 0, sm: 46 }}>
              {t('organizers.add')}
            </Button>
          </Group>
        </Stack>
      </form>
      <RemoveOrganizerDialog
        competitionId={competitionId}
        organizer={removing}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}

function RemoveOrganizerDialog({
  competitionId,
  organizer,
  onClose,
}: {
  competitionId: string;
  organizer: Organizer | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('setup');
  const remove = useRemoveOrganizer(competitionId);
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal
      opened={organizer !== null}
      onClose={close}
      title={t('organizers.removeTitle', { email: organizer?.email ?? '' })}
      closeButtonProps={{ 'aria-label': t('tracks.close') }}
    >
      <Stack gap="md">
        <Text>{t('organizers.removeText')}</Text>
        <ErrorAlert error={remove.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('tracks.keep')}
          </Button>
          <Button
            color="red.9"
            loading={remove.isPending}
            onClick={() =>
              organizer &&
              remove.mutate(organizer.id, {
                onSuccess: () => {
                  notifications.show({
                    color: 'teal',
                    message: t('organizers.removed', { email: organizer.email }),
                  });
                  close();
                },
              })
            }
          >
            {t('organizers.removeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
