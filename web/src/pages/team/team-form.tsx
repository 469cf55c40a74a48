import { ActionIcon, Button, Fieldset, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { Team } from '@wuzhen/shared';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import type { CreateTeamBody } from '../../api/entries.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { countryOptions } from './entry-fns.ts';

const maxMembers = 20;
type MemberRow = { key: number; name: string; email: string };

/** The team's details and its members, for registering a team and for editing it. */
export function TeamForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
  idPrefix,
  defaultMember,
}: {
  initial?: Team;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: CreateTeamBody) => void;
  onCancel?: () => void;
  idPrefix: string;
  /** The first member of a new team: the person registering it. */
  defaultMember?: { name: string; email: string };
}) {
  const { t, i18n } = useTranslation('entries');
  const language = i18n.resolvedLanguage ?? 'en';
  const countries = useMemo(() => countryOptions(language), [language]);
  const nextKey = useRef(1);
  const row = (m: { name: string; email: string }): MemberRow => ({ key: nextKey.current++, ...m });
  const [name, setName] = useState(initial?.name ?? '');
  const [organization, setOrganization] = useState(initial?.organization ?? '');
  const [country, setCountry] = useState<string | null>(initial?.country ?? null);
  const [members, setMembers] = useState<MemberRow[]>(() =>
    (initial?.members ?? [defaultMember ?? { name: '', email: '' }]).map(row),
  );
  const [countryMissing, setCountryMissing] = useState(false);
  const serverErrors = fieldErrors(error);
  const memberFields = members.flatMap((_, i) => [`members.${i}.name`, `members.${i}.email`]);

  const setMember = (key: number, patch: Partial<MemberRow>) =>
    setMembers((current) => current.map((m) => (m.key === key ? { ...m, ...patch } : m)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!country) {
      setCountryMissing(true);
      return;
    }
    onSubmit({
      name,
      organization,
      country,
      members: members.map((m) => ({ name: m.name, email: m.email })),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={error} fields={['name', 'organization', 'country', 'members', ...memberFields]} />
        <TextInput
          id={`${idPrefix}-name`}
          label={t('team.fields.name')}
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={serverErrors.name}
          maxLength={120}
        />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            id={`${idPrefix}-organization`}
            label={t('team.fields.organization')}
            description={t('team.fields.organizationHint')}
            required
            value={organization}
            onChange={(event) => setOrganization(event.currentTarget.value)}
            error={serverErrors.organization}
            maxLength={200}
            miw={240}
          />
          <Select
            id={`${idPrefix}-country`}
            label={t('team.fields.country')}
            description={t('team.fields.countryHint')}
            required
            searchable
            data={countries}
            value={country}
            onChange={(value) => {
              setCountry(value);
              setCountryMissing(false);
            }}
            nothingFoundMessage={t('team.fields.countryNotFound')}
            error={countryMissing ? t('team.fields.countryRequired') : serverErrors.country}
            miw={240}
          />
        </Group>
        <Fieldset legend={t('team.fields.members')} radius="md">
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('team.fields.membersHint')}
            </Text>
            {serverErrors.members && (
              <Text size="sm" c="red" role="alert">
                {serverErrors.members}
              </Text>
            )}
            {members.map((member, i) => (
              <Group key={member.key} align="flex-end" gap="sm" wrap="wrap">
                <TextInput
                  id={`${idPrefix}-member-${member.key}-name`}
                  label={t('team.fields.memberName', { number: i + 1 })}
                  value={member.name}
                  onChange={(event) => setMember(member.key, { name: event.currentTarget.value })}
                  error={serverErrors[`members.${i}.name`]}
                  style={{ flex: '1 1 200px' }}
                />
                <TextInput
                  id={`${idPrefix}-member-${member.key}-email`}
                  type="email"
                  label={t('team.fields.memberEmail', { number: i + 1 })}
                  value={member.email}
                  onChange={(event) => setMember(member.key, { email: event.currentTarget.value })}
                  error={serverErrors[`members.${i}.email`]}
                  style={{ flex: '1 1 240px' }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  mb={serverErrors[`members.${i}.email`] || serverErrors[`members.${i}.name`] ? 22 : 0}
                  aria-label={t('team.fields.removeMember', { number: i + 1 })}
                  disabled={members.length === 1}
                  onClick={() => setMembers((current) => current.filter((m) => m.key !== member.key))}
                >
                  <span aria-hidden="true">✕</span>
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="light"
                size="sm"
                disabled={members.length >= maxMembers}
                onClick={() => setMembers((current) => [...current, row({ name: '', email: '' })])}
              >
                {t('team.fields.addMember')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
        <Group>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
