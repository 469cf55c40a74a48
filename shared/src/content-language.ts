import { z } from 'zod';

/**
 * What an organizer writes for the public (names, descriptions, citations, rubric labels) has an
 * English version in the field itself (`name`) and may have a Simplified Chinese one beside it
 * (`nameZh`, empty when not written). The API returns both; each reader is shown theirs with
 * `pickText`, which falls back to the other version when theirs is missing.
 */
export const contentLanguageSchema = z.enum(['en', 'zh-CN']);
export type ContentLanguage = z.infer<typeof contentLanguageSchema>;

/** The Chinese version of a text: optional, trimmed and bounded like its English field. */
export const zhTextSchema = (max: number) =>
  z.string().trim().max(max, `Keep the Chinese version under ${max} characters.`).default('');

/** The reader's language from a UI language tag ("zh", "zh-CN", "zh-Hans-CN" → zh-CN; else en). */
export function contentLanguageOf(tag: string | null | undefined): ContentLanguage {
  return tag?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The text in the reader's language, or the other version when theirs was not written. */
export function pickText(
  lang: ContentLanguage,
  en: string | null | undefined,
  zh: string | null | undefined,
) {
  const english = en?.trim() ?? '';
  const chinese = zh?.trim() ?? '';
  if (lang === 'zh-CN') return chinese || english;
  return english || chinese;
}
