import {
  Button,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import type { Award, AwardKind, CreateAwardBody, Track } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import { BilingualField } from '../../components/bilingual-field.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { useLocalizedName } from '../../i18n/content.ts';
import { levelKey } from '../public/awards-display.ts';

const fields = [
  'name',
  'nameZh',
  'kind',
  'level',
  'trackId',
  'eligibleTrackIds',
  'slots',
  'description',
  'descriptionZh',
] as const;
const overall = '__overall__';

/** Create or edit an award: a prize on the ladder (level, one track or overall) or a special award. */
export function AwardForm({
  tracks,
  award,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  tracks: Track[];
  award?: Award;
  pending: boolean;
  error: unknown;
  onSubmit: (body: CreateAwardBody) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('awards');
  const [kind, setKind] = useState<AwardKind>(award?.kind ?? 'prize');
  const localName = useLocalizedName();
  const [name, setName] = useState({ en: award?.name ?? '', zh: award?.nameZh ?? '' });
  const [level, setLevel] = useState<number | string>(award?.level ?? 1);
  const [trackId, setTrackId] = useState<string>(award?.trackId ?? overall);
  const [eligible, setEligible] = useState<string[]>(award?.eligibleTrackIds ?? []);
  const [slots, setSlots] = useState<number | string>(award?.slots ?? 1);
  const [description, setDescription] = useState({
    en: award?.description ?? '',
    zh: award?.descriptionZh ?? '',
  });
  const errors = fieldErrors(error);
  const levelNumber = typeof level === 'number' ? level : Number.parseInt(level, 10);

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({
          name: name.en,
          nameZh: name.zh,
          kind,
          slots: typeof slots === 'number' ? slots : Number.parseInt(slots, 10) || 0,
          description: description.en,
          descriptionZh: description.zh,
          ...(kind === 'prize'
            ? {
                level: Number.isFinite(levelNumber) ? levelNumber : undefined,
                ...(trackId !== overall ? { trackId } : {}),
              }
            : { eligibleTrackIds: eligible }),
        });
      }}
    >
      <Stack gap="md">
        {!award && (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="award-kind-label">
              {t('form.kind')}
            </Text>
            <SegmentedControl
              aria-labelledby="award-kind-label"
              value={kind}
              onChange={(value) => setKind(value as AwardKind)}
              data={[
                { value: 'prize', label: t('kind.prize') },
                { value: 'special', label: t('kind.special') },
              ]}
            />
            <Text size="xs" c="dimmed">
              {kind === 'prize' ? t('form.prizeHint') : t('form.specialHint')}
            </Text>
          </Stack>
        )}
        <BilingualField
          id="award-name"
          label={t('form.name')}
          placeholder={kind === 'prize' ? t('form.namePrizePlaceholder') : t('form.nameSpecialPlaceholder')}
          en={name.en}
          zh={name.zh}
          onChange={setName}
          errors={{ en: errors.name, zh: errors.nameZh }}
          required
          maxLength={200}
          autoFocus
        />
        {kind === 'prize' && (
          <Group grow align="flex-start">
            <NumberInput
              label={t('form.level')}
              description={
                Number.isFinite(levelNumber)
                  ? t(`level.${levelKey(levelNumber)}`, { level: levelNumber })
                  : ' '
              }
              value={level}
              onChange={setLevel}
              min={1}
              max={50}
              allowDecimal={false}
              error={errors.level}
              required
            />
            <Select
              label={t('form.track')}
              description={t('form.trackHint')}
              data={[
                { value: overall, label: t('scope.overall') },
                ...tracks.map((tr) => ({ value: tr.id, label: localName(tr) })),
              ]}
              value={trackId}
              onChange={(value) => setTrackId(value ?? overall)}
              allowDeselect={false}
              error={errors.trackId}
            />
          </Group>
        )}
        {kind === 'special' && (
          <MultiSelect
            label={t('form.eligible')}
            description={t('form.eligibleHint')}
            placeholder={eligible.length === 0 ? t('scope.allTracks') : undefined}
            data={tracks.map((tr) => ({ value: tr.id, label: localName(tr) }))}
            value={eligible}
            onChange={setEligible}
            error={errors.eligibleTrackIds ?? errors['eligibleTrackIds.0']}
            clearable
          />
        )}
        <NumberInput
          label={t('form.slots')}
          description={t('form.slotsHint')}
          value={slots}
          onChange={setSlots}
          min={1}
          max={1000}
          allowDecimal={false}
          error={errors.slots}
          required
          w={200}
        />
        <BilingualField
          id="award-description"
          label={t('form.description')}
          en={description.en}
          zh={description.zh}
          onChange={setDescription}
          errors={{ en: errors.description, zh: errors.descriptionZh }}
          multiline
          maxLength={5000}
        />
        <ErrorAlert error={error} fields={fields} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('actions.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {award ? t('form.save') : t('form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
