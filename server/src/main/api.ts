// The API alone: run several of these behind a load balancer against one PostgreSQL and one Redis.
import { loadConfig, loadDotEnv } from '../app/config.ts';
import { migrateWithLock, onShutdown } from '../app/lifecycle.ts';
import { buildApp } from '../app/server.ts';
import { ensureFirstOrganizer } from './bootstrap.ts';

loadDotEnv();
const config = loadConfig();
if (!config.DATABASE_URL)
  throw new Error('Set DATABASE_URL to run the API on its own (pnpm start runs everything).');
await migrateWithLock(config.DATABASE_URL);
const app = await buildApp({ config });
await ensureFirstOrganizer(app, config);
onShutdown((m) => app.log.info(m)).add(() => app.close());
await app.listen({ port: config.PORT, host: config.HOST });
