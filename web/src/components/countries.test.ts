import { describe, expect, test } from 'vitest';
import { countryName, teamLine } from './countries.ts';

describe('countries', () => {
  test('a country reads in the reader’s language, an unknown code as itself', () => {
    expect(countryName('CN', 'en')).toBe('China');
    expect(countryName('CN', 'zh-CN')).toBe('中国');
    expect(countryName('DE', 'zh-CN')).toBe('德国');
    expect(countryName('??', 'en')).toBe('??');
  });

  test('a team line names the organization only when it says more than the team’s name', () => {
    expect(teamLine({ name: 'Lumen Labs', organization: 'Lumen Labs Ltd', country: 'CN' }, 'en')).toBe(
      'Lumen Labs · Lumen Labs Ltd · China',
    );
    expect(teamLine({ name: 'Lumen Labs', organization: 'lumen labs ', country: 'CN' }, 'en')).toBe(
      'Lumen Labs · China',
    );
    expect(teamLine({ name: 'Lumen Labs', organization: '', country: 'DE' }, 'en')).toBe(
      'Lumen Labs · Germany',
    );
  });
});
