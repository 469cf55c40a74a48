import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrationsFolder, runMigrations } from '../../server/src/app/db.ts';
import { resolveTestPostgres, resolveTestRedis } from './services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    redisUrl: string;
  }
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/**
 * Migrates one template database per migration set; each test file then clones it (fast) into a
 * database of its own, so files run in parallel without seeing each other's rows.
 */
export default async function setup(project: TestProject) {
  const pg = await resolveTestPostgres();
  const redis = await resolveTestRedis();
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder).sort()) {
    if (file.endsWith('.sql')) hash.update(readFileSync(`${migrationsFolder}/${file}`));
  }
  const template = `wz_tpl_${hash.digest('hex').slice(0, 16)}`;
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(724000002)`;
    const [exists] = await admin`select 1 from pg_database where datname = ${template}`;
    if (!exists) {
      const building = `${template}_building`;
      await admin.unsafe(`drop database if exists ${building} with (force)`);
      await admin.unsafe(`create database ${building}`);
      await runMigrations(withDatabase(pg.url, building));
      await admin.unsafe(`alter database ${building} rename to ${template}`);
    }
    // Databases left behind by an interrupted run.
    const stale = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like 'wz_t_%' and datname not like 'wz_tpl_%'`;
    const cutoff = Date.now() - 3 * 3600_000;
    for (const { datname } of stale) {
      const started = Number(datname.split('_')[2]);
      if (Number.isFinite(started) && started < cutoff)
        await admin.unsafe(`drop database if exists ${datname} with (force)`);
    }
    await admin`select pg_advisory_unlock(724000002)`;
  } finally {
    await admin.end({ timeout: 5 });
  }
  project.provide('adminDatabaseUrl', pg.url);
  project.provide('templateDatabase', template);
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
    await pg.stop();
  };
}
