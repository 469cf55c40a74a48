/**
 * Each feature keeps its strings in `locales/en/<feature>.json` and `locales/zh-CN/<feature>.json`;
 * they are loaded as the i18next namespace `<feature>` (`useTranslation('<feature>')`). List the
 * English file here, one line per feature, so its keys are checked at compile time.
 */
export interface FeatureCatalogues {
  entries: typeof import('./locales/en/entries.json');
  judges: typeof import('./locales/en/judges.json');
  assignment: typeof import('./locales/en/assignment.json');
  reviews: typeof import('./locales/en/reviews.json');
  tally: typeof import('./locales/en/tally.json');
  awards: typeof import('./locales/en/awards.json');
  account: typeof import('./locales/en/account.json');
  setup: typeof import('./locales/en/setup.json');
  audit: typeof import('./locales/en/audit.json');
  members: typeof import('./locales/en/members.json');
}

export type Catalogue = Record<string, unknown>;
type CatalogueModule = { default: Catalogue };

// Every catalogue is a chunk of its own, fetched the first time a page asks for its namespace in
// that language (see the backend in i18n.ts). The English ones the first pages read are bundled
// with the first script instead (imported there), so they are left out here.
const loaders = import.meta.glob<CatalogueModule>([
  './locales/*/*.json',
  '!./locales/en/account.json',
  '!./locales/en/awards.json',
]);

/** The feature catalogues that load on demand: `{ [language]: { [feature]: load } }`. */
export const lazyFeatureCatalogues: Record<string, Record<string, () => Promise<Catalogue>>> = {};
for (const [file, load] of Object.entries(loaders)) {
  const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
  if (!match) continue;
  const [, language, feature] = match as unknown as [string, string, string];
  lazyFeatureCatalogues[language] ??= {};
  lazyFeatureCatalogues[language][feature] = async () => (await load()).default;
}
