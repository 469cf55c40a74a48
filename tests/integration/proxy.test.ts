// Forwarded headers are believed only from a configured proxy (TRUST_PROXY): otherwise a new
// X-Forwarded-For on each request would get past every per-address limit.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../server/src/app/server.ts';
import {
  createAgent,
  organizerEmail,
  organizerPassword,
  startTestApp,
  type TestApp,
} from '../support/app.ts';
import { createCompetition } from '../support/fixtures.ts';

let t: TestApp;
let behindProxy: FastifyInstance;
beforeAll(async () => {
  t = await startTestApp({ listen: true });
  // The same platform, told that a proxy on this host forwards its requests.
  behindProxy = await buildApp({ config: { ...t.config, TRUST_PROXY: 'loopback' } });
});
afterAll(async () => {
  await behindProxy?.close();
  await t?.close();
});

const wrongPasswords = async (app: FastifyInstance, email: string, attempts: number) => {
  const agent = createAgent(app);
  const statuses: number[] = [];
  for (let i = 0; i < attempts; i++) {
    const reply = await agent.post(
      '/api/v1/auth/login',
      { email, password: `guess-${i}` },
      { 'x-forwarded-for': `203.0.113.${i + 1}` },
    );
    statuses.push(reply.status);
  }
  return statuses;
};

describe('the client address', () => {
  test('by default a forged X-Forwarded-For does not get past the sign-in throttle', async () => {
    const statuses = await wrongPasswords(t.app, 'victim-direct@example.org', 30);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
  });

  test('with TRUST_PROXY naming the proxy, its X-Forwarded-For is the client address', async () => {
    const statuses = await wrongPasswords(behindProxy, 'victim-proxied@example.org', 12);
    // Twelve different clients, one attempt each: none of them is throttled.
    expect(statuses.every((s) => s === 401)).toBe(true);
  });

  test('a hop count trusts that many proxies in front', async () => {
    const oneHop = await buildApp({ config: { ...t.config, TRUST_PROXY: 1 } });
    try {
      const statuses = await wrongPasswords(oneHop, 'victim-one-hop@example.org', 12);
      expect(statuses.every((s) => s === 401)).toBe(true);
    } finally {
      await oneHop.close();
    }
  });

  test('by default the per-address cap on live views counts the connecting address', async () => {
    const capped = await buildApp({ config: { ...t.config, EVENT_STREAMS_PER_ADDRESS: 1 } });
    const base = await capped.listen({ port: 0, host: '127.0.0.1' });
    const organizer = createAgent(t.app);
    await organizer.login(organizerEmail, organizerPassword);
    const { slug } = await createCompetition(organizer, { rounds: [] });
    const url = `${base}/api/v1/public/competitions/${slug}/events`;
    const controller = new AbortController();
    try {
      const first = await fetch(url, {
        headers: { 'x-forwarded-for': '198.51.100.1' },
        signal: controller.signal,
      });
      expect(first.status).toBe(200);
      const second = await fetch(url, { headers: { 'x-forwarded-for': '198.51.100.2' } });
      expect(second.status).toBe(429);
      expect((await second.json()).error.code).toBe('announcements.too_many_streams');
    } finally {
      controller.abort();
      await capped.close();
    }
  });
});

describe('the session cookie', () => {
  const secureFlag = async (app: FastifyInstance, headers: Record<string, string>) => {
    const reply = await createAgent(app).post(
      '/api/v1/auth/login',
      { email: organizerEmail, password: organizerPassword },
      headers,
    );
    expect(reply.status).toBe(200);
    return /;\s*Secure/i.test(String(reply.headers['set-cookie']));
  };

  test('is Secure when the request arrived over https through the trusted proxy', async () => {
    expect(await secureFlag(behindProxy, { 'x-forwarded-proto': 'https' })).toBe(true);
    expect(await secureFlag(behindProxy, {})).toBe(false);
  });

  test('is not made Secure by a forwarded header from an untrusted client', async () => {
    expect(await secureFlag(t.app, { 'x-forwarded-proto': 'https' })).toBe(false);
  });
});
