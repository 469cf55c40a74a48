import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setDayjsLanguage } from './dates.ts';
import en from './en.json';
import { type Catalogue, lazyFeatureCatalogues } from './feature-catalogues.ts';
import enAccount from './locales/en/account.json';
import enAwards from './locales/en/awards.json';

/** The languages the web app speaks; each label is written in its own language. */
export const languages = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;
export type Language = (typeof languages)[number]['code'];

export const languageStorageKey = 'wuzhen.language';

const isLanguage = (value: unknown): value is Language => languages.some((l) => l.code === value);

/** Maps a BCP 47 tag from the browser onto a language we have, or null. Any Chinese gets Simplified. */
export function matchLanguage(tag: string): Language | null {
  const lower = tag.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/** The remembered choice first, then the browser's preferences in order, then English. */
export function detectLanguage({
  stored = readStoredLanguage(),
  preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]),
}: {
  stored?: string | null;
  preferred?: readonly string[];
} = {}): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const match = matchLanguage(tag);
    if (match) return match;
  }
  return 'en';
}

function readStoredLanguage(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(languageStorageKey);
  } catch {
    // Storage can be disabled (privacy modes); detection then falls through to the browser.
    return null;
  }
}

/** Switches the language, remembers it, and lets `<html lang>` and dayjs follow (see the listener). */
export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(languageStorageKey, language);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  await i18n.changeLanguage(language);
}

/** The active language as one of ours (i18next may report a fallback chain). */
export const currentLanguage = (): Language =>
  isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';

i18n.on('languageChanged', () => {
  const language = currentLanguage();
  setDayjsLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});

// Only English's common catalogue and the two the first pages read (sign-in: account; public
// results: awards) travel with the first script. Every other catalogue, and all of Chinese, is
// fetched the first time it is needed: a page's namespace when the page first renders (react-i18next
// suspends it until then), a language's catalogues when someone switches to it (`changeLanguage`
// resolves only once they are in). A phone on a slow link opening the results in English fetches
// no Chinese and no organizer strings.
const firstPageNamespaces = ['translation', 'account', 'awards'] as const;
const lazyCatalogues: Record<string, Record<string, () => Promise<Catalogue>>> = {
  ...lazyFeatureCatalogues,
  'zh-CN': {
    ...lazyFeatureCatalogues['zh-CN'],
    translation: async () => (await import('./zh-CN.json')).default,
  },
};

const catalogueBackend: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, callback) {
    const load = lazyCatalogues[language]?.[namespace];
    if (!load) {
      callback(new Error(`No ${language} catalogue for ${namespace}`), false);
      return;
    }
    load().then(
      (catalogue) => callback(null, catalogue),
      // A failed fetch (the link dropped) is retried by i18next, then falls back to English.
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), true),
    );
  },
};

/**
 * Resolves once the detected language's catalogues for the first pages are in. The app renders
 * after it (main.tsx), so a Chinese reader never sees the English text flash first.
 */
export const i18nReady: Promise<unknown> = i18n
  .use(catalogueBackend)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en, account: enAccount, awards: enAwards } },
    partialBundledLanguages: true,
    ns: [...firstPageNamespaces],
    defaultNS: 'translation',
    lng: detectLanguage(),
    fallbackLng: 'en',
    supportedLngs: languages.map((l) => l.code),
    interpolation: { escapeValue: false },
    returnEmptyString: false,
    initAsync: false,
  });

export { i18n };
