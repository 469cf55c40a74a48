import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countRows, organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('registration', () => {
  test('creates an account, signs in with an httpOnly SameSite=Lax cookie, and stores only a hash', async () => {
    const agent = t.agent();
    const reply = await agent.post('/api/v1/auth/register', {
      email: 'Ada@Example.org ',
      password: 'correct horse battery',
      name: ' Ada Lovelace ',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.user).toMatchObject({
      email: 'ada@example.org',
      name: 'Ada Lovelace',
      canCreateCompetitions: false,
      memberships: [],
    });
    const setCookie = String(reply.headers['set-cookie']);
    expect(setCookie).toMatch(/wz_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(JSON.stringify(reply.body)).not.toMatch(/password/i);
    const me = await agent.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('ada@example.org');
    const [row] = await t.db.execute<{ password_hash: string }>(
      // the stored hash is argon2id, never the password
      (await import('drizzle-orm')).sql`select password_hash from users where email = 'ada@example.org'`,
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(row?.password_hash).not.toContain('correct horse');
    // The session table holds a digest of the token, not the token from the cookie.
    const token = agent.cookie().split('=')[1]!;
    const sessions = await t.db.execute<{ id: string }>(
      (await import('drizzle-orm')).sql`select id from sessions`,
    );
    expect(sessions.map((s) => s.id)).not.toContain(token);
  });

  test.each([
    [{ email: 'not-an-email', password: 'long enough pw', name: 'X' }, 'email'],
    [{ email: 'short@example.org', password: 'short', name: 'X' }, 'password'],
    [{ email: 'noname@example.org', password: 'long enough pw', name: '   ' }, 'name'],
    [{ password: 'long enough pw', name: 'X' }, 'email'],
  ])('refuses %j with a 400 naming %s, storing nothing', async (body, field) => {
    const before = await countRows(t, 'users');
    const reply = await t.agent().post('/api/v1/auth/register', body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('request.invalid');
    expect(reply.body.requestId).toEqual(expect.any(String));
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(reply.body.error.message).toContain(field);
    expect(await countRows(t, 'users')).toBe(before);
  });

  test('refuses a taken email with a 400 naming the field', async () => {
    await t.agent().register('taken@example.org');
    const before = await countRows(t, 'users');
    const reply = await t.agent().post('/api/v1/auth/register', {
      email: 'TAKEN@example.org',
      password: 'another password',
      name: 'Other',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('auth.email_taken');
    expect(reply.body.error.details[0].path).toBe('email');
    expect(await countRows(t, 'users')).toBe(before);
  });

  test('a body that is not JSON gets a clear 400', async () => {
    const reply = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{oops',
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error.message).toMatch(/JSON/);
  });
});

describe('login and logout', () => {
  test('a wrong password and an unknown email get the same 401 and message', async () => {
    await t.agent().register('grace@example.org', 'Grace', 'the right password');
    const wrong = await t
      .agent()
      .post('/api/v1/auth/login', { email: 'grace@example.org', password: 'not the password' });
    const unknown = await t
      .agent()
      .post('/api/v1/auth/login', { email: 'nobody@example.org', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
    expect(wrong.body.error.code).toBe('auth.invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  test('logout ends the session on the server, not only in the browser', async () => {
    const agent = t.agent();
    await agent.register('linus@example.org');
    const stolen = agent.cookie();
    expect((await agent.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
    const replay = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: stolen } });
    expect(replay.statusCode).toBe(401);
  });

  test('me without a session is 401 in the error format', async () => {
    const reply = await t.agent().get('/api/v1/auth/me');
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({
      error: { code: 'auth.unauthenticated', message: expect.any(String) },
      requestId: expect.any(String),
    });
  });

  test('the first organizer from ORGANIZER_EMAIL can sign in and create competitions', async () => {
    const agent = t.agent();
    const user = await agent.login(organizerEmail, organizerPassword);
    expect(user.canCreateCompetitions).toBe(true);
  });

  test('login is rate limited per address and account', async () => {
    const agent = t.agent();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await agent.post('/api/v1/auth/login', { email: 'victim@example.org', password: `guess-${i}` }))
          .status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const limited = await agent.post('/api/v1/auth/login', { email: 'victim@example.org', password: 'x' });
    expect(limited.body.error.code).toBe('request.rate_limited');
    // another account from the same address is not locked out
    expect(
      (await agent.post('/api/v1/auth/login', { email: 'other@example.org', password: 'x' })).status,
    ).toBe(401);
  });
});

describe('cross-site requests', () => {
  test('a cookie-authenticated write from another origin is refused with 403 and changes nothing', async () => {
    const agent = t.agent();
    await agent.login(organizerEmail, organizerPassword);
    const before = await countRows(t, 'competitions');
    const body = { name: 'Sneaky', slug: 'sneaky-cup', submissionClosesAt: '2030-01-01T00:00:00Z' };
    const refused = await agent.post('/api/v1/competitions', body, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('auth.cross_site_request');
    expect(await countRows(t, 'competitions')).toBe(before);
    // the same request with no Origin (a script) or our own origin goes through
    expect(
      (
        await agent.post('/api/v1/competitions', body, {
          origin: 'http://localhost:80',
          host: 'localhost:80',
        })
      ).status,
    ).toBe(201);
  });
});
