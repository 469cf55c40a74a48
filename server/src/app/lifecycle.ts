import postgres from 'postgres';
import { runMigrations } from './db.ts';

/** Migrations under an advisory lock, so several processes starting at once migrate once. */
export async function migrateWithLock(url: string) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(724000001)`;
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
