import { loadConfig, loadDotEnv } from '../app/config.ts';
import { migrateWithLock } from '../app/lifecycle.ts';

loadDotEnv();
const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('Set DATABASE_URL to the database to migrate.');
await migrateWithLock(config.DATABASE_URL);
console.log('Migrations applied.');
