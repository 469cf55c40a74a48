// The whole platform in one process: API, worker and web app on one port, with an embedded
// PostgreSQL when DATABASE_URL is unset and a local Redis when REDIS_URL is unset.
import { loadConfig, loadDotEnv } from '../app/config.ts';
import { migrateWithLock, onShutdown } from '../app/lifecycle.ts';
import { serveOperations } from '../app/metrics.ts';
import { createJobProcessors } from '../app/processors.ts';
import { createWorkers } from '../app/queue.ts';
import { createRedis, requireRedis } from '../app/redis.ts';
import { buildApp, listenBacklog } from '../app/server.ts';
import { demoJudgeEmail, demoPassword, demoTeamEmail } from '../modules/demo/demo.seed.ts';
import { seedDemoOnce } from '../modules/demo/demo.service.ts';
import { scheduleMailSweep } from '../modules/mail/mail.jobs.ts';
import { storageFromConfig } from '../modules/uploads/storage.config.ts';
import { ensureFirstOrganizer } from './bootstrap.ts';
import { ensureLocalRedis, localSessionSecret, startEmbeddedPostgres } from './infrastructure.ts';

const say = (m: string) => console.log(`[wuzhen] ${m}`);
loadDotEnv();
const base = loadConfig();
const shutdown = onShutdown(say);

try {
  const embedded = !base.DATABASE_URL;
  let databaseUrl = base.DATABASE_URL;
  let freshDatabase = false;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: base.DATA_DIR, log: say });
    shutdown.add(async () => {
      say('Stopping the embedded PostgreSQL…');
      await pg.stop();
    });
    databaseUrl = pg.url;
    freshDatabase = pg.created;
  }
  let redisUrl = base.REDIS_URL;
  if (redisUrl) await requireRedis(redisUrl);
  else {
    const redis = await ensureLocalRedis({ dataDir: base.DATA_DIR, log: say });
    shutdown.add(redis.stop);
    redisUrl = redis.url;
  }
  const config = loadConfig(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SESSION_SECRET: base.SESSION_SECRET ?? localSessionSecret(base.DATA_DIR),
    // The demo's organizer, when none is configured and the database is the embedded one.
    ORGANIZER_EMAIL: base.ORGANIZER_EMAIL ?? (embedded ? 'organizer@wuzhen.demo' : undefined),
    ORGANIZER_PASSWORD: base.ORGANIZER_PASSWORD ?? (embedded ? demoPassword : undefined),
  });

  await migrateWithLock(databaseUrl);
  const app = await buildApp({ config });
  const organizer = await ensureFirstOrganizer(app, config);
  const wantDemo = config.DEMO_DATA === 'always' || (config.DEMO_DATA === 'auto' && freshDatabase);
  if (wantDemo && organizer) {
    const storage = storageFromConfig(config);
    const seeded = await seedDemoOnce({ db: app.deps.db, organizerEmail: organizer.email, storage }).finally(
      () => storage.close(),
    );
    if (seeded)
      say(
        `Demo competition seeded: ${seeded.tracks} tracks, ${seeded.teams} teams, ${seeded.entries} entries, ${seeded.judges} judges.`,
      );
  }

  const workerConnection = createRedis(redisUrl, 'worker');
  const workers = createWorkers({
    connection: workerConnection,
    prefix: config.QUEUE_PREFIX,
    // One process: the worker's processors use the services the API built.
    processors: createJobProcessors(app.services),
    limits: { mail: { max: config.MAIL_RATE_PER_MINUTE, duration: 60_000 } },
    log: app.log,
    metrics: app.operations.metrics,
  });
  if (config.SMTP_URL) await scheduleMailSweep(app.deps.queues);
  shutdown.add(async () => {
    await app.close();
  });
  shutdown.add(async () => {
    await workers.close();
    workerConnection.disconnect();
  });

  await app.listen({ port: config.PORT, host: config.HOST, backlog: listenBacklog });
  if (config.METRICS_PORT) {
    const operations = await serveOperations({
      port: config.METRICS_PORT,
      host: config.METRICS_HOST,
      metrics: app.operations.metrics,
      ready: async () => {
        const api = await app.operations.readiness();
        const queues = workers.ready();
        return { ...api, ok: api.ok && queues, queues };
      },
    });
    shutdown.add(() => new Promise((resolve) => operations.close(resolve)));
    say(`Metrics and health: http://${config.METRICS_HOST}:${config.METRICS_PORT}/metrics`);
  }
  const url = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  say('');
  say(`Wuzhen Judge is running at ${url}`);
  say(`API docs: ${url}/api/docs`);
  say(
    config.SMTP_URL
      ? `Mail is delivered through ${new URL(config.SMTP_URL).host}; each competition's Outbox page shows what became of every mail.`
      : `Mail: no SMTP_URL is set, so nothing is sent. Every mail is kept: sign in as the organizer and open a competition's Outbox tab (${url}/organizer), or Account mails (${url}/outbox) for password resets and verifications.`,
  );
  if (organizer)
    say(
      `Organizer sign-in: ${organizer.email} / ${embedded && !base.ORGANIZER_PASSWORD ? demoPassword : '(ORGANIZER_PASSWORD)'}`,
    );
  if (embedded) {
    say(`Demo judge sign-in: ${demoJudgeEmail(1)} … ${demoJudgeEmail(12)} / ${demoPassword}`);
    say(`Demo team sign-in: ${demoTeamEmail} / ${demoPassword}`);
  }
  say('Press Ctrl-C to stop.');
} catch (err) {
  console.error(`[wuzhen] Could not start: ${(err as Error).message}`);
  await shutdown.fail();
}
