import { jobPhases } from '@wuzhen/shared';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';

// Every feature catalogue in both languages, whether it is bundled or fetched on demand.
const featureResources: Record<string, Record<string, unknown>> = {};
for (const [file, module] of Object.entries(
  import.meta.glob<{ default: unknown }>('./locales/*/*.json', { eager: true }),
)) {
  const [, language, feature] = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(file)!;
  featureResources[language!] ??= {};
  featureResources[language!]![feature!] = module.default;
}

// i18next plural suffixes: English needs _one and _other, Chinese only _other.
const pluralSuffix = /_(zero|one|two|few|many|other)$/;

function leaves(tree: unknown, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else for (const [leaf, text] of leaves(value, path)) found.set(leaf, text);
  }
  return found;
}

const keysOf = (tree: unknown) =>
  new Set([...leaves(tree).keys()].map((key) => key.replace(pluralSuffix, '')));
const variablesOf = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('translation catalogues', () => {
  it("name every step a job reports, with the server's variables, in both languages", () => {
    const english = leaves(en);
    const chinese = leaves(zhCN);
    for (const [key, sentence] of Object.entries(jobPhases)) {
      const path = `jobs.phases.${key}`;
      expect(english.has(path), path).toBe(true);
      expect(chinese.has(path), path).toBe(true);
      expect(variablesOf(english.get(path)!), path).toEqual(variablesOf(sentence));
    }
    expect([...english.keys()].filter((k) => k.startsWith('jobs.phases.')).length).toBe(
      Object.keys(jobPhases).length,
    );
  });

  it('have the same keys in English and Simplified Chinese', () => {
    expect([...keysOf(zhCN)].sort()).toEqual([...keysOf(en)].sort());
  });

  it('give every Chinese plural an _other form', () => {
    const zh = leaves(zhCN);
    for (const key of leaves(en).keys()) {
      if (pluralSuffix.test(key)) expect(zh.has(key.replace(pluralSuffix, '_other')), key).toBe(true);
    }
  });

  it('use the same interpolation variables in both languages', () => {
    const zh = leaves(zhCN);
    for (const [key, text] of leaves(en)) {
      const zhKey = zh.has(key) ? key : key.replace(pluralSuffix, '_other');
      expect(variablesOf(zh.get(zhKey) ?? ''), key).toEqual(variablesOf(text));
    }
  });

  it('have no empty strings', () => {
    for (const [key, text] of [...leaves(en), ...leaves(zhCN)]) expect(text, key).not.toBe('');
  });

  it('give every feature catalogue the same keys and variables in both languages', () => {
    const features = new Set([
      ...Object.keys(featureResources.en ?? {}),
      ...Object.keys(featureResources['zh-CN'] ?? {}),
    ]);
    for (const feature of features) {
      const english = featureResources.en?.[feature];
      const chinese = featureResources['zh-CN']?.[feature];
      expect(english, `locales/en/${feature}.json`).toBeDefined();
      expect(chinese, `locales/zh-CN/${feature}.json`).toBeDefined();
      expect([...keysOf(chinese)].sort(), feature).toEqual([...keysOf(english)].sort());
      const zh = leaves(chinese);
      for (const [key, text] of leaves(english)) {
        // "One criterion is missing" may leave out {{count}}; the _other forms must agree.
        if (pluralSuffix.test(key) && !key.endsWith('_other')) continue;
        expect(variablesOf(zh.get(key) ?? ''), `${feature}:${key}`).toEqual(variablesOf(text));
      }
    }
  });
});
