import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type AnyColumn, is, Placeholder, sql } from 'drizzle-orm';
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
  const overrides: Record<PropertyKey, unknown> = {
    unsafe,
    begin: (...args: unknown[]) => {
      const body = args.pop() as (scope: postgres.Sql) => unknown;
      return pipelinedTransaction(client, typeof args[0] === 'string' ? args[0] : '', (scope) =>
        body(preparedByDefault(scope)),
      );
    },
  };
  return new Proxy(client, {
    get: (target, key, receiver) =>
      typeof key === 'string' && key in overrides && key in target
        ? overrides[key]
        : Reflect.get(target, key, receiver),
  });
}

/**
 * A transaction whose BEGIN travels with its first statements. postgres.js's own `begin` waits for
 * BEGIN's answer before it runs the body, a round trip of its own on every transaction (a batch of
 * review saves made four more); here BEGIN is sent on a reserved connection and the body's first
 * statements are queued right behind it, in the same write. As in postgres.js: a statement of the
 * body that failed, even one nobody awaited, rolls the transaction back and is what is thrown, and
 * the body's scope can open savepoints (`savepoint(fn)`), which Drizzle's nested transactions use.
 */
async function pipelinedTransaction(
  client: postgres.Sql,
  options: string,
  body: (scope: postgres.Sql) => unknown,
): Promise<unknown> {
  const reserved = await client.reserve();
  let savepoints = 0;
  /** Runs `fn` on a scope that tracks its statements; throws what failed in it, as postgres.js does. */
  async function run(fn: (scope: postgres.Sql) => unknown, opened: Promise<unknown>) {
    let failure: unknown = null;
    const issued: Array<Promise<unknown>> = [];
    const track = (query: postgres.PendingQuery<postgres.Row[]>) => {
      issued.push(query.catch((error: unknown) => (failure ??= error)));
      return query;
    };
    const scope = new Proxy(reserved, {
      apply: (target, self, args) => track(Reflect.apply(target, self, args)),
      get: (target, key, receiver) => {
        if (key === 'unsafe')
          return (...args: Parameters<postgres.Sql['unsafe']>) => track(target.unsafe(...args));
        if (key === 'savepoint') return savepoint;
        return Reflect.get(target, key, receiver);
      },
    }) as postgres.Sql;
    try {
      const [, result] = await Promise.all([opened, Promise.resolve().then(() => fn(scope))]);
      await Promise.all(issued);
      if (failure) throw failure;
      return result;
    } catch (error) {
      await Promise.allSettled(issued);
      // "current transaction is aborted" says less than the statement that aborted it.
      throw error instanceof postgres.PostgresError && error.code === '25P02' && failure ? failure : error;
    }
  }
  async function savepoint(fn: (scope: postgres.Sql) => unknown) {
    const name = `s${savepoints++}`;
    try {
      const result = await run((scope) => fn(preparedByDefault(scope)), reserved.unsafe(`savepoint ${name}`));
      await reserved.unsafe(`release savepoint ${name}`);
      return result;
    } catch (error) {
      await reserved.unsafe(`rollback to savepoint ${name}`);
      throw error;
    }
  }
  try {
    const begin = reserved.unsafe(`begin ${options.replace(/[^a-z ]/gi, '')}`);
    // Handed to the connection now, so it goes out before anything the body sends.
    void begin.execute();
    let result: unknown;
    try {
      result = await run(body, begin);
    } catch (error) {
      // A connection that broke rolls back by itself; the error that broke it is the one to tell.
      await reserved.unsafe('rollback').catch(() => {});
      throw error;
    }
    await reserved.unsafe('commit');
    return result;
  } finally {
    reserved.release();
  }
}

/**
 * `column = any($1)`: one statement text for any number of values, so it is prepared once per
 * connection (an `in ($1, $2, …)` list has a text, and a prepared statement, per length). The
 * values, or a compiled statement's placeholder for them.
 */
export const equalsAny = (column: AnyColumn, values: string[] | Placeholder) =>
  sql`${column} = any(${arrayParam(values)}::text[])`;

/**
 * `column in (select unnest($1))`: the same test as `equalsAny`, written as a semi-join, for a
 * list beside another condition with an index of its own (`competition_id = $1 and id = any($2)`).
 * There PostgreSQL reads the other index and compared each row it found with every value: a
 * competition's thousand entries against a batch's hundred ids. As a semi-join it hashes the values
 * once.
 */
export const inValues = (column: AnyColumn, values: string[] | Placeholder) =>
  sql`${column} in (select unnest(${arrayParam(values)}::text[]))`;

const arrayParam = (values: string[] | Placeholder) => (is(values, Placeholder) ? values : sql.param(values));

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
