import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type Criterion, reviewTotalOrNull } from '@wuzhen/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BilingualField } from '../../components/bilingual-field.tsx';
import { useContentText } from '../../i18n/content.ts';
import { RubricForm } from '../judge/rubric-form.tsx';
import { criterionKey, move, weightShares } from './setup-fns.ts';

/** A criterion as the form holds it: numbers may be half-typed (empty). */
export type CriterionDraft = {
  /** Stable React key for the row, not sent. */
  rowId: string;
  key: string;
  label: string;
  labelZh: string;
  description: string;
  descriptionZh: string;
  weight: number | '';
  min: number | '';
  max: number | '';
  /** The key was typed by hand: stop deriving it from the label. */
  keyTouched: boolean;
};

let rowCounter = 0;
export const newCriterionDraft = (values: Partial<CriterionDraft> = {}): CriterionDraft => ({
  rowId: `criterion-${++rowCounter}`,
  key: '',
  label: '',
  labelZh: '',
  description: '',
  descriptionZh: '',
  weight: 1,
  min: 1,
  max: 10,
  keyTouched: false,
  ...values,
});

export const draftFromCriterion = (c: Criterion): CriterionDraft =>
  newCriterionDraft({ ...c, keyTouched: true });

/**
 * The rubric: each criterion's key, label, description, weight (shown as its share of the total)
 * and scale, in order. With `locked`, only the wording may change (reviews have started).
 */
