// The worker alone: run as many as the jobs need; they share the queues through Redis.
import { randomBytes } from 'node:crypto';
import { loadConfig, loadDotEnv } from '../app/config.ts';
import { createDb, migrationsApplied } from '../app/db.ts';
import { migrateWithLock, onShutdown } from '../app/lifecycle.ts';
import { createMetrics, serveOperations } from '../app/metrics.ts';
import { createJobProcessors } from '../app/processors.ts';
import { createQueues, createWorkers } from '../app/queue.ts';
import { createRedis, requireRedis } from '../app/redis.ts';
import { createServices } from '../app/services.ts';
import { scheduleMailSweep } from '../modules/mail/mail.jobs.ts';

const line = (level: string, obj: object, msg: string) =>
  JSON.stringify({ level, time: Date.now(), msg, ...obj, ...('err' in obj ? { err: String(obj.err) } : {}) });
const log = {
  info: (obj: object, msg: string) => console.log(line('info', obj, msg)),
  warn: (obj: object, msg: string) => console.log(line('warn', obj, msg)),
  error: (obj: object, msg: string) => console.error(line('error', obj, msg)),
};
const shutdown = onShutdown((m) => log.info({}, m));

try {
  loadDotEnv();
  const config = loadConfig();
  if (!config.DATABASE_URL)
    throw new Error('Set DATABASE_URL to run the worker on its own (pnpm start runs everything).');
  const redisUrl = config.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await requireRedis(redisUrl);
  await migrateWithLock(config.DATABASE_URL);
  const {
    db,
    applicationName,
    close: closeDb,
  } = createDb({
    url: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    applicationName: `wuzhen-worker-${process.pid}-${randomBytes(3).toString('hex')}`,
  });
  shutdown.add(closeDb);
  const producer = createRedis(redisUrl, 'producer');
  const connection = createRedis(redisUrl, 'worker');
  shutdown.add(async () => {
    producer.disconnect();
    connection.disconnect();
  });
  const queues = createQueues({ connection: producer, prefix: config.QUEUE_PREFIX });
  shutdown.add(() => queues.close());
  const metrics = config.METRICS_PORT
    ? createMetrics({ db, applicationName, poolSize: config.DATABASE_POOL_SIZE, queues })
    : null;
  const workers = createWorkers({
    connection,
    prefix: config.QUEUE_PREFIX,
    processors: createJobProcessors(
      createServices({ config, db, redis: producer, queues, now: () => new Date() }),
    ),
    limits: { mail: { max: config.MAIL_RATE_PER_MINUTE, duration: 60_000 } },
    log,
    metrics,
  });
  shutdown.add(() => workers.close());
  if (config.SMTP_URL) await scheduleMailSweep(queues);
  if (config.METRICS_PORT) {
    // The worker's only port: its health for the orchestrator, and its metrics.
    const operations = await serveOperations({
      port: config.METRICS_PORT,
      host: config.METRICS_HOST,
      metrics,
      ready: async () => {
        const [migrations, queuesOpen] = [await migrationsApplied(db), workers.ready()];
        return { ok: migrations && queuesOpen, migrations, queues: queuesOpen };
      },
    });
    shutdown.add(() => new Promise((resolve) => operations.close(resolve)));
  }
  log.info(
    { queues: workers.workers.map((w) => w.name), pid: process.pid, metricsPort: config.METRICS_PORT },
    'worker started',
  );
} catch (err) {
  console.error(`[wuzhen worker] Could not start: ${(err as Error).message}`);
  await shutdown.fail();
}
