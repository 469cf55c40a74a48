import { type ContentLanguage, contentLanguageOf, pickText } from '@wuzhen/shared';
import { useTranslation } from 'react-i18next';

/**
 * The reader's language for what organizers wrote (names, descriptions, citations, rubric labels),
 * and a picker that shows the version in it, or the other version when theirs was not written.
 */
export function useContentText(): {
  lang: ContentLanguage;
  text: (en: string | null | undefined, zh: string | null | undefined) => string;
} {
  const { i18n } = useTranslation();
  const lang = contentLanguageOf(i18n.resolvedLanguage ?? i18n.language);
  return { lang, text: (en, zh) => pickText(lang, en, zh) };
}

/** `{ name, nameZh }` → the name in the reader's language. */
export function useLocalizedName() {
  const { text } = useContentText();
  return (thing: { name: string; nameZh?: string | null }) => text(thing.name, thing.nameZh);
}
