import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null` (their blocking commands must wait out
 * a Redis restart instead of failing); producers keep ioredis' default so an API request fails rather than hangs.
 */
export function redisConnection(url: string, role: 'worker' | 'producer'): Redis {
  const options: RedisOptions = role === 'producer' ? {} : { maxRetriesPerRequest: null };
  return new Redis(url, options);
}
