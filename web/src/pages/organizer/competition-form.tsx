import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import type { CreateCompetitionBody } from '../../api/competitions.ts';
import { BilingualField } from '../../components/bilingual-field.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { defaultTimeZone, timeZoneOptions } from '../../components/time-zones.ts';
import { fromZonedInputValue, toZonedInputValue } from '../../i18n/dates.ts';

export const competitionFormFields = [
  'name',
  'nameZh',
  'slug',
  'description',
  'descriptionZh',
  'timezone',
  'submissionClosesAt',
] as const;

export type CompetitionFormValues = {
  name: string;
  nameZh: string;
  slug: string;
  description: string;
  descriptionZh: string;
  timezone: string;
  submissionClosesAt: string | null;
};

/** `Wuzhen Global Internet Competition 2026` → `wuzhen-global-internet-competition-2026`. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/**
 * The fields of a competition, for creating one and for editing it. The deadline is entered as
 * wall-clock time in the competition's own time zone, whatever the browser's zone is.
 */
export function CompetitionForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  deriveSlugFromName = false,
  idPrefix,
}: {
  initial?: CompetitionFormValues;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: CreateCompetitionBody) => void;
  /** While the slug has not been typed in, keep it in step with the name (when creating). */
  deriveSlugFromName?: boolean;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial?.name ?? '');
  const [nameZh, setNameZh] = useState(initial?.nameZh ?? '');
  const [slug, setSlug] = useState(initial?.slug ?? '');
  const [slugTouched, setSlugTouched] = useState(!deriveSlugFromName);
  const [description, setDescription] = useState(initial?.description ?? '');
  const [descriptionZh, setDescriptionZh] = useState(initial?.descriptionZh ?? '');
  const [timezone, setTimezone] = useState(initial?.timezone ?? defaultTimeZone);
  const [deadline, setDeadline] = useState(
    initial?.submissionClosesAt ? toZonedInputValue(initial.submissionClosesAt, initial.timezone) : '',
  );
  const [deadlineError, setDeadlineError] = useState<string | null>(null);

  const serverErrors = fieldErrors(error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const submissionClosesAt = fromZonedInputValue(deadline, timezone);
    if (!submissionClosesAt) {
      setDeadlineError(t('competitions.fields.deadlineRequired'));
      return;
    }
    setDeadlineError(null);
    onSubmit({ name, nameZh, slug, description, descriptionZh, timezone, submissionClosesAt });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={error} fields={competitionFormFields} />
        <BilingualField
          id={`${idPrefix}-name`}
          label={t('competitions.fields.name')}
          required
          maxLength={200}
          en={name}
          zh={nameZh}
          onChange={(next) => {
            if (next.en !== name && !slugTouched) setSlug(slugify(next.en));
            setName(next.en);
            setNameZh(next.zh);
          }}
          errors={{ en: serverErrors.name, zh: serverErrors.nameZh }}
        />
        <TextInput
          id={`${idPrefix}-slug`}
          label={t('competitions.fields.slug')}
          description={t('competitions.fields.slugHint')}
          required
          value={slug}
          onChange={(event) => {
            setSlugTouched(true);
            setSlug(event.currentTarget.value);
          }}
          error={serverErrors.slug}
          autoCapitalize="off"
          spellCheck={false}
        />
        <BilingualField
          id={`${idPrefix}-description`}
          label={t('competitions.fields.description')}
          multiline
          maxLength={5000}
          en={description}
          zh={descriptionZh}
          onChange={(next) => {
            setDescription(next.en);
            setDescriptionZh(next.zh);
          }}
          errors={{ en: serverErrors.description, zh: serverErrors.descriptionZh }}
        />
        <Group grow align="flex-start" wrap="wrap">
          <Select
            id={`${idPrefix}-timezone`}
            label={t('competitions.fields.timezone')}
            description={t('competitions.fields.timezoneHint')}
            required
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('competitions.fields.timezoneNotFound')}
            data={timeZoneOptions(timezone)}
            value={timezone}
            onChange={(value) => value && setTimezone(value)}
            error={serverErrors.timezone}
            miw={240}
          />
          <TextInput
            id={`${idPrefix}-deadline`}
            type="datetime-local"
            label={t('competitions.fields.deadline')}
            description={t('competitions.fields.deadlineHint', { timezone })}
            required
            value={deadline}
            onChange={(event) => {
              setDeadline(event.currentTarget.value);
              setDeadlineError(null);
            }}
            error={deadlineError ?? serverErrors.submissionClosesAt}
            miw={240}
          />
        </Group>
        <Group>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
