import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { errorCodes } from '@wuzhen/shared';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { z } from 'zod';
import type { MailTransport } from '../modules/mail/mail.service.ts';
import { registerSessionAuth } from './auth.ts';
import type { Config } from './config.ts';
import { createDb, migrationsApplied } from './db.ts';
import {
  frameworkErrors,
  maxParamLength,
  redisUnavailable,
  registerErrorHandler,
  storableValidatorCompiler,
} from './errors.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createQueues } from './queue.ts';
import { createRedis, pingRedis, redisIsReady } from './redis.ts';
import { registerApiRoutes } from './routes.ts';
import { type AppDeps, createServices, type Services } from './services.ts';

export type { AppDeps };

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    /** Every service, from the one composition root (services.ts). */
    services: Services;
    operations: {
      /** Collected only when METRICS_PORT is set; the entry points serve them there. */
      metrics: Metrics | null;
      readiness: () => Promise<{ ok: boolean; migrations: boolean; redis: boolean }>;
    };
  }
  interface FastifyContextConfig {
    /** The route cannot work without Redis (the job routes): 503 at once while Redis is away. */
    needsRedis?: boolean;
  }
}

/**
 * How many connections may wait to be accepted. Node's default (511) is too few for an award
 * ceremony: thousands of phones open the results page in the same second, and a connection the
 * queue has no room for waits a full second for its SYN to be retried. (Linux caps it at
 * net.core.somaxconn, 4096 by default.) Every entry point listens with it.
 */
export const listenBacklog = 4096;

