import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../../server/src/app/config.ts';
import { createJobProcessors } from '../../server/src/app/processors.ts';
import { createWorkers } from '../../server/src/app/queue.ts';
import { createRedis } from '../../server/src/app/redis.ts';
import { buildApp } from '../../server/src/app/server.ts';
import { ensureFirstOrganizer } from '../../server/src/main/bootstrap.ts';
import type { MailTransport } from '../../server/src/modules/mail/mail.service.ts';
import { webDist } from './services.ts';

export const organizerEmail = 'office@wuzhen.test';
export const organizerPassword = 'organizer-password-1';

/** A database of this test file's own, cloned from the migrated template. */
export async function createTestDatabase() {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `wz_t_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template ${inject('templateDatabase')}`);
      break;
    } catch (err) {
      // Two files cloning the template at the same instant: wait and retry.
      if (attempt > 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
    }
  }
  // A test database is thrown away at the end of its file and no test crashes the server: its
  // commits need not wait for the disk (a commit waited ~7 ms for fsync, and the organizer's
  // pipeline makes thousands). What a commit means to other sessions is unchanged.
  await admin.unsafe(`alter database ${name} set synchronous_commit = off`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end({ timeout: 5 });
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;
/** What the fixtures use of an app: its database and agents (in-process, or over HTTP to processes). */
export type FixtureApp = Pick<TestApp, 'db' | 'agent'>;

/**
 * The API wired as in production, on its own database and queue prefix. `worker: true` also runs
 * the job processors in this process.
 */
export async function startTestApp(
  options: {
    now?: () => Date;
    worker?: boolean;
    config?: Partial<Config>;
    listen?: boolean;
    /** Pino options for the app's logger (the config's LOG_LEVEL otherwise). */
    logger?: object;
    /** Options for the in-process worker (`worker: true`), e.g. a mail transport. */
    workerDeps?: { mailTransport?: MailTransport };
  } = {},
) {
  const database = await createTestDatabase();
  const config = loadConfig(
    { NODE_ENV: 'test' },
    {
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: `wzt-${database.name}`,
      LOG_LEVEL: 'silent',
      ORGANIZER_EMAIL: organizerEmail,
      ORGANIZER_PASSWORD: organizerPassword,
      SESSION_SECRET: 'test-session-secret-0123456789',
      LOGIN_RATE_LIMIT: 10,
      WEB_DIST_DIR: webDist,
      ...options.config,
    },
  );
  const app = await buildApp({
    config,
    ...(options.now ? { now: options.now } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.workerDeps?.mailTransport ? { mailTransport: options.workerDeps.mailTransport } : {}),
  });
  await ensureFirstOrganizer(app, config);
  let stopWorker = async () => {};
  if (options.worker) {
    const connection = createRedis(config.REDIS_URL!, 'worker');
    const workers = createWorkers({
      connection,
      prefix: config.QUEUE_PREFIX,
      processors: createJobProcessors(app.services),
      log: { info: () => {}, error: () => {} },
    });
    stopWorker = async () => {
      await workers.close();
      connection.disconnect();
    };
  }
  let baseUrl = '';
  if (options.listen) baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    db: app.deps.db,
    config,
    baseUrl,
    agent: () => createAgent(app),
    close: async () => {
      await stopWorker();
      await app.close();
      await database.drop();
    },
  };
}

export type Reply<T = any> = {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
};

/** A client with its own cookie jar, speaking to the app in-process. */
export function createAgent(app: FastifyInstance) {
  let cookie = '';
  const request = async <T = any>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> => {
    const response = await app.inject({
      method,
      url,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    const setCookie = response.cookies.find((c) => c.name === 'wz_session');
    if (setCookie) cookie = setCookie.value ? `wz_session=${setCookie.value}` : '';
    let parsed: unknown = response.body;
    if (String(response.headers['content-type'] ?? '').includes('json') && response.body)
      parsed = response.json();
    return { status: response.statusCode, body: parsed as T, headers: response.headers };
  };
  const agent = {
    get: <T = any>(url: string, headers?: Record<string, string>) =>
      request<T>('GET', url, undefined, headers),
    post: <T = any>(url: string, body?: unknown, headers?: Record<string, string>) =>
      request<T>('POST', url, body ?? {}, headers),
    put: <T = any>(url: string, body?: unknown, headers?: Record<string, string>) =>
      request<T>('PUT', url, body ?? {}, headers),
    patch: <T = any>(url: string, body?: unknown, headers?: Record<string, string>) =>
      request<T>('PATCH', url, body ?? {}, headers),
    delete: <T = any>(url: string, headers?: Record<string, string>) =>
      request<T>('DELETE', url, undefined, headers),
    cookie: () => cookie,
    async login(email: string, password: string) {
      const reply = await agent.post('/api/v1/auth/login', { email, password });
      if (reply.status !== 200)
        throw new Error(`login as ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body.user;
    },
    async register(email: string, name = email.split('@')[0]!, password = 'a-good-password-1') {
      const reply = await agent.post('/api/v1/auth/register', { email, password, name });
      if (reply.status !== 201)
        throw new Error(`register ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body.user;
    },
  };
  return agent;
}
export type Agent = ReturnType<typeof createAgent>;

/** Row count of a table, to check that a refused request stored nothing. */
export async function countRows(app: TestApp, table: string) {
  const rows = await app.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
  return Number(rows[0]?.n ?? 0);
}
