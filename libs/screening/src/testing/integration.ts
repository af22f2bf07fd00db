import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { dropSchema } from '@hitscreen/db';
import type { ScreeningServiceConfig, ScreenProgressEvent } from '../contract';
import { SCREEN_QUEUES } from '../queue';

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A database and a queue prefix of the test's own, and the clean-up that removes both. */
export interface TestBackend {
  config: ScreeningServiceConfig;
  cleanup(): Promise<void>;
}

export function testBackend(dialect: 'postgres' | 'sqlite', chunkSize: number): TestBackend {
  const tag = randomBytes(4).toString('hex');
  const queuePrefix = `test-${tag}`;
  const dir = dialect === 'sqlite' ? mkdtempSync(join(tmpdir(), 'screening-')) : undefined;
  const config: ScreeningServiceConfig =
    dialect === 'postgres'
      ? {
          databaseUrl: TEST_POSTGRES_URL,
          databaseSchema: `screening_${tag}`,
          redisUrl: TEST_REDIS_URL,
          queuePrefix,
          chunkSize,
        }
      : {
          databaseUrl: `sqlite:${join(dir!, 'screens.sqlite')}`,
          redisUrl: TEST_REDIS_URL,
          queuePrefix,
          chunkSize,
        };
  return {
    config,
    async cleanup() {
      await deleteRedisKeys(`${queuePrefix}:*`);
      if (config.databaseSchema) await dropSchema(TEST_POSTGRES_URL, config.databaseSchema);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Collects progress events until the stream ends (the screen is final) or the deadline passes. */
export async function eventsUntilFinal(
  events: AsyncIterable<ScreenProgressEvent>,
  timeoutMs = 60_000,
): Promise<ScreenProgressEvent[]> {
  const seen: ScreenProgressEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  for await (const event of events) {
    seen.push(event);
    if (Date.now() > deadline)
      throw new Error(`screen not final after ${timeoutMs} ms: ${JSON.stringify(event)}`);
  }
  return seen;
}

/** Job states in which a job still waits for, or holds, a worker: anything left here after a screen ends is an orphan. */
const UNFINISHED_STATES = ['waiting', 'delayed', 'active', 'waiting-children', 'prioritized'] as const;

/** Unfinished jobs of the flow's queues (chunks and finalize) under the config's prefix, by queue and state. */
export async function unfinishedJobs(
  config: ScreeningServiceConfig,
): Promise<Record<'chunks' | 'finalize', Record<string, number>>> {
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const open = (name: string) => new Queue(name, { connection, prefix: config.queuePrefix });
  const chunks = open(SCREEN_QUEUES.chunks);
  const finalize = open(SCREEN_QUEUES.finalize);
  try {
    return {
      chunks: await chunks.getJobCounts(...UNFINISHED_STATES),
      finalize: await finalize.getJobCounts(...UNFINISHED_STATES),
    };
  } finally {
    await Promise.all([chunks.close(), finalize.close()]);
    connection.disconnect();
  }
}

/** Polls `condition` every 100 ms until it holds; throws, naming `what`, after `timeoutMs`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Redis clients named `<prefix>:…` (BullMQ's connections and ours, see `redisConnection`): id and name. */
export async function redisClients(prefix: string): Promise<{ id: string; name: string }[]> {
  const admin = new Redis(TEST_REDIS_URL);
  try {
    const list = (await admin.client('LIST')) as string;
    return list
      .split('\n')
      .map(
        (line) =>
          Object.fromEntries(line.split(' ').map((field) => field.split('=', 2))) as Record<string, string>,
      )
      .filter((c) => c.name?.startsWith(`${prefix}:`))
      .map((c) => ({ id: c.id, name: c.name }));
  } finally {
    admin.disconnect();
  }
}

/**
 * Closes, on the server side, every Redis client named `<prefix>:…`: what a Redis restart does to one
 * deployment's clients, without restarting the server that other tests share. Returns the names closed.
 */
export async function dropRedisClients(prefix: string): Promise<string[]> {
  const clients = await redisClients(prefix);
  const admin = new Redis(TEST_REDIS_URL);
  try {
    for (const client of clients) await admin.client('KILL', 'ID', client.id);
    return clients.map((c) => c.name);
  } finally {
    admin.disconnect();
  }
}
