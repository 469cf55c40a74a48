/**
 * The two languages an organizer text comes in: English in the field itself, Simplified Chinese
 * beside it. Its own file, importing nothing, so that both localize.ts (no zod: the web's first
 * pages) and content-language.ts (the schemas) can name it without importing each other.
 */
export type ContentLanguage = 'en' | 'zh-CN';
