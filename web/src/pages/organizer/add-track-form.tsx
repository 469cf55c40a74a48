import { Button, Group, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { useAddTrack } from '../../api/competitions.ts';
import { BilingualField } from '../../components/bilingual-field.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';

const fields = ['name', 'nameZh', 'code'] as const;

export function AddTrackForm({ competitionId, titleId }: { competitionId: string; titleId: string }) {
  const { t } = useTranslation();
  const addTrack = useAddTrack(competitionId);
  const [name, setName] = useState('');
  const [nameZh, setNameZh] = useState('');
  const [code, setCode] = useState('');
  const errors = fieldErrors(addTrack.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmedCode = code.trim();
    addTrack.mutate(
      { name, nameZh, ...(trimmedCode ? { code: trimmedCode } : {}) },
      {
        onSuccess: (track) => {
          setName('');
          setNameZh('');
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
        <div style={{ flex: '4 1 440px' }}>
          <BilingualField
            id={`${titleId}-track-name`}
            label={t('tracks.name')}
            required
            maxLength={120}
            en={name}
            zh={nameZh}
            onChange={(next) => {
              setName(next.en);
              setNameZh(next.zh);
            }}
            errors={{ en: errors.name, zh: errors.nameZh }}
          />
        </div>
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
