import type { PublicAward, PublicResults } from './awards.ts';
import type { PublicCompetition } from './competitions.ts';
import type { ContentLanguage } from './languages.ts';

// Showing organizer texts in the reader's language. No zod here, and only type imports: the web
// app's first pages (sign-in, public results) use these, and importing a schema module would put
// the whole schema library in their first download.

/**
 * What an organizer writes for the public (names, descriptions, citations, rubric labels) has an
 * English version in the field itself (`name`) and may have a Simplified Chinese one beside it
 * (`nameZh`, empty when not written). The API returns both; each reader is shown theirs with
 * `pickText`, which falls back to the other version when theirs is missing.
 */
export type { ContentLanguage } from './languages.ts';

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

/** A competition as a reader of `lang` sees it: name, description and track names in that language. */
export function localizePublicCompetition(
  competition: PublicCompetition,
  lang: ContentLanguage,
): PublicCompetition {
  return {
    ...competition,
    name: pickText(lang, competition.name, competition.nameZh),
    description: pickText(lang, competition.description, competition.descriptionZh),
    tracks: competition.tracks.map((track) => ({ ...track, name: pickText(lang, track.name, track.nameZh) })),
  };
}

// Events stored before the Chinese fields existed carry neither `trackZh` nor `citationZh`.
const pickTrack = (lang: ContentLanguage, en: string | null, zh: string | null | undefined) =>
  en || zh ? pickText(lang, en, zh) : null;

/**
 * A public award as a reader of `lang` sees it: its name, description, track and citations in
 * that language, or in the other where the organizer wrote only one.
 */
export function localizePublicAward(award: PublicAward, lang: ContentLanguage): PublicAward {
  return {
    ...award,
    name: pickText(lang, award.name, award.nameZh),
    description: pickText(lang, award.description, award.descriptionZh),
    track: pickTrack(lang, award.track, award.trackZh),
    winners: award.winners.map((w) => ({
      ...w,
      track: pickTrack(lang, w.track, w.trackZh),
      citation: pickText(lang, w.citation, w.citationZh),
    })),
  };
}

/** The public results as a reader of `lang` sees them (see localizePublicAward). */
export function localizePublicResults(results: PublicResults, lang: ContentLanguage): PublicResults {
  return {
    ...results,
    competition: {
      ...results.competition,
      name: pickText(lang, results.competition.name, results.competition.nameZh),
      description: pickText(lang, results.competition.description, results.competition.descriptionZh),
    },
    awards: results.awards.map((award) => localizePublicAward(award, lang)),
  };
}
