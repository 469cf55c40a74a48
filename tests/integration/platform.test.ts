import type { AddressInfo } from 'node:net';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrateWithLock } from '../../server/src/app/lifecycle.ts';
import { serveOperations } from '../../server/src/app/metrics.ts';
import { users } from '../../server/src/modules/users/users.table.ts';
import { organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('platform', () => {
  test('health reports PostgreSQL and Redis', async () => {
    const reply = await t.agent().get('/api/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ ok: true, db: true, redis: true });
  });

  test('liveness and readiness: ready once the migrations of this build are applied', async () => {
    expect((await t.agent().get('/api/health/live')).body).toEqual({ ok: true });
    const ready = await t.agent().get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ok: true, migrations: true, redis: true });
    // A database a migration behind is not ready.
    await t.db.execute(
      sql`update drizzle.__drizzle_migrations set created_at = created_at - 1 where id = (select max(id) from drizzle.__drizzle_migrations)`,
    );
    try {
      const behind = await t.agent().get('/api/health/ready');
      expect(behind.status).toBe(503);
      expect(behind.body).toMatchObject({ ok: false, migrations: false });
    } finally {
      await t.db.execute(
        sql`update drizzle.__drizzle_migrations set created_at = created_at + 1 where id = (select max(id) from drizzle.__drizzle_migrations)`,
      );
    }
  });

  test('metrics are off the public port; with METRICS_PORT they are served on their own', async () => {
    expect(t.app.operations.metrics).toBeNull();
    // The public port has no metrics (/metrics is the web app's page-not-found there).
    expect(String((await t.agent().get('/metrics')).body)).not.toMatch(/wuzhen_|# HELP/);
    expect((await t.agent().get('/api/metrics')).status).toBe(404);
    const m = await startTestApp({ config: { METRICS_PORT: 1 } });
    const operations = await serveOperations({
      port: 0,
      host: '127.0.0.1',
      metrics: m.app.operations.metrics,
      ready: m.app.operations.readiness,
    });
    try {
      const base = `http://127.0.0.1:${(operations.address() as AddressInfo).port}`;
      await m.agent().get('/api/v1/competitions/no-such-competition');
      await m.agent().get('/api/health/live');
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(
        /wuzhen_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/competitions\/:competitionId",status_code="40\d"\} 1/,
      );
      expect(text).toMatch(/wuzhen_queue_jobs\{name="tally",state="waiting"\} 0/);
      expect(text).toMatch(/wuzhen_db_pool_max 10/);
      expect(text).toMatch(/wuzhen_db_pool_connections\{state="idle"\} [1-9]/);
      expect(text).toMatch(/wuzhen_nodejs_eventloop_lag_seconds/);
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => operations.close(resolve));
      await m.close();
    }
  });

  test('the OpenAPI document describes the routes from the same schemas, and its UI is served', async () => {
    const doc = await t.agent().get('/api/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const register = doc.body.paths['/api/v1/auth/register'].post;
    expect(Object.keys(register.requestBody.content['application/json'].schema.properties)).toEqual([
      'email',
      'password',
      'name',
      'language',
    ]);
    expect(doc.body.paths['/api/v1/competitions/{competitionId}']).toBeDefined();
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toMatch(/swagger/i);
  });

  test('every response carries a request id, errors echo it', async () => {
    const reply = await t.agent().get('/api/v1/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.body.requestId).toBe(reply.headers['x-request-id']);
    expect(reply.body.error.message).toMatch(/There is no GET/);
  });

  test('security headers are set', async () => {
    const reply = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
  });

  test('upgrade-insecure-requests only when the app is served over https', async () => {
    // Over plain http it would send the browser to https for every asset, and the page stays blank.
    const plain = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(plain.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    // Without TRUST_PROXY a client's own X-Forwarded-Proto changes nothing.
    const spoofed = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(spoofed.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    // Behind a trusted proxy that terminates TLS, the app is served over https.
    const behindProxy = await startTestApp({ config: { TRUST_PROXY: 'loopback' } });
    try {
      const proxied = await behindProxy.app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(proxied.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(proxied.headers['strict-transport-security']).toMatch(/max-age=/);
    } finally {
      await behindProxy.close();
    }
  });

  test('the first organizer is updated, not duplicated, when the app starts again with a new password', async () => {
    const { ensureFirstOrganizer } = await import('../../server/src/main/bootstrap.ts');
    const config = { ...t.config, ORGANIZER_PASSWORD: 'a-brand-new-password' };
    await ensureFirstOrganizer(t.app, config);
    await ensureFirstOrganizer(t.app, config);
    const { sql } = await import('drizzle-orm');
    const rows = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from users where email = ${organizerEmail}`,
    );
    expect(rows[0]?.n).toBe(1);
    expect(
      (await t.agent().post('/api/v1/auth/login', { email: organizerEmail, password: organizerPassword }))
        .status,
    ).toBe(401);
    await t.agent().login(organizerEmail, 'a-brand-new-password');
  });
});

describe('jobs', () => {
  test('a job is visible to who started it and to organizers of its competition, and to nobody else', async () => {
    const office = t.agent();
    await office.login(organizerEmail, 'a-brand-new-password');
    const created = await office.post('/api/v1/competitions', {
      name: 'Jobs Cup',
      slug: 'jobs-cup',
      submissionClosesAt: '2030-01-01T00:00:00Z',
    });
    const competitionId = created.body.competition.id;
    const starter = t.agent();
    const starterUser = await starter.register('starter@example.org');
    const other = t.agent();
    await other.register('other@example.org');
    // Enqueued with a delay so it stays put while we look at it: no worker runs in this file.
    const jobId = await t.app.deps.queues.enqueue(
      'tally',
      { competitionId, requestedBy: starterUser.id, roundId: 'r1' },
      { delayMs: 60_000 },
    );
    const mine = await starter.get(`/api/v1/jobs/${jobId}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: jobId, name: 'tally', state: 'delayed', progress: 0 });
    expect(mine.body).not.toHaveProperty('payload');
    expect((await office.get(`/api/v1/jobs/${jobId}`)).status).toBe(200);
    expect((await other.get(`/api/v1/jobs/${jobId}`)).status).toBe(404);
    expect((await t.agent().get(`/api/v1/jobs/${jobId}`)).status).toBe(401);
    expect((await starter.get('/api/v1/jobs/tally-unknown')).status).toBe(404);
    expect((await starter.get('/api/v1/jobs/not-a-job-id')).status).toBe(404);
    await t.app.deps.queues.removeJob(jobId);
  });
});

describe('a wrong DATABASE_URL at start', () => {
  test('a missing database, a closed port and a refused user each read as what to do', async () => {
    const missing = new URL(t.config.DATABASE_URL!);
    missing.pathname = '/wuzhen_no_such_database';
    await expect(migrateWithLock(missing.toString())).rejects.toThrow(
      /The database "wuzhen_no_such_database" does not exist on .+\. Create it \(createdb .*wuzhen_no_such_database\)/,
    );
    const closed = new URL(t.config.DATABASE_URL!);
    closed.port = '1';
    await expect(migrateWithLock(closed.toString())).rejects.toThrow(
      /Nothing answers for PostgreSQL at .+:1\. Start PostgreSQL there/,
    );
    const stranger = new URL(t.config.DATABASE_URL!);
    stranger.username = 'wuzhen_no_such_user';
    await expect(migrateWithLock(stranger.toString())).rejects.toThrow(
      /refused the user "wuzhen_no_such_user"\. Check the user and password/,
    );
  });
});

describe('database client', () => {
  const preparedOnThisConnection = async (tx: Parameters<Parameters<TestApp['db']['transaction']>[0]>[0]) =>
    (
      await tx.execute<{ statement: string }>(
        sql`select statement from pg_prepared_statements where statement like '%from "users"%'`,
      )
    ).map((row) => row.statement);

  test("Drizzle's queries with parameters are prepared once per connection, long lists are not", async () => {
    await t.db.transaction(async (tx) => {
      await tx.select().from(users).where(eq(users.email, 'nobody@platform.test'));
      await tx.select().from(users).where(eq(users.email, 'still-nobody@platform.test'));
      const ids = Array.from({ length: 100 }, (_, i) => `no-such-user-${i}`);
      await tx.select().from(users).where(inArray(users.id, ids));
      const prepared = await preparedOnThisConnection(tx);
      // Run twice, prepared once.
      expect(prepared.filter((s) => s.endsWith('where "users"."email" = $1'))).toHaveLength(1);
      expect(prepared.filter((s) => s.includes('$100'))).toHaveLength(0);
    });
  });
});

describe('request log', () => {
  test('one line per API request, with its status and time; health checks and web files stay quiet', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logged = await startTestApp({
      logger: { level: 'info', stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
    });
    try {
      await logged.agent().get('/api/health');
      await logged.agent().get('/api/v1/auth/me');
      await logged.agent().get('/some/page/of/the/web/app');
      const requests = lines.filter((l) => 'statusCode' in l || 'req' in l || 'res' in l);
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({
        msg: 'GET /api/v1/auth/me 401',
        method: 'GET',
        url: '/api/v1/auth/me',
        statusCode: 401,
      });
      expect(typeof requests[0]!.ms).toBe('number');
      expect(typeof requests[0]!.reqId).toBe('string');
    } finally {
      await logged.close();
    }
  });
});
