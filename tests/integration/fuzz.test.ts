import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Agent, organizerEmail, organizerPassword, startTestApp, type TestApp } from '../support/app.ts';
import { createCompetition, rubric } from '../support/fixtures.ts';
import { teamBody } from './entries.fixtures.ts';

/**
 * Hostile input against every operation of the OpenAPI document (issue 10): NUL, lone surrogates,
 * huge strings, wrong types, prototype keys, empty and non-object bodies, in every JSON body field,
 * every path parameter and every query parameter, as an organizer and signed out. No answer may be a
 * 5xx or fall outside the error format, and no refused request may change anything stored.
 */

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Operation = {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

const hostileStrings = [
  'a\u0000b',
  'x\ud800y',
  '\udfff',
  'a'.repeat(1_000_000),
  '__proto__',
  '=HYPERLINK("http://evil")',
  '../../etc/passwd',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '',
  ' ',
];
const hostileValues: unknown[] = [...hostileStrings, -1, 1e308, 3.5, true, null, [], {}, [null], { $gt: '' }];
const hostileBodies: string[] = [
  '{}',
  '[]',
  'null',
  '"text"',
  '12',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"a":',
  '{"name":"a\\u0000b"}',
  '{"name":"x\\ud800y"}',
];
// Raw path segments as a client can send them (already percent-encoded where needed).
const hostileSegments = [
  'abc%00',
  'x%ED%A0%80y',
  '%FF%FE',
  'a'.repeat(5000),
  'a'.repeat(200),
  '__proto__',
  'constructor',
  '..%2F..%2Fetc',
  '%27%20or%201%3D1',
  '-1',
];

// Query values as sent on the wire (a lone surrogate cannot be percent-encoded from a JS string).
const hostileQueryValues = ['a%00b', 'x%ED%A0%80y', '%FF', 'a'.repeat(100_000), '__proto__', '-1', '1e309'];

let t: TestApp;
let organizer: Agent;
let ids: Record<string, string>;
let document: { paths: Record<string, Record<string, Operation>> };

/** Rows in every table and the newest audit record, in one query. */
let fingerprintSql: string;
async function fingerprint() {
  const [row] = await t.db.execute<{ f: string }>(sql.raw(fingerprintSql));
  return row!.f;
}

beforeAll(async () => {
  t = await startTestApp({ config: { LOGIN_RATE_LIMIT: 10_000 } });
  organizer = t.agent();
  await organizer.login(organizerEmail, organizerPassword);
  const { competition, tracks, rounds, slug } = await createCompetition(organizer, {
    rounds: [{ name: 'Preliminary', kind: 'review', reviewsPerEntry: 1, judgeCapacity: 5, criteria: rubric }],
  });
  const team = (await organizer.post(`/api/v1/competitions/${competition.id}/teams`, teamBody())).body.team;
  const entry = (
    await organizer.post(`/api/v1/competitions/${competition.id}/entries`, {
      teamId: team.id,
      trackId: tracks[0].id,
      title: 'Fuzzed entry',
      summary: 'S',
      description: '',
    })
  ).body.entry;
  const judge = await organizer.post(`/api/v1/competitions/${competition.id}/judges`, {
    name: 'Fuzz Judge',
    email: 'fuzz@judges.test',
    organization: 'Lab',
    country: 'DE',
    expertise: [],
  });
  const award = await organizer.post(`/api/v1/competitions/${competition.id}/awards`, {
    name: 'Fuzz award',
    kind: 'special',
    slots: 1,
  });
  ids = {
    competitionId: competition.id,
    roundId: rounds[0].id,
    trackId: tracks[0].id,
    teamId: team.id,
    entryId: entry.id,
    judgeId: judge.body.judge.id,
    awardId: award.body.award.id,
    slug,
    token: String(judge.body.invitationUrl).split('/').pop()!,
  };
  document = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  const tables = await t.db.execute<{ tablename: string }>(
    sql`select tablename from pg_tables where schemaname = 'public' and tablename <> 'sessions' order by tablename`,
  );
  fingerprintSql = `select concat_ws(',', ${tables
    .map((r) => `(select count(*) from "${r.tablename}")`)
    .join(', ')}, (select max(id) from audit_log)) as f`;
}, 120_000);
afterAll(async () => t?.close());

/** The top-level fields a JSON body schema names (through anyOf/oneOf/allOf). */
function fieldsOf(schema: Schema | undefined): string[] {
  if (!schema) return [];
  const own = Object.keys(schema.properties ?? {});
  const nested = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])].flatMap(
    fieldsOf,
  );
  return [...new Set([...own, ...nested])];
}