export function RubricEditor({
  criteria,
  onChange,
  locked,
  errors,
}: {
  criteria: CriterionDraft[];
  onChange: (next: CriterionDraft[]) => void;
  locked: boolean;
  errors: Partial<Record<string, string>>;
}) {
  const { t } = useTranslation('setup');
  const { text } = useContentText();
  const shares = weightShares(criteria.map((c) => (c.weight === '' ? 0 : c.weight)));
  const set = (index: number, patch: Partial<CriterionDraft>) =>
    onChange(criteria.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  return (
    <Stack gap="sm">
      {errors.criteria && (
        <Text c="red.8" size="sm" role="alert">
          {errors.criteria}
        </Text>
      )}
      {criteria.map((c, index) => {
        const name = text(c.label, c.labelZh) || t('rubric.unnamed', { n: index + 1 });
        const path = `criteria.${index}`;
        return (
          <Paper key={c.rowId} withBorder p="sm" radius="md" component="fieldset" aria-label={name}>
            <Group justify="space-between" mb="xs">
              <Group gap="xs">
                <Text fw={600}>{`${index + 1}. ${name}`}</Text>
                <Badge
                  variant="light"
                  color="blue"
                  aria-label={t('rubric.shareLabel', { share: shares[index] })}
                >
                  {`${shares[index]} %`}
                </Badge>
              </Group>
              {!locked && (
                <Group gap={4}>
                  <ActionIcon
                    variant="default"
                    aria-label={t('rubric.moveUp', { name })}
                    disabled={index === 0}
                    onClick={() => onChange(move(criteria, index, -1))}
                  >
                    <span aria-hidden="true">↑</span>
                  </ActionIcon>
                  <ActionIcon
                    variant="default"
                    aria-label={t('rubric.moveDown', { name })}
                    disabled={index === criteria.length - 1}
                    onClick={() => onChange(move(criteria, index, 1))}
                  >
                    <span aria-hidden="true">↓</span>
                  </ActionIcon>
                  <Button
                    size="xs"
                    variant="outline"
                    color="red.9"
                    aria-label={t('rubric.removeNamed', { name })}
                    disabled={criteria.length === 1}
                    onClick={() => onChange(criteria.filter((_, i) => i !== index))}
                  >
                    {t('rubric.remove')}
                  </Button>
                </Group>
              )}
            </Group>
            <Group align="flex-start" gap="sm" grow wrap="wrap">
              <TextInput
                label={t('rubric.key')}
                description={t('rubric.keyHint')}
                required
                value={c.key}
                maxLength={40}
                disabled={locked}
                spellCheck={false}
                onChange={(event) => set(index, { key: event.currentTarget.value, keyTouched: true })}
                error={errors[`${path}.key`]}
                miw={160}
              />
            </Group>
            <Stack gap="xs" mt="xs">
              <BilingualField
                id={`${c.rowId}-label`}
                label={t('rubric.label')}
                required
                maxLength={120}
                en={c.label}
                zh={c.labelZh}
                onChange={(next) => {
                  const taken = new Set(criteria.filter((_, i) => i !== index).map((o) => o.key));
                  const wording = { label: next.en, labelZh: next.zh };
                  set(
                    index,
                    c.keyTouched || locked || next.en === c.label
                      ? wording
                      : { ...wording, key: criterionKey(next.en, taken) },
                  );
                }}
                errors={{ en: errors[`${path}.label`], zh: errors[`${path}.labelZh`] }}
              />
              <BilingualField
                id={`${c.rowId}-description`}
                label={t('rubric.description')}
                description={t('rubric.descriptionHint')}
                multiline
                maxLength={2000}
                en={c.description}
                zh={c.descriptionZh}
                onChange={(next) => set(index, { description: next.en, descriptionZh: next.zh })}
                errors={{ en: errors[`${path}.description`], zh: errors[`${path}.descriptionZh`] }}
              />
            </Stack>
            <Group mt="xs" align="flex-start" gap="sm" grow wrap="wrap">
              <NumberInput
                label={t('rubric.weight')}
                min={0.01}
                max={1000}
                step={0.1}
                decimalScale={3}
                value={c.weight}
                disabled={locked}
                onChange={(value) => set(index, { weight: typeof value === 'number' ? value : '' })}
                error={errors[`${path}.weight`]}
                miw={120}
              />
              <NumberInput
                label={t('rubric.min')}
                min={0}
                max={999}
                allowDecimal={false}
                value={c.min}
                disabled={locked}
                onChange={(value) => set(index, { min: typeof value === 'number' ? value : '' })}
                error={errors[`${path}.min`]}
                miw={100}
              />
              <NumberInput
                label={t('rubric.max')}
                min={1}
                max={1000}
                allowDecimal={false}
                value={c.max}
                disabled={locked}
                onChange={(value) => set(index, { max: typeof value === 'number' ? value : '' })}
                error={errors[`${path}.max`]}
                miw={100}
              />
            </Group>
          </Paper>
        );
      })}
      {!locked && (
        <Group>
          <Button
            variant="default"
            disabled={criteria.length >= 30}
            onClick={() => onChange([...criteria, newCriterionDraft()])}
          >
            {t('rubric.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** The judge's form as it will look, to try scores on: nothing is saved. */
export function RubricPreview({ criteria }: { criteria: CriterionDraft[] }) {
  const { t } = useTranslation('setup');
  const [scores, setScores] = useState<Record<string, number>>({});
  const rubric: Criterion[] = criteria
    .filter(
      (c) => c.key && c.label && typeof c.min === 'number' && typeof c.max === 'number' && c.min < c.max,
    )
    .map((c) => ({
      id: c.rowId,
      key: c.key,
      label: c.label,
      labelZh: c.labelZh,
      description: c.description,
      descriptionZh: c.descriptionZh,
      weight: typeof c.weight === 'number' && c.weight > 0 ? c.weight : 0,
      min: c.min as number,
      max: c.max as number,
    }));
  const scored = rubric.filter((c) => scores[c.key] !== undefined);
  const total = reviewTotalOrNull(rubric, scores);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="rubric-preview-title">
      <Title order={3} fz="h4" id="rubric-preview-title">
        {t('rubric.previewTitle')}
      </Title>
      <Text size="sm" c="gray.7" mb="sm">
        {t('rubric.previewText')}
      </Text>
      {rubric.length === 0 ? (
        <Text size="sm">{t('rubric.previewEmpty')}</Text>
      ) : (
        <>
          <RubricForm
            rubric={rubric}
            scores={scores}
            onScore={(key, value) =>
              setScores((current) => {
                const next = { ...current };
                if (value === undefined) delete next[key];
                else next[key] = value;
                return next;
              })
            }
          />
          <Text mt="sm" fw={600} aria-live="polite">
            {total === null
              ? t('rubric.previewIncomplete', { scored: scored.length, total: rubric.length })
              : t('rubric.previewTotal', { total: total.toFixed(2) })}
          </Text>
        </>
      )}
    </Paper>
  );
}
