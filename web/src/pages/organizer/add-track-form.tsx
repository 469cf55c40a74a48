import { Button, Group, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useAddTrack } from '../../api/competitions.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

const fields = ['name', 'code'] as const;

export function AddTrackForm({ competitionId, titleId }: { competitionId: string; titleId: string }) {
  const { t } = useTranslation();
  const addTrack = useAddTrack(competitionId);
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const errors = fieldErrors(addTrack.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmedCode = code.trim();
    addTrack.mutate(
      { name, ...(trimmedCode ? { code: trimmedCode } : {}) },
      {
        onSuccess: (track) => {
          setName('');
          setCode('');
          notifications.show({ color: 'teal', message: t('tracks.added', { name: track.name }) });
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={titleId}>
      <ErrorAlert error={addTrack.error} fields={fields} />
      <Group align="flex-start" gap="sm" mt={addTrack.error ? 'sm' : 0}>
        <TextInput
          label={t('tracks.name')}
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
          style={{ flex: '2 1 220px' }}
        />
        <TextInput
          label={t('tracks.code')}
          description={t('tracks.codeHint')}
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          error={errors.code}
          autoCapitalize="characters"
          spellCheck={false}
          style={{ flex: '1 1 140px' }}
        />
        <Button type="submit" loading={addTrack.isPending} mt={{ base: 0, sm: 25 }}>
          {t('tracks.add')}
        </Button>
      </Group>
    </form>
  );
}
