import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../components/page-title.ts';
import { JudgeBanners } from './judge-banners.tsx';
import { MyAssignments } from './my-assignments.tsx';

/** `/judge`: the judge's assigned entries, with what is done and what is left. */
export function JudgePage() {
  const { t } = useTranslation();
  usePageTitle(t('judge.title'));
  return (
    <Stack gap="lg">
      <Title order={1}>{t('judge.title')}</Title>
      <JudgeBanners />
      <MyAssignments />
    </Stack>
  );
}
