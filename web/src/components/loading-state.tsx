import { Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A polite, announced "Loading…" for a region whose data is on its way. */
export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Group role="status" aria-live="polite" justify="center" gap="sm" py="xl">
      <Loader size="sm" aria-hidden />
      <Text c="dimmed">{label ?? t('common.loading')}</Text>
    </Group>
  );
}
