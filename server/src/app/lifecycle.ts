import postgres from 'postgres';
import { runMigrations } from './db.ts';

/**
 * The first thing a process does with DATABASE_URL, so the first place a wrong one shows: its
 * error as a sentence that says what to do (the driver's own words stay at the end).
 */
export function explainDatabaseError(error: unknown, url: string): Error {
  const cause = error as { code?: string; message?: string };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return new Error(
      'DATABASE_URL is not a URL (postgres://user:password@host:5432/database): fix it and start again.',
    );
  }
  const host = parsed.hostname;
  const port = parsed.port || '5432';
  const name = decodeURIComponent(parsed.pathname.slice(1));
  const user = decodeURIComponent(parsed.username);
  const where = `${host}:${port}`;
  const createdb = `createdb -h ${host} -p ${port}${user ? ` -U ${user}` : ''} ${name}`;
  const sentence =
    cause.code === '3D000'
      ? `The database "${name}" does not exist on ${where}. Create it (${createdb}) or point DATABASE_URL at one that does; the tables are made on the first start.`
      : cause.code === 'ECONNREFUSED' || cause.code === 'ENOTFOUND' || cause.code === 'EAI_AGAIN'
        ? `Nothing answers for PostgreSQL at ${where}. Start PostgreSQL there, fix the host and port in DATABASE_URL, or leave DATABASE_URL unset and pnpm start runs an embedded PostgreSQL.`
        : cause.code === '28P01' || cause.code === '28000'
          ? `PostgreSQL at ${where} refused the user "${user}". Check the user and password in DATABASE_URL.`
          : null;
  if (!sentence) return error as Error;
  const said = cause.message ? ` (PostgreSQL said: ${cause.message})` : '';
  return new Error(`${sentence}${said}`, { cause: error });
}

/** Migrations under an advisory lock, so several processes starting at once migrate once. */
export async function migrateWithLock(url: string) {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await client`select pg_advisory_lock(724000001)`.catch((error: unknown) => {
      throw explainDatabaseError(error, url);
    });
    await runMigrations(url);
  } finally {
    await client`select pg_advisory_unlock(724000001)`.catch(() => {});
    await client.end({ timeout: 5 });
  }
}

/** Run `stop` callbacks once, in reverse order, on SIGINT/SIGTERM; a second signal forces exit. */
export function onShutdown(log: (msg: string) => void) {
  const stops: Array<() => Promise<unknown>> = [];
  let stoppingSince = 0;
  const shutdown = async (signal: string, exitCode = 0) => {
    // Ctrl-C reaches every process of the group (pnpm, tsx and us) and tsx relays it again: a
    // repeat within a few seconds is that echo, not an impatient person.
    if (stoppingSince && Date.now() - stoppingSince < 3_000) return;
    if (stoppingSince) {
      log(`${signal} again: exiting at once.`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    log(`${signal} received: stopping…`);
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        log(`while stopping: ${(err as Error).message}`);
      }
    }
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  return {
    add: (stop: () => Promise<unknown>) => stops.push(stop),
    /** Stop what was started so far and exit with a failure. */
    fail: () => shutdown('failure', 1),
  };
}
