import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language, languages, setLanguage } from '../i18n/i18n.ts';

/** English / 简体中文: a labelled radio group; the choice is remembered in localStorage. */
export function LanguageSwitch({ fullWidth = false }: { fullWidth?: boolean }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      fullWidth={fullWidth}
      aria-label={t('language.label')}
      value={currentLanguage()}
      onChange={(value) => void setLanguage(value as Language)}
      data={languages.map((language) => ({
        value: language.code,
        label: <span lang={language.code}>{language.label}</span>,
      }))}
    />
  );
}
