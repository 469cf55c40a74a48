import 'i18next';
import type en from './en.json';
import type { FeatureCatalogues } from './feature-catalogues.ts';

// English is the reference catalogue: every `t('…')` key is checked against it at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en } & FeatureCatalogues;
  }
}
