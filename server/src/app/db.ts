import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type AnyColumn, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { repoRoot } from './config.ts';
import * as schema from './schema.ts';

type UnsafeOptions = Parameters<postgres.Sql['unsafe']>[2];

/**
 * Statements with more parameters than this are bulk writes and long `in (…)` lists, whose text
 * changes with their size: preparing each would fill every connection's statement cache (and the
 * server's memory) with statements used once.
 */
const maxPreparedParams = 64;

/**
 * Drizzle runs every query it was not told to prepare with `prepare: false`, and postgres.js then
 * spends a round trip describing the parameters before every single execution, and pipelines
 * nothing behind it. postgres.js's own default is the opposite: prepare each statement once per
 * connection, then run it in one round trip. This restores that default for Drizzle's queries
 * with parameters, in transactions and savepoints too. (A query without parameters is already
 * one round trip, and may hold several statements, which a prepared statement cannot.) The hot
 * paths pass lists as one array or JSON parameter, so their text stays the same at any size.
 */
export function preparedByDefault<T extends postgres.Sql>(client: T): T {
  const unsafe = (query: string, params?: unknown[], options?: UnsafeOptions) =>
    client.unsafe(
      query,
      params as never,
      params?.length && params.length <= maxPreparedParams ? { ...options, prepare: true } : options,
    );
  const wrapScope =
    (method: 'begin' | 'savepoint') =>
    (...args: unknown[]) => {
      const body = args.pop() as (scope: postgres.Sql) => unknown;
      const open = (client as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!;
      return open.apply(client, [...args, (scope: postgres.Sql) => body(preparedByDefault(scope))]);
    };
  const overrides: Record<PropertyKey, unknown> = {
    unsafe,
    begin: wrapScope('begin'),
    savepoint: wrapScope('savepoint'),
  };
  return new Proxy(client, {
    get: (target, key, receiver) =>
      typeof key === 'string' && key in overrides && key in target
        ? overrides[key]
        : Reflect.get(target, key, receiver),
  });
}

/**
 * `column = any($1)`: one statement text for any number of values, so it is prepared once per
 * connection (an `in ($1, $2, …)` list has a text, and a prepared statement, per length).
 */
export const equalsAny = (column: AnyColumn, values: string[]) =>
  sql`${column} = any(${sql.param(values)}::text[])`;

/**
 * `applicationName` names this process's connections in pg_stat_activity (the pool metrics read
 * them there); by default one name per pool, unique on the server.
 */
export function createDb({
  url,
  max = 10,
  applicationName = `wuzhen-${process.pid}-${randomBytes(3).toString('hex')}`,
}: {
  url: string;
  max?: number;
  applicationName?: string;
}) {
  const client = preparedByDefault(
    postgres(url, {
      max,
      onnotice: () => {},
      connection: { TimeZone: 'UTC', application_name: applicationName },
    }),
  );
  const db = drizzle({ client, schema, casing: 'snake_case' });
  return { db, client, applicationName, close: () => client.end({ timeout: 5 }) };
}

export type Db = ReturnType<typeof createDb>['db'];
/** A transaction or the database: repositories accept either. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export const migrationsFolder = path.join(repoRoot, 'drizzle');

/**
 * Whether every migration of this build is applied (readiness): the migrator records each by the
 * `when` of its journal entry, so the newest recorded one must be the journal's last.
 */
export async function migrationsApplied(db: Db) {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number }>;
  };
  const newest = Math.max(0, ...journal.entries.map((e) => e.when));
  try {
    const [row] = await db.execute<{ last: string | null }>(
      sql`select max(created_at)::text as last from drizzle.__drizzle_migrations`,
    );
    return Number(row?.last ?? 0) >= newest;
  } catch {
    return false; // no migrations table yet, or the database does not answer
  }
}

export async function runMigrations(url: string) {
  const { db, close } = createDb({ url, max: 1 });
  try {
    await migrate(db, { migrationsFolder });
  } finally {
    await close();
  }
}
