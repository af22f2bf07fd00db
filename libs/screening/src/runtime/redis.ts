import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null` (their blocking commands must wait out
 * a Redis restart instead of failing); producers keep ioredis' default so an API request fails rather than hangs.
 * Named `<prefix>:hitscreen-<role>` (CLIENT SETNAME, as BullMQ names its own connections `<prefix>:<queue>`), so
 * an operator sees whose connections these are in `CLIENT LIST`, and can drop one deployment's clients only.
 */
export function redisConnection(
  url: string,
  role: 'worker' | 'producer' | 'subscriber',
  prefix: string,
): Redis {
  const options: RedisOptions = {
    connectionName: `${prefix}:hitscreen-${role}`,
    ...(role === 'producer' ? {} : { maxRetriesPerRequest: null }),
  };
  return new Redis(url, options);
}

/** PING with a deadline: a readiness probe must answer even when Redis does not. */
export async function pingRedis(redis: Redis, timeoutMs = 2000): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([
      redis.ping().then(
        () => null,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
