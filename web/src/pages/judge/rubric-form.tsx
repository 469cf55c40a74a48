import { Badge, Group, NumberInput, Paper, Stack, Text } from '@mantine/core';
import type { Criterion } from '@wuzhen/shared';
import { type CSSProperties, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useContentText } from '../../i18n/content.ts';
import classes from './rubric-form.module.css';

/** Scales up to this many steps are a row of buttons (easy on a tablet); longer ones a number field. */
const maxButtonSteps = 11;

export type RubricFormProps = {
  rubric: Criterion[];
  scores: Record<string, number>;
  onScore: (key: string, value: number | undefined) => void;
  disabled?: boolean;
  /** Messages by field path (`scores.<key>`), as the server reports them. */
  errors?: Partial<Record<string, string>>;
};

/** The round's rubric: each criterion with its description, weight and scale, and the judge's score. */
export function RubricForm({ rubric, scores, onScore, disabled = false, errors = {} }: RubricFormProps) {
  const totalWeight = rubric.reduce((sum, c) => sum + c.weight, 0);
  return (
    <Stack gap="sm">
      {rubric.map((c) => (
        <CriterionInput
          key={c.key}
          criterion={c}
          share={totalWeight > 0 ? c.weight / totalWeight : 0}
          value={scores[c.key]}
          onChange={(value) => onScore(c.key, value)}
          disabled={disabled}
          error={errors[`scores.${c.key}`]}
        />
      ))}
    </Stack>
  );
}

function CriterionInput({
  criterion,
  share,
  value,
  onChange,
  disabled,
  error,
}: {
  criterion: Criterion;
  share: number;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  disabled: boolean;
  error?: string;
}) {
  const { t } = useTranslation('reviews');
  const { text } = useContentText();
  const label = text(criterion.label, criterion.labelZh);
  const description = text(criterion.description, criterion.descriptionZh);
  const labelId = useId();
  const hintId = useId();
  const errorId = useId();
  const name = useId();
  const steps = criterion.max - criterion.min + 1;
  const scale = t('rubric.scale', { min: criterion.min, max: criterion.max });
  return (
    <Paper withBorder p="sm" radius="md" role="group" aria-labelledby={labelId} aria-describedby={hintId}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text fw={600} id={labelId}>
            {label}
          </Text>
          <Group gap={6} wrap="nowrap">
            <Badge variant="light" color="gray" size="sm">
              {t('rubric.weight', { percent: Math.round(share * 100) })}
            </Badge>
            <Badge
              variant={value === undefined ? 'outline' : 'filled'}
              color={value === undefined ? 'gray' : 'indigo'}
              size="lg"
            >
              {value === undefined ? '–' : value}
            </Badge>
          </Group>
        </Group>
        <Text size="sm" c="dimmed" id={hintId}>
          {description ? `${description} ` : ''}
          {scale}
        </Text>
        {steps <= maxButtonSteps ? (
          <div
            role="radiogroup"
            aria-labelledby={labelId}
            aria-describedby={error ? errorId : undefined}
            aria-invalid={error ? true : undefined}
            className={classes.scale}
            style={{ '--steps': steps } as CSSProperties}
          >
            {Array.from({ length: steps }, (_, i) => criterion.min + i).map((step) => (
              <label
                key={step}
                className={classes.step}
                data-checked={value === step || undefined}
                data-disabled={disabled || undefined}
              >
                <input
                  type="radio"
                  className={classes.input}
                  name={name}
                  value={step}
                  checked={value === step}
                  disabled={disabled}
                  onChange={() => onChange(step)}
                />
                {step}
              </label>
            ))}
          </div>
        ) : (
          <NumberInput
            aria-labelledby={labelId}
            min={criterion.min}
            max={criterion.max}
            step={1}
            allowDecimal={false}
            clampBehavior="strict"
            disabled={disabled}
            value={value ?? ''}
            onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
            placeholder={scale}
            style={{ maxWidth: 160 }}
          />
        )}
        {error && (
          <Text size="sm" c="red.8" id={errorId}>
            {error}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
