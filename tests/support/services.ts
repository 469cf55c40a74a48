import { existsSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { repoRoot } from '../../server/src/app/config.ts';
import { ensureLocalRedis, startEmbeddedPostgres } from '../../server/src/main/infrastructure.ts';

const say = (m: string) => console.log(`[tests] ${m}`);

async function answers(url: string) {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * The PostgreSQL the tests use: TEST_DATABASE_URL, else the local server on 5432, else an embedded
 * one in .data/test-postgres (so the test command works on a machine with only Node).
 */
export async function resolveTestPostgres() {
  const candidates = [process.env.TEST_DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/postgres'].filter(
    (u): u is string => !!u,
  );
  for (const url of candidates) if (await answers(url)) return { url, stop: async () => {} };
  say('No PostgreSQL on 127.0.0.1:5432: starting an embedded one for the tests…');
  const pg = await startEmbeddedPostgres({ dataDir: path.join(repoRoot, '.data', 'test'), log: say });
  return { url: pg.url.replace(/\/wuzhen$/, '/postgres'), stop: pg.stop };
}

export async function resolveTestRedis() {
  if (process.env.TEST_REDIS_URL) return { url: process.env.TEST_REDIS_URL, stop: async () => {} };
  return ensureLocalRedis({ dataDir: path.join(repoRoot, '.data', 'test'), log: say });
}

export const webDist = path.join(repoRoot, 'web', 'dist');
export const webBuilt = () => existsSync(path.join(webDist, 'index.html'));
