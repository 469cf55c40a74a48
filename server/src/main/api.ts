// The API alone: run several of these behind a load balancer against one PostgreSQL and one Redis.
import { loadConfig, loadDotEnv } from '../app/config.ts';
import { migrateWithLock, onShutdown } from '../app/lifecycle.ts';
import { serveOperations } from '../app/metrics.ts';
import { requireRedis } from '../app/redis.ts';
import { buildApp, listenBacklog } from '../app/server.ts';
import { ensureFirstOrganizer } from './bootstrap.ts';

const shutdown = onShutdown((m) => console.log(`[wuzhen api] ${m}`));
try {
  loadDotEnv();
  const config = loadConfig();
  if (!config.DATABASE_URL)
    throw new Error('Set DATABASE_URL to run the API on its own (pnpm start runs everything).');
  await requireRedis(config.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await migrateWithLock(config.DATABASE_URL);
  const app = await buildApp({ config });
  shutdown.add(() => app.close());
  await ensureFirstOrganizer(app, config);
  await app.listen({ port: config.PORT, host: config.HOST, backlog: listenBacklog });
  if (config.METRICS_PORT) {
    const operations = await serveOperations({
      port: config.METRICS_PORT,
      host: config.METRICS_HOST,
      metrics: app.operations.metrics,
      ready: app.operations.readiness,
    });
    shutdown.add(() => new Promise((resolve) => operations.close(resolve)));
    app.log.info(`Metrics and health on http://${config.METRICS_HOST}:${config.METRICS_PORT}/metrics`);
  }
} catch (err) {
  console.error(`[wuzhen api] Could not start: ${(err as Error).message}`);
  await shutdown.fail();
}
