import { Redis, type RedisOptions } from 'ioredis';

/**
 * Producers (the API) fail fast when Redis is away, so a request answers instead of hanging;
 * workers retry forever, as BullMQ requires (`maxRetriesPerRequest: null`).
 */
export function createRedis(url: string, role: 'producer' | 'worker' | 'subscriber'): Redis {
  const options: RedisOptions =
    role === 'producer'
      ? {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: true,
          connectTimeout: 5_000,
          // A Redis that stops answering without closing the connection fails a request in 2 s
          // (a 503, see errors.ts) instead of holding it open.
          commandTimeout: 2_000,
          lazyConnect: false,
        }
      : { maxRetriesPerRequest: null, enableOfflineQueue: true, connectTimeout: 5_000 };
  const redis = new Redis(url, options);
  // An unhandled 'error' event would crash the process; the health check reports the state.
  redis.on('error', () => {});
  return redis;
}

export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  try {
    const answer = await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return answer === 'PONG';
  } catch {
    return false;
  }
}

/** Whether the connection is up now. While it is not, routes that need Redis answer 503 at once. */
export const redisIsReady = (redis: Pick<Redis, 'status'>) => redis.status === 'ready';

/** An error from ioredis that means Redis is unreachable (as opposed to a bug in a command). */
export function isRedisUnavailableError(err: unknown) {
  const e = err as { name?: string; message?: string } | null;
  if (!e) return false;
  return (
    e.name === 'MaxRetriesPerRequestError' ||
    /^(Connection is closed|Stream isn't writeable|Command timed out|connect ECONNREFUSED|Reached the max retries)/.test(
      e.message ?? '',
    )
  );
}

/**
 * At start: Redis answers, or the process says so in a sentence and stops (without this, the API
 * waited on Redis inside its plugins and died 10 s later with AVV_ERR_PLUGIN_EXEC_TIMEOUT).
 */
export async function requireRedis(url: string, timeoutMs = 3_000) {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  let reason = '';
  redis.on('error', (err) => {
    reason ||= err.message;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    const where = new URL(url);
    where.password = '';
    throw new Error(
      `Redis at ${where.host} does not answer (${reason || (err as Error).message}). Start Redis there, or set REDIS_URL to a Redis server that runs: sign-in limits, the job queues and live announcements need it.`,
    );
  } finally {
    redis.disconnect();
  }
}
