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

describe('S3 storage settings', () => {
  test('are read when S3_BUCKET is set, with path-style addressing as a boolean', () => {
    const config = loadConfig({
      S3_BUCKET: 'wuzhen-files',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config).toMatchObject({
      S3_BUCKET: 'wuzhen-files',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: true,
    });
    expect(loadConfig({}).S3_FORCE_PATH_STYLE).toBe(false);
    expect(loadConfig({}).S3_BUCKET).toBeUndefined();
  });

  test.each([
    [{ S3_BUCKET: 'Not_A_Bucket' }, /S3_BUCKET/],
    [{ S3_BUCKET: 'files', S3_ENDPOINT: 'minio:9000' }, /S3_ENDPOINT/],
    [{ S3_FORCE_PATH_STYLE: 'yes' }, /S3_FORCE_PATH_STYLE/],
    [{ S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'key' }, /S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both/],
    [{ S3_BUCKET: 'files', UPLOAD_VIDEO_MAX_MB: '6000' }, /UPLOAD_VIDEO_MAX_MB: at most 5120/],
  ])('%j is refused with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('a large video limit is fine with disk storage', () => {
    expect(loadConfig({ UPLOAD_VIDEO_MAX_MB: '6000' }).UPLOAD_VIDEO_MAX_MB).toBe(6000);
  });
});