test('every operation answers hostile input with a 4xx in the error format and changes nothing', async () => {
  const counts = { requests: 0, ok: 0, refused: 0, serverErrors: 0, operations: 0 };
  const failures: string[] = [];
  const skipped = new Set([
    'GET /api/v1/public/competitions/{slug}/events', // a stream that stays open
    'POST /api/v1/auth/logout', // would end the session the run uses
  ]);

  // What is stored, taken after every answer: the next request's "before" (one query a request).
  let stored = await fingerprint();
  const send = async (
    who: 'organizer' | 'anonymous',
    method: string,
    url: string,
    payload?: string,
  ): Promise<void> => {
    const before = stored;
    const reply = await t.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(who === 'organizer' ? { cookie: organizer.cookie() } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload !== undefined ? { payload } : {}),
    });
    counts.requests++;
    const where = `${method} ${url.slice(0, 120)} ${payload ? payload.slice(0, 80) : ''} as ${who}`;
    if (reply.statusCode >= 500) {
      stored = await fingerprint();
      counts.serverErrors++;
      failures.push(`${where}: ${reply.statusCode} ${reply.body.slice(0, 200)}`);
      return;
    }
    if (reply.statusCode < 400) {
      counts.ok++;
      stored = await fingerprint();
      return;
    }
    counts.refused++;
    let body: { error?: { code?: unknown; message?: unknown }; requestId?: unknown } = {};
    try {
      body = reply.json();
    } catch {
      // not JSON: reported below
    }
    if (
      typeof body.error?.code !== 'string' ||
      typeof body.error?.message !== 'string' ||
      typeof body.requestId !== 'string'
    )
      failures.push(`${where}: ${reply.statusCode} outside the error format: ${reply.body.slice(0, 200)}`);
    stored = await fingerprint();
    if (stored !== before) failures.push(`${where}: refused with ${reply.statusCode}, yet changed rows`);
  };

  for (const [path, byMethod] of Object.entries(document.paths)) {
    for (const [lower, operation] of Object.entries(byMethod)) {
      const method = lower.toUpperCase();
      if (method === 'HEAD' || method === 'OPTIONS' || skipped.has(`${method} ${path}`)) continue;
      counts.operations++;
      const fill = (override?: [string, string]) =>
        path.replace(/\{(\w+)\}/g, (_m, name: string) =>
          override && override[0] === name ? override[1] : encodeURIComponent(ids[name] ?? 'unknown-id'),
        );
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const queryParams = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const json = operation.requestBody?.content?.['application/json'];
      const hasJsonBody = json !== undefined;
      const bodyFor = () => (hasJsonBody || method !== 'GET' ? '{}' : undefined);

      for (const who of ['organizer', 'anonymous'] as const) {
        // Path parameters.
        for (const name of pathParams)
          for (const segment of hostileSegments) await send(who, method, fill([name, segment]), bodyFor());
        // Query parameters.
        for (const name of queryParams)
          for (const value of hostileQueryValues)
            await send(who, method, `${fill()}?${name}=${value}`, bodyFor());
        if (!hasJsonBody && method === 'GET') continue;
        // Whole bodies.
        for (const raw of hostileBodies) await send(who, method, fill(), raw);
        // Field by field: each hostile value alone, in an otherwise empty body.
        if (who === 'organizer')
          for (const field of fieldsOf(json?.schema))
            for (const value of hostileValues)
              await send(who, method, fill(), JSON.stringify({ [field]: value }));
      }
    }
  }
  console.log(
    `[fuzz] ${counts.operations} operations, ${counts.requests} requests: ${counts.refused} refused (4xx), ${counts.ok} accepted, ${counts.serverErrors} server errors, ${failures.length} failures`,
  );
  expect(failures.join('\n')).toBe('');
  expect(counts.refused).toBeGreaterThan(counts.operations * 10);
}, 600_000);
