import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the tab's title for this page, so screen readers and history name where you are. */
export function usePageTitle(title: string | undefined): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? t('app.documentTitle', { page: title }) : t('app.name');
  }, [title, t]);
}
