import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { repoRoot } from './config.ts';
import * as schema from './schema.ts';

export function createDb({ url, max = 10 }: { url: string; max?: number }) {
  const client = postgres(url, { max, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  const db = drizzle({ client, schema, casing: 'snake_case' });
  return { db, client, close: () => client.end({ timeout: 5 }) };
}

export type Db = ReturnType<typeof createDb>['db'];
/** A transaction or the database: repositories accept either. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export const migrationsFolder = path.join(repoRoot, 'drizzle');

export async function runMigrations(url: string) {
  const { db, close } = createDb({ url, max: 1 });
  try {
    await migrate(db, { migrationsFolder });
  } finally {
    await close();
  }
}
