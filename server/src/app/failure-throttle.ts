import { errorCodes } from '@wuzhen/shared';
import type { Redis } from 'ioredis';
import { createError } from './errors.ts';

/**
 * Counts failed attempts (a wrong token, a wrong password) per key in Redis, over a fixed window,
 * and refuses further attempts on a key once it has failed `max` times. Successes cost nothing:
 * 150 judges accepting their invitations from one venue network are never slowed down, while
 * guessing tokens or passwords from it is.
 */
export function createFailureThrottle({
  redis,
  prefix,
  max,
  windowSeconds = 60,
}: {
  redis: Pick<Redis, 'mget' | 'multi'>;
  prefix: string;
  max: number;
  windowSeconds?: number;
}) {
  const keyOf = (key: string) => `${prefix}:fail:${key}`;
  return {
    /** Throws 429 when any of the keys has used up its failures in this window. */
    async check(keys: string[]) {
      const counts = await redis.mget(...keys.map(keyOf));
      if (counts.some((c) => Number(c ?? 0) >= max)) {
        throw createError({
          code: errorCodes.rateLimited,
          statusCode: 429,
          message: `Too many failed attempts. Wait ${windowSeconds} seconds and try again, and check the link or password you use.`,
        });
      }
    },
    async fail(keys: string[]) {
      const multi = redis.multi();
      for (const key of keys) multi.incr(keyOf(key)).expire(keyOf(key), windowSeconds, 'NX');
      await multi.exec();
    },
    /** Runs `attempt` if no key is throttled; counts a failure against every key when it throws a 4xx. */
    async guard<T>(keys: string[], attempt: () => Promise<T>): Promise<T> {
      await this.check(keys);
      try {
        return await attempt();
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode ?? 500;
        if (status >= 400 && status < 500) await this.fail(keys);
        throw err;
      }
    },
  };
}
export type FailureThrottle = ReturnType<typeof createFailureThrottle>;
