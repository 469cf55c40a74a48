import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/empty-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** `/public`: published awards and winners, open to everyone (filled in by the awards feature). */
export function PublicResultsPage() {
  const { t } = useTranslation();
  usePageTitle(t('public.title'));
  return (
    <Stack gap="lg">
      <Title order={1}>{t('public.title')}</Title>
      <EmptyState title={t('public.emptyTitle')} description={t('public.emptyText')} />
    </Stack>
  );
}
