import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/empty-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** `/team`: the user's teams and entries (filled in by the entries feature). */
export function TeamPage() {
  const { t } = useTranslation();
  usePageTitle(t('team.title'));
  return (
    <Stack gap="lg">
      <Title order={1}>{t('team.title')}</Title>
      <EmptyState title={t('team.emptyTitle')} description={t('team.emptyText')} />
    </Stack>
  );
}
