import { z } from 'zod';
import type { ContentLanguage } from './languages.ts';

/** The two languages an organizer text comes in (see `pickText` in localize.ts). */
export const contentLanguageSchema = z.enum(['en', 'zh-CN'] as const satisfies readonly ContentLanguage[]);

/** The Chinese version of a text: optional, trimmed and bounded like its English field. */
export const zhTextSchema = (max: number) =>
  z.string().trim().max(max, `Keep the Chinese version under ${max} characters.`).default('');
