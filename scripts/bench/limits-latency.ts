// What counting a request in Redis costs the API (apps/api/src/security/shared-limits.ts) against counting it in
// process memory: one throttler increment per request, sequentially and 50 at a time. Build and run (Redis at
// REDIS_URL, default 127.0.0.1:6379; keys under a prefix of its own, removed after):
//   npx esbuild scripts/bench/limits-latency.ts --bundle --platform=node --format=cjs --packages=external \
//     --tsconfig=tsconfig.json --outfile=dist/bench/limits-latency.js && node dist/bench/limits-latency.js
import { randomBytes } from 'node:crypto';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { SharedLimits } from '../../apps/api/src/security/shared-limits';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const N = 5_000;

async function timeIncrements(storage: ThrottlerStorage, concurrency: number): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < N) {
      const caller = `caller-${next++ % 100}`;
      const started = performance.now();
      await storage.increment(caller, 60_000, 1_000_000, 60_000, 'default');
      times.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return times.sort((a, b) => a - b);
}

const at = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const us = (ms: number) => `${Math.round(ms * 1000)} µs`;

async function main(): Promise<void> {
  const prefix = `bench-limits-${randomBytes(4).toString('hex')}`;
  const shared = new SharedLimits(REDIS_URL, prefix);
  const memory = new ThrottlerStorageService();
  try {
    await shared.onModuleInit(); // connected, as the API is before it listens
    await timeIncrements(shared.throttlerStorage, 1); // loads the script
    for (const [name, storage] of [
      ['Redis', shared.throttlerStorage],
      ['memory', memory],
    ] as const)
      for (const concurrency of [1, 50]) {
        const started = performance.now();
        const times = await timeIncrements(storage, concurrency);
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `${name}, ${concurrency} at a time: ${N} increments, ${Math.round(N / seconds)}/s, ` +
            `p50 ${us(at(times, 0.5))}, p99 ${us(at(times, 0.99))}`,
        );
      }
  } finally {
    await shared.onModuleDestroy();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
