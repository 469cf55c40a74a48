import { Button, Group, MultiSelect, NumberInput, SimpleGrid, TextInput } from '@mantine/core';
import type { JudgeInput, Track } from '@wuzhen/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';

const fields = ['name', 'email', 'organization', 'country', 'expertise', 'capacity'] as const;

export type JudgeFormValues = {
  name: string;
  email: string;
  organization: string;
  country: string;
  expertise: string[];
  capacity: number | null;
};

/**
 * A judge's profile: used to add one (with email) and to edit one (the email then stays, since it
 * names the account). Expertise keeps the order chosen: the first track is the judge's main one.
 */
export function JudgeForm({
  idPrefix,
  tracks,
  initial,
  withEmail,
  withCapacity = true,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  idPrefix: string;
  tracks: readonly Track[];
  initial?: Partial<JudgeFormValues>;
  withEmail: boolean;
  withCapacity?: boolean;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: JudgeInput) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('judges');
  const [values, setValues] = useState<JudgeFormValues>({
    name: initial?.name ?? '',
    email: initial?.email ?? '',
    organization: initial?.organization ?? '',
    country: initial?.country ?? '',
    expertise: initial?.expertise ?? [],
    capacity: initial?.capacity ?? null,
  });
  const errors = fieldErrors(error);
  const expertiseError =
    errors.expertise ?? Object.entries(errors).find(([path]) => path.startsWith('expertise.'))?.[1];
  const set = <K extends keyof JudgeFormValues>(key: K, value: JudgeFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({
      name: values.name,
      email: values.email,
      organization: values.organization,
      country: values.country,
      expertise: values.expertise,
      ...(withCapacity ? { capacity: values.capacity } : {}),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert error={error} fields={[...fields, ...values.expertise.map((_, i) => `expertise.${i}`)]} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt={error ? 'sm' : 0}>
        <TextInput
          id={`${idPrefix}-name`}
          label={t('fields.name')}
          required
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
          autoComplete="off"
        />
        {withEmail && (
          <TextInput
            id={`${idPrefix}-email`}
            label={t('fields.email')}
            type="email"
            required
            value={values.email}
            onChange={(e) => set('email', e.currentTarget.value)}
            error={errors.email}
            autoComplete="off"
            spellCheck={false}
          />
        )}
        <TextInput
          id={`${idPrefix}-organization`}
          label={t('fields.organization')}
          description={t('fields.organizationHint')}
          value={values.organization}
          onChange={(e) => set('organization', e.currentTarget.value)}
          error={errors.organization}
        />
        <TextInput
          id={`${idPrefix}-country`}
          label={t('fields.country')}
          description={t('fields.countryHint')}
          required
          maxLength={2}
          value={values.country}
          onChange={(e) => set('country', e.currentTarget.value.toUpperCase())}
          error={errors.country}
          autoCapitalize="characters"
          spellCheck={false}
        />
        <MultiSelect
          id={`${idPrefix}-expertise`}
          label={t('fields.expertise')}
          description={t('fields.expertiseHint')}
          data={tracks.map((track) => ({ value: track.id, label: `${track.name} (${track.code})` }))}
          value={values.expertise}
          onChange={(value) => set('expertise', value)}
          error={expertiseError}
          searchable
          clearable
        />
        {withCapacity && (
          <NumberInput
            id={`${idPrefix}-capacity`}
            label={t('fields.capacity')}
            description={t('fields.capacityHint')}
            min={0}
            max={100000}
            allowDecimal={false}
            allowNegative={false}
            value={values.capacity ?? ''}
            onChange={(value) => set('capacity', value === '' ? null : Number(value))}
            error={errors.capacity}
          />
        )}
      </SimpleGrid>
      <Group mt="md" gap="sm">
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            {t('actions.cancel')}
          </Button>
        )}
      </Group>
    </form>
  );
}
