import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setDayjsLanguage } from './dates.ts';
import en from './en.json';
import { featureResources } from './feature-catalogues.ts';
import zhCN from './zh-CN.json';

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

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: en, ...featureResources.en },
    'zh-CN': { translation: zhCN, ...featureResources['zh-CN'] },
  },
  lng: detectLanguage(),
  fallbackLng: 'en',
  supportedLngs: languages.map((l) => l.code),
  interpolation: { escapeValue: false },
  returnEmptyString: false,
  initAsync: false,
});

export { i18n };
