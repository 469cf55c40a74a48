import { describe, expect, test } from 'vitest';
import { countCharacters, countryOptions, formatSize, tooLarge } from './entry-fns.ts';

describe('entry helpers', () => {
  test('counts characters as the server does', () => {
    expect(countCharacters('路演')).toBe(2);
    expect(countCharacters('😀a')).toBe(2);
  });

  test('names every ISO country in the reader language', () => {
    const en = countryOptions('en');
    expect(en).toHaveLength(249);
    expect(en.find((o) => o.value === 'CN')?.label).toBe('China (CN)');
    expect(countryOptions('zh-CN').find((o) => o.value === 'DE')?.label).toBe('德国 (DE)');
  });

  test('formats sizes and refuses files over the limit', () => {
    expect(formatSize(30 * 1024 * 1024, 'en')).toBe('30 MB');
    expect(formatSize(1536, 'en')).toBe('1.5 KB');
    expect(tooLarge({ size: 11 }, { maxBytes: 10 })).toBe(10);
    expect(tooLarge({ size: 10 }, { maxBytes: 10 })).toBeNull();
    expect(tooLarge({ size: 10 }, undefined)).toBeNull();
  });
});
