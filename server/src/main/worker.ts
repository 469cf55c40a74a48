// The worker alone: run as many as the jobs need; they share the queues through Redis.
import { loadConfig, loadDotEnv } from '../app/config.ts';
import { createDb } from '../app/db.ts';
import { migrateWithLock, onShutdown } from '../app/lifecycle.ts';
import { createJobProcessors } from '../app/processors.ts';
import { createQueues, createWorkers } from '../app/queue.ts';
import { createRedis } from '../app/redis.ts';

loadDotEnv();
const config = loadConfig();
if (!config.DATABASE_URL)
  throw new Error('Set DATABASE_URL to run the worker on its own (pnpm start runs everything).');
await migrateWithLock(config.DATABASE_URL);
const log = {
  info: (obj: object, msg: string) => console.log(JSON.stringify({ level: 'info', msg, ...obj })),
  error: (obj: object, msg: string) =>
    console.error(
      JSON.stringify({ level: 'error', msg, ...obj, err: String((obj as { err?: unknown }).err) }),
    ),
};
const { db, close: closeDb } = createDb({ url: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
const producer = createRedis(config.REDIS_URL ?? 'redis://127.0.0.1:6379', 'producer');
const connection = createRedis(config.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
const queues = createQueues({ connection: producer, prefix: config.QUEUE_PREFIX });
const workers = createWorkers({
  connection,
  prefix: config.QUEUE_PREFIX,
  processors: createJobProcessors({ db, queues, now: () => new Date() }),
  log,
});
const shutdown = onShutdown((m) => log.info({}, m));
shutdown.add(closeDb);
shutdown.add(async () => {
  producer.disconnect();
  connection.disconnect();
});
shutdown.add(() => queues.close());
shutdown.add(() => workers.close());
log.info({ queues: workers.workers.map((w) => w.name) }, 'worker started');
