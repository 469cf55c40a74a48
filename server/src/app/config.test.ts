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
