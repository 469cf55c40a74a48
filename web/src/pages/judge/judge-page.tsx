import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/empty-state.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { JudgeBanners } from './judge-banners.tsx';

/** `/judge`: the judge's assignments (filled in by the reviews feature). */
export function JudgePage() {
  const { t } = useTranslation();
  usePageTitle(t('judge.title'));
  return (
    <Stack gap="lg">
      <Title order={1}>{t('judge.title')}</Title>
      <JudgeBanners />
      <EmptyState title={t('judge.emptyTitle')} description={t('judge.emptyText')} />
    </Stack>
  );
}
