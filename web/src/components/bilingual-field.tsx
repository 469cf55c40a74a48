import { Group, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * One text an organizer writes for the public, as two fields side by side: the English version
 * (in the field the API calls `name`, `description`…) and the Chinese one (`nameZh`…). Each
 * field's label names its language in that language, and carries `lang` for screen readers.
 */
export function BilingualField({
  id,
  label,
  description,
  en,
  zh,
  onChange,
  required = false,
  multiline = false,
  maxLength,
  errors = {},
  disabled = false,
  placeholder,
  autoFocus = false,
}: {
  id: string;
  label: string;
  description?: string;
  en: string;
  zh: string;
  onChange: (next: { en: string; zh: string }) => void;
  required?: boolean;
  multiline?: boolean;
  maxLength: number;
  errors?: { en?: string; zh?: string };
  disabled?: boolean;
  /** For the English field. */
  placeholder?: string;
  /** Focus the English field first when the field opens in a dialog (Mantine's `data-autofocus`). */
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const Input = multiline ? Textarea : TextInput;
  const area = multiline ? { autosize: true, minRows: 2, maxRows: 10 } : {};
  return (
    <Group grow align="flex-start" gap="sm" wrap="wrap">
      <Input
        id={`${id}-en`}
        label={`${label} · English`}
        description={description}
        required={required}
        lang="en"
        value={en}
        maxLength={maxLength}
        disabled={disabled}
        onChange={(event) => onChange({ en: event.currentTarget.value, zh })}
        error={errors.en}
        placeholder={placeholder}
        data-autofocus={autoFocus || undefined}
        miw={220}
        {...area}
      />
      <Input
        id={`${id}-zh`}
        label={`${label} · 中文`}
        description={t('content.zhHint')}
        lang="zh-CN"
        value={zh}
        maxLength={maxLength}
        disabled={disabled}
        onChange={(event) => onChange({ en, zh: event.currentTarget.value })}
        error={errors.zh}
        miw={220}
        {...area}
      />
    </Group>
  );
}