// A public results page: /c/<slug>/results (not /print, which is a page of its own).
const publicResultsPage = /^\/c\/([a-z0-9]+(?:-[a-z0-9]+)*)\/results\/?(?:[?#]|$)/;

/**
 * The data a first page needs, as a `Link: rel=preload` header sent with its index.html: the
 * browser fetches it while it downloads the scripts, instead of after they have run (on a phone
 * link that is one round trip and the scripts' whole download earlier). The web app's own request
 * for it (same URL, same-origin credentials) is then answered from that preload.
 */
export function firstPageData(url: string): string | null {
  const results = publicResultsPage.exec(url);
  if (!results || results[1]!.length > 60) return null;
  return `</api/v1/public/competitions/${results[1]}/results>; rel=preload; as=fetch; crossorigin=anonymous`;
}

/**
 * The API, fully wired: the one composition root for HTTP. Tests pass overrides (a database of
 * their own, a queue prefix, a clock); everything they do not pass is built from the config.
 */
export async function buildApp(
  overrides: Partial<Omit<AppDeps, 'config'>> & {
    config: Config;
    logger?: boolean | object;
    /** Replaces the SMTP transport built from SMTP_URL (the in-process worker of tests). */
    mailTransport?: MailTransport;
  },
): Promise<FastifyInstance> {
  const { config } = overrides;
  if (!config.DATABASE_URL && !overrides.db) throw new Error('DATABASE_URL is not set.');
  const ownDb = overrides.db
    ? null
    : createDb({
        url: config.DATABASE_URL!,
        max: config.DATABASE_POOL_SIZE,
        applicationName: `wuzhen-api-${process.pid}-${randomBytes(3).toString('hex')}`,
      });
  const db = overrides.db ?? ownDb!.db;
  const redis = overrides.redis ?? createRedis(config.REDIS_URL ?? 'redis://127.0.0.1:6379', 'producer');
  const queues = overrides.queues ?? createQueues({ connection: redis, prefix: config.QUEUE_PREFIX });
  const now = overrides.now ?? (() => new Date());
  const deps: AppDeps = { config, db, redis, queues, now };

  const app = Fastify({
    logger:
      overrides.logger ??
      (config.LOG_LEVEL === 'silent'
        ? false
        : { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers.authorization'] }),
    // One line per request, written below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
    // Forwarded headers (client address, https) are believed only from the configured proxies.
    // (A hop count as Fastify reads it; its types leave numbers out.)
    trustProxy:
      typeof config.TRUST_PROXY === 'number'
        ? (_address: string, hop: number) => hop < (config.TRUST_PROXY as number)
        : config.TRUST_PROXY,
    bodyLimit: 20 * 1024 * 1024,
    routerOptions: { maxParamLength },
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(storableValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);
  const metrics =
    config.METRICS_PORT && ownDb
      ? createMetrics({
          db,
          applicationName: ownDb.applicationName,
          poolSize: config.DATABASE_POOL_SIZE,
          queues,
        })
      : null;
  // Ready once this build's migrations are applied (the database answers with them). Redis is
  // reported, not required: without it reviews and public pages still work.
  const readiness = async () => {
    const [migrations, redisOk] = await Promise.all([migrationsApplied(db), pingRedis(redis)]);
    return { ok: migrations, migrations, redis: redisOk };
  };
  app.decorate('operations', { metrics, readiness });
  if (metrics)
    app.addHook('onResponse', async (request, reply) => {
      metrics.httpRequestDuration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? '(no route)',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // A request's one log line once answered: API calls at info (a server error's stack is logged by
  // the error handler); the web app's files and health checks only at debug. No hook at all when
  // nothing is logged.
  if (app.log.level !== undefined && app.log.level !== 'silent')
    app.addHook('onResponse', async (request, reply) => {
      const quiet = !request.url.startsWith('/api/') || request.url.startsWith('/api/health');
      request.log[quiet ? 'debug' : 'info'](
        {
          method: request.method,
          url: request.url,
          statusCode: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
          userId: request.user?.id,
        },
        `${request.method} ${request.url.split('?')[0]} ${reply.statusCode}`,
      );
    });
  app.addHook('onClose', async () => {
    if (!overrides.queues) await queues.close();
    if (!overrides.redis) redis.disconnect();
    if (ownDb) await ownDb.close();
  });

  registerErrorHandler(app);
  // While Redis is away, the routes that need it (rate-limited ones count: their limit lives in
  // Redis) answer 503 with Retry-After at once; everything else (reviews, public pages) goes on.
  app.addHook('onRequest', async (request) => {
    const routeConfig = request.routeOptions.config as { needsRedis?: boolean; rateLimit?: unknown };
    if ((routeConfig.needsRedis || routeConfig.rateLimit) && !redisIsReady(redis)) throw redisUnavailable();
  });
  // Security headers from helmet, its middleware built once. (@fastify/helmet builds it anew, CSP
  // parsing included, on every request: a few percent of the API's CPU under load.) Two of them:
  // `upgrade-insecure-requests` only when the app is served over https. Sent over plain http (an
  // address on the local network, a hall without TLS), it has the browser fetch every asset over
  // https, which nothing serves, and the page stays blank. `request.protocol` follows TRUST_PROXY.
  const directives = {
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'worker-src': ["'self'", 'blob:'],
    'connect-src': ["'self'"],
  };
  const securityHeadersHttps = helmet({
    contentSecurityPolicy: { directives },
    crossOriginEmbedderPolicy: false,
  });
  const securityHeadersHttp = helmet({
    contentSecurityPolicy: { directives: { ...directives, 'upgrade-insecure-requests': null } },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) =>
    (request.protocol === 'https' ? securityHeadersHttps : securityHeadersHttp)(
      request.raw,
      reply.raw,
      (error) => done(error as Error | undefined),
    ),
  );
  // Responses compressed for clients that accept it (brotli at a moderate level: its default 11 costs
  // more CPU than the link saves). The web app's files come precompressed from the build instead,
  // and the event stream is hijacked, so neither passes through here.
  // Request bodies are not decompressed: nothing here sends them compressed, and a small gzip body
  // could expand far beyond what the body limits meant to allow.
  await app.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    threshold: 1024,
    encodings: ['br', 'gzip'],
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    redis,
    nameSpace: `${config.QUEUE_PREFIX}:rate:`,
    // Runs after the body is parsed, so the login limit can key on the account too.
    hook: 'preHandler',
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `Too many attempts. Wait ${Math.ceil(context.ttl / 1000)} seconds and try again.`,
    }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Wuzhen Judge API',
        version: '1.0.0',
        description: 'Run an innovation competition from first submission to award ceremony.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'wz_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // Every service, built once by the one composition root the worker uses too.
  const services = createServices({ ...deps, mailTransport: overrides.mailTransport });
  app.decorate('services', services);
  registerSessionAuth(app, { usersService: services.usersService, publicOrigin: config.PUBLIC_URL });

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Whether the API reaches PostgreSQL and Redis',
        response: {
          200: z.object({ ok: z.boolean(), db: z.boolean(), redis: z.boolean() }),
          503: z.object({ ok: z.boolean(), db: z.boolean(), redis: z.boolean() }),
        },
      },
    },
    async (_request, reply) => {
      const [dbOk, redisOk] = await Promise.all([
        db.execute(sql`select 1`).then(
          () => true,
          () => false,
        ),
        pingRedis(redis),
      ]);
      const ok = dbOk && redisOk;
      return reply.status(ok ? 200 : 503).send({ ok, db: dbOk, redis: redisOk });
    },
  );

  const healthSchema = z.object({ ok: z.boolean(), migrations: z.boolean(), redis: z.boolean() });
  app.get(
    '/api/health/live',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers (restart it when this fails)',
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async () => ({ ok: true }),
  );
  app.get(
    '/api/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: "Readiness: the database answers with this build's migrations applied (Redis is reported)",
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      const state = await readiness();
      return reply.status(state.ok ? 200 : 503).send(state);
    },
  );

  await app.register(async (api) => registerApiRoutes(api, { services, deps }), { prefix: '/api/v1' });

  // The web app routes on the client: any other GET outside /api gets its index.html.
  const webDist = config.WEB_DIST_DIR;
  const serveWeb = existsSync(path.join(webDist, 'index.html'));
  if (serveWeb)
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      // name.js.br / name.js.gz written by the build, sent as the browser accepts.
      preCompressed: true,
      // The header is set below, per file.
      cacheControl: false,
      // Source maps are not built; should one land in the folder, it is still not served.
      allowedPath: (pathName) => !pathName.endsWith('.map'),
      setHeaders: (res, filePath) => {
        // Files under assets/ carry a content hash in their name: a new build gets new names, so
        // browsers keep them for a year without asking. index.html (and the rest) is asked for again.
        const hashed = filePath.startsWith(path.join(webDist, 'assets') + path.sep);
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
        // The encoding depends on the request's Accept-Encoding: a shared cache must key on it.
        res.setHeader('vary', 'accept-encoding');
      },
    });
  app.setNotFoundHandler((request, reply) => {
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api')) {
      const preload = firstPageData(request.url);
      if (preload) reply.header('link', preload);
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({
      error: {
        code: errorCodes.notFound,
        message: `There is no ${request.method} ${request.url.split('?')[0]} here.`,
      },
      requestId: request.id,
    });
  });

  return app;
}
