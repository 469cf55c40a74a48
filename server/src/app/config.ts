import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root, for defaults that live inside the checkout (data folder, web build). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** proxy-addr's names for address ranges, accepted in TRUST_PROXY beside addresses and CIDRs. */
const proxyRangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxyAddress = (part: string) => {
  if (proxyRangeNames.has(part)) return true;
  const [address = '', prefix, ...rest] = part.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
};

/**
 * Which forwarded headers to believe, in Fastify's `trustProxy` terms: false (none, the default),
 * true (any, only when nothing but a proxy can reach the process), a hop count, or a comma list
 * of proxy addresses, CIDRs or the names loopback, linklocal, uniquelocal.
 */
export const trustProxySchema = z
  .string()
  .trim()
  .transform((value, ctx): boolean | number | string => {
    const lower = value.toLowerCase();
    if (lower === '' || lower === 'false') return false;
    if (lower === 'true') return true;
    if (/^\d+$/.test(lower)) return Number(lower);
    const parts = lower.split(',').map((p) => p.trim());
    const bad = parts.filter((p) => !isProxyAddress(p));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `Use false, true, a hop count, or a comma list of proxy addresses or CIDRs (not ${bad.join(', ')}).`,
      });
      return z.NEVER;
    }
    return parts.join(',');
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  REDIS_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default(path.join(repoRoot, '.data')),
  STORAGE_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  // S3-compatible object storage, used instead of STORAGE_DIR when S3_BUCKET is set.
  S3_BUCKET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'a bucket name: 3-63 lowercase letters, digits, dots or hyphens',
      )
      .optional(),
  ),
  S3_ENDPOINT: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/, error: 'an http(s) address' }).optional(),
  ),
  S3_REGION: z.string().trim().min(1).max(64).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.preprocess(emptyAsUndefined, z.string().trim().max(256).optional()),
  S3_SECRET_ACCESS_KEY: z.preprocess(emptyAsUndefined, z.string().trim().max(256).optional()),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0'], 'true or false')
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  // Upload limits per file kind, in MB (uploads.limits.ts turns them into the one table of limits).
  UPLOAD_DECK_MAX_MB: z.coerce.number().positive().max(10_000).default(30),
  UPLOAD_VIDEO_MAX_MB: z.coerce.number().positive().max(100_000).default(500),
  UPLOAD_IMAGE_MAX_MB: z.coerce.number().positive().max(10_000).default(10),
  // How many files of each kind one entry may hold.
  UPLOAD_MAX_DECKS: z.coerce.number().int().min(1).max(100).default(3),
  UPLOAD_MAX_VIDEOS: z.coerce.number().int().min(1).max(100).default(2),
  UPLOAD_MAX_IMAGES: z.coerce.number().int().min(1).max(100).default(10),
  ORGANIZER_EMAIL: z.preprocess(emptyAsUndefined, z.email().optional()),
  ORGANIZER_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(10).optional()),
  ORGANIZER_NAME: z.string().default('Competition Office'),
  SESSION_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  TRUST_PROXY: trustProxySchema.default(false),
  QUEUE_PREFIX: z.string().default('wuzhen'),
  // The operations port: Prometheus metrics and the process's health (off when unset).
  METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).optional()),
  METRICS_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10000).default(10),
  EVENT_STREAMS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(200),
  EVENT_STREAMS_MAX: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  // Mail: without SMTP_URL every mail is kept in the outbox and read on the Outbox page.
  SMTP_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  MAIL_FROM: z.string().trim().min(3).max(200).default('Wuzhen Judge <no-reply@wuzhen-judge.invalid>'),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  MAIL_RETRY_DELAY_MS: z.coerce.number().int().min(1).max(86_400_000).default(60_000),
  MAIL_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  WEB_DIST_DIR: z.string().default(path.join(repoRoot, 'web', 'dist')),
  DEMO_DATA: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe('auto: seed the demo when the embedded database is first created'),
});

export type Config = Readonly<z.infer<typeof envSchema> & { STORAGE_DIR: string }>;

/** S3 stores at most 5 GiB in one copy, the step that names an upload by its hash. */
export const s3MaxObjectMb = 5 * 1024;

/** Rules that tie variables together; each message names what to change. */
function crossChecks(config: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (Boolean(config.S3_ACCESS_KEY_ID) !== Boolean(config.S3_SECRET_ACCESS_KEY)) {
    problems.push(
      '  S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both, or neither to use the default AWS credentials (instance role, ~/.aws).',
    );
  }
  if (config.S3_BUCKET) {
    for (const name of ['UPLOAD_DECK_MAX_MB', 'UPLOAD_VIDEO_MAX_MB', 'UPLOAD_IMAGE_MAX_MB'] as const) {
      if (config[name] > s3MaxObjectMb) {
        problems.push(`  ${name}: at most ${s3MaxObjectMb} (5 GB) with S3 storage.`);
      }
    }
  }
  return problems;
}

/** Parse the environment once. Fails with a readable list of what is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  // An empty variable (as .env.example leaves them) means "use the default".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`The configuration is not valid; fix these environment variables:\n${lines.join('\n')}`);
  }
  const merged = { ...parsed.data, ...overrides };
  const problems = crossChecks(merged);
  if (problems.length > 0) {
    throw new Error(
      `The configuration is not valid; fix these environment variables:\n${problems.join('\n')}`,
    );
  }
  return Object.freeze({
    ...merged,
    STORAGE_DIR: merged.STORAGE_DIR ?? path.join(merged.DATA_DIR, 'storage'),
  });
}

/** Reads `.env` at the repository root into the environment, when there is one (variables set outside win). */
export function loadDotEnv() {
  const file = path.join(repoRoot, '.env');
  if (!existsSync(file)) return;
  const before = { ...process.env };
  process.loadEnvFile(file);
  Object.assign(process.env, before);
}
