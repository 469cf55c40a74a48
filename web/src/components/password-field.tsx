import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Mantine's PasswordInput made fully accessible: its show/hide button is translated and reachable
 * by Tab (Mantine takes it out of the tab order by default), and the input reports `aria-invalid`
 * when it has an error (Mantine only does so for its other inputs).
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      {...props}
      aria-invalid={props.error ? true : undefined}
      visibilityToggleFocusable
      visibilityToggleButtonProps={{ 'aria-label': t('auth.fields.togglePassword') }}
    />
  );
}
