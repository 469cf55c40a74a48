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
}

type CatalogueModule = { default: Record<string, unknown> };
const modules = import.meta.glob<CatalogueModule>('./locales/*/*.json', { eager: true });

/** `{ [language]: { [feature]: catalogue } }`, found at build time. */
export const featureResources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [file, module] of Object.entries(modules)) {
  const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(file);
  if (!match) continue;
  const [, language, feature] = match as unknown as [string, string, string];
  featureResources[language] ??= {};
  featureResources[language][feature] = module.default;
}
