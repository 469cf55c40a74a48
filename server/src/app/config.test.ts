import { describe, expect, test } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  test('empty variables fall back to defaults, as .env.example leaves them', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: ' ', DATA_DIR: '/tmp/wz' });
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.STORAGE_DIR).toBe('/tmp/wz/storage');
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('a bad value fails with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', ORGANIZER_EMAIL: 'not-an-email' })).toThrow(
      /PORT[\s\S]*ORGANIZER_EMAIL|ORGANIZER_EMAIL[\s\S]*PORT/,
    );
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
  });

  test('overrides win over the environment', () => {
    expect(loadConfig({ PORT: '4000' }, { PORT: 5000 }).PORT).toBe(5000);
  });
});

describe('TRUST_PROXY', () => {
  test.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['2', 2],
    ['loopback', 'loopback'],
    ['10.0.0.5, 10.1.0.0/16,::1', '10.0.0.5,10.1.0.0/16,::1'],
  ])('%s is read as %s', (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toBe(expected);
  });

  test('anything else is refused, naming the variable', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });
});
