import { createServer, type Server } from 'node:http';
import type { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from './db.ts';

const jobStates = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * Prometheus metrics of one process (API, worker, or both in one): request latency by route,
 * queue depth and job duration by job name, database pool use, and Node's own (event loop, heap).
 * Served on a port of their own (METRICS_PORT), never on the public one.
 */
export function createMetrics({
  db,
  applicationName,
  poolSize,
  queues,
}: {
  db: Db;
  /** The `application_name` of this process's database connections (see createDb). */
  applicationName: string;
  poolSize: number;
  /** The queues to count (queue.ts's registry); typed by what is read, so queue.ts may import this file. */
  queues?: { queues: ReadonlyMap<string, Pick<Queue, 'getJobCounts'>> };
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wuzhen_' });

  const httpRequestDuration = new Histogram({
    name: 'wuzhen_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'wuzhen_job_duration_seconds',
    help: 'Time a worker spent on a job, by job name and outcome',
    labelNames: ['name', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const jobsStalled = new Counter({
    name: 'wuzhen_jobs_stalled_total',
    help: 'Jobs this worker found stalled (their worker died or froze) and put back in the queue',
    labelNames: ['name'] as const,
    registers: [registry],
  });
  if (queues)
    new Gauge({
      name: 'wuzhen_queue_jobs',
      help: 'Jobs in each queue, by state',
      labelNames: ['name', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        await Promise.all(
          [...queues.queues].map(async ([name, queue]) => {
            const counts = await queue.getJobCounts(...jobStates).catch(() => null);
            if (!counts) return;
            for (const state of jobStates) this.set({ name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
  new Gauge({
    name: 'wuzhen_db_pool_max',
    help: 'Connections this process may open to PostgreSQL (DATABASE_POOL_SIZE)',
    registers: [registry],
    collect() {
      this.set(poolSize);
    },
  });
  new Gauge({
    name: 'wuzhen_db_pool_connections',
    help: "This process's open PostgreSQL connections, by state (active: running a query), as PostgreSQL sees them",
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db
        .execute<{ state: string | null; n: number }>(
          sql`select state, count(*)::int as n from pg_stat_activity
              where application_name = ${applicationName} and pid <> pg_backend_pid() group by state`,
        )
        .catch(() => []);
      // The connection running this very query is busy with the scrape, not with the app.
      let idle = 1;
      for (const row of rows) {
        if (row.state === 'idle') idle += Number(row.n);
        else this.set({ state: row.state ?? 'unknown' }, Number(row.n));
      }
      this.set({ state: 'idle' }, idle);
    },
  });

  return { registry, httpRequestDuration, jobDuration, jobsStalled };
}
export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The operations port: `/metrics` for Prometheus, and `/health/live` and `/health/ready` for the
 * process (the worker has no other port to be probed on).
 */
export async function serveOperations({
  port,
  host,
  metrics,
  ready,
}: {
  port: number;
  host: string;
  metrics: Metrics | null;
  ready: () => Promise<{ ok: boolean } & Record<string, unknown>>;
}): Promise<Server> {
  const server = createServer((request, response) => {
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return send(405, 'text/plain', 'Only GET is served here.\n');
    if (path === '/health/live') return send(200, 'application/json', JSON.stringify({ ok: true }));
    if (path === '/health/ready')
      return void ready().then(
        (state) => send(state.ok ? 200 : 503, 'application/json', JSON.stringify(state)),
        (err) => send(503, 'application/json', JSON.stringify({ ok: false, error: String(err) })),
      );
    if (path === '/metrics' && metrics)
      return void metrics.registry.metrics().then(
        (text) => send(200, metrics.registry.contentType, text),
        (err) => send(500, 'text/plain', `Could not collect the metrics: ${String(err)}\n`),
      );
    return send(404, 'text/plain', 'Served here: /metrics, /health/live, /health/ready.\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
