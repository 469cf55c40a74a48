import { describe, expect, it } from 'vitest';
import { currentLanguage, i18n, i18nReady, setLanguage } from './i18n.ts';

// Most catalogues are fetched on demand (see i18n.ts); these check that each one still reaches
// the reader, in the language they chose, before the switch counts as done.
describe('catalogues on demand', () => {
  it('start in English with the first pages’ catalogues already in', async () => {
    await i18nReady;
    expect(currentLanguage()).toBe('en');
    expect(i18n.hasLoadedNamespace('account')).toBe(true);
    expect(i18n.hasLoadedNamespace('awards')).toBe(true);
    expect(i18n.hasLoadedNamespace('entries')).toBe(false);
  });

  it('load a feature’s catalogue when a page asks for it', async () => {
    await i18n.loadNamespaces('entries');
    expect(i18n.t('entries:common.cancel')).toBe('Cancel');
  });

  it('switch to Chinese only once its catalogues are in, those already used included', async () => {
    const switched = setLanguage('zh-CN');
    expect(currentLanguage()).toBe('en');
    await switched;
    expect(currentLanguage()).toBe('zh-CN');
    expect(i18n.t('entries:common.cancel')).toBe('取消');
    expect(i18n.t('account:fields.email')).toBe('电子邮箱');
    expect(i18n.t('awards:title')).not.toBe('Awards');
  });

  it('load every feature in Chinese, and come back to English', async () => {
    for (const feature of ['judges', 'assignment', 'reviews', 'tally', 'setup', 'audit'] as const) {
      await i18n.loadNamespaces(feature);
      expect(i18n.getResourceBundle('zh-CN', feature), feature).toBeTruthy();
      expect(i18n.getResourceBundle('en', feature), feature).toBeTruthy();
    }
    await setLanguage('en');
    expect(i18n.t('entries:common.cancel')).toBe('Cancel');
  });
});

// The Reviews tab of a round whose judges are all done, possibly long since tallied.
describe('the Reviews tab when every judge is done', () => {
  it.each(['en', 'zh-CN'] as const)(
    '%s: says so without a count of zero or a tally to run',
    async (language) => {
      await setLanguage(language);
      await i18n.loadNamespaces('reviews');
      const late = i18n.t('reviews:organizer.lateCount', { count: 0 });
      expect(late).not.toMatch(/\b0\b/);
      // The tab does not know whether the round is tallied: it must not say a tally is still to run.
      expect(i18n.t('reviews:organizer.nobodyLate')).not.toMatch(/Time to run the tally|可以开始计分/);
      await setLanguage('en');
    },
  );
});
