import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  NumberInput,
  Select,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { type Round, type TallyMethodName, tallyMethods } from '@wuzhen/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/client.ts';
import type { RoundBody } from '../../api/setup.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { fromZonedInputValue, toZonedInputValue } from '../../i18n/dates.ts';
import {
  type CriterionDraft,
  draftFromCriterion,
  newCriterionDraft,
  RubricEditor,
  RubricPreview,
} from './rubric-editor.tsx';

const starterRubric = () => [
  newCriterionDraft({ key: 'innovation', label: 'Innovation', weight: 0.4, keyTouched: true }),
  newCriterionDraft({ key: 'market', label: 'Market potential', weight: 0.3, keyTouched: true }),
  newCriterionDraft({ key: 'team', label: 'Team', weight: 0.3, keyTouched: true }),
];

const formFields = [
  'name',
  'kind',
  'reviewsPerEntry',
  'judgeCapacity',
  'normalization',
  'conflictPolicy',
  'closesAt',
  'criteria',
];

/**
 * A round's settings and rubric, for creating one and for editing it. Once the round's reviews
 * have started, what would change the meaning of saved scores is shown but cannot be changed
 * (the server refuses it too).
 */
export function RoundForm({
  round,
  timeZone,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
  idPrefix,
}: {
  round?: Round;
  timeZone: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: RoundBody) => void;
  onCancel: () => void;
  idPrefix: string;
}) {
  const { t } = useTranslation('setup');
  const locked = round?.reviewsStarted ?? false;
  const [name, setName] = useState(round?.name ?? '');
  const [kind, setKind] = useState<'review' | 'live'>(round?.kind ?? 'review');
  const [reviewsPerEntry, setReviewsPerEntry] = useState<number | ''>(round?.reviewsPerEntry ?? 3);
  const [judgeCapacity, setJudgeCapacity] = useState<number | ''>(round?.judgeCapacity ?? 30);
  const [normalization, setNormalization] = useState<TallyMethodName>(round?.normalization ?? 'bias');
  const [sameCountry, setSameCountry] = useState(round?.conflictPolicy.sameCountry ?? false);
  const [closesAt, setClosesAt] = useState(
    round?.closesAt ? toZonedInputValue(round.closesAt, timeZone) : '',
  );
  const [criteria, setCriteria] = useState<CriterionDraft[]>(
    round ? round.criteria.map(draftFromCriterion) : starterRubric(),
  );
  const errors = fieldErrors(error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({
      name,
      kind,
      reviewsPerEntry: reviewsPerEntry === '' ? 0 : reviewsPerEntry,
      judgeCapacity: judgeCapacity === '' ? 0 : judgeCapacity,
      normalization,
      conflictPolicy: { sameCountry },
      ...(closesAt ? { closesAt: fromZonedInputValue(closesAt, timeZone) ?? closesAt } : {}),
      criteria: criteria.map((c) => ({
        key: c.key.trim(),
        label: c.label,
        labelZh: c.labelZh,
        description: c.description,
        descriptionZh: c.descriptionZh,
        weight: c.weight === '' ? 0 : c.weight,
        min: c.min === '' ? 0 : c.min,
        max: c.max === '' ? 0 : c.max,
      })),
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${idPrefix}-title`}>
      <Stack gap="md">
        <ErrorAlert error={error} fields={formFields} />
        {locked && (
          <Alert color="yellow" variant="light" title={t('rounds.lockedTitle')}>
            {t('rounds.lockedText')}
          </Alert>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              id={`${idPrefix}-name`}
              label={t('rounds.fields.name')}
              required
              maxLength={120}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={errors.name}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              id={`${idPrefix}-kind`}
              label={t('rounds.fields.kind')}
              description={t('rounds.fields.kindHint')}
              data={[
                { value: 'review', label: t('rounds.kind.review') },
                { value: 'live', label: t('rounds.kind.live') },
              ]}
              value={kind}
              onChange={(value) => value && setKind(value as 'review' | 'live')}
              allowDeselect={false}
              disabled={locked}
              error={errors.kind}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <NumberInput
              id={`${idPrefix}-reviews`}
              label={t('rounds.fields.reviewsPerEntry')}
              description={t('rounds.fields.reviewsPerEntryHint')}
              min={1}
              max={50}
              allowDecimal={false}
              value={reviewsPerEntry}
              onChange={(value) => setReviewsPerEntry(typeof value === 'number' ? value : '')}
              disabled={locked}
              error={errors.reviewsPerEntry}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <NumberInput
              id={`${idPrefix}-capacity`}
              label={t('rounds.fields.judgeCapacity')}
              description={t('rounds.fields.judgeCapacityHint')}
              min={1}
              max={100000}
              allowDecimal={false}
              value={judgeCapacity}
              onChange={(value) => setJudgeCapacity(typeof value === 'number' ? value : '')}
              error={errors.judgeCapacity}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Select
              id={`${idPrefix}-normalization`}
              label={t('rounds.fields.normalization')}
              description={t('rounds.fields.normalizationHint')}
              data={tallyMethods.map((value) => ({
                value,
                label: t(`rounds.normalization.${value}`),
              }))}
              value={normalization}
              onChange={(value) => value && setNormalization(value as TallyMethodName)}
              allowDeselect={false}
              error={errors.normalization}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              id={`${idPrefix}-closes`}
              type="datetime-local"
              label={t('rounds.fields.closesAt')}
              description={t('rounds.fields.closesAtHint', { timeZone })}
              value={closesAt}
              onChange={(event) => setClosesAt(event.currentTarget.value)}
              error={errors.closesAt}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Checkbox
              mt={{ base: 0, sm: 'xl' }}
              id={`${idPrefix}-same-country`}
              label={t('rounds.fields.sameCountry')}
              description={t('rounds.fields.sameCountryHint')}
              checked={sameCountry}
              disabled={locked}
              onChange={(event) => setSameCountry(event.currentTarget.checked)}
            />
          </Grid.Col>
        </Grid>

        <Title order={3} fz="h4">
          {t('rubric.title')}
        </Title>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <RubricEditor criteria={criteria} onChange={setCriteria} locked={locked} errors={errors} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <RubricPreview criteria={criteria} />
          </Grid.Col>
        </Grid>
        <Group>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('rounds.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
