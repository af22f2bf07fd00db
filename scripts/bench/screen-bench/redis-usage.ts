// Redis during a screen: CPU seconds of the server, and memory, two ways. `used_memory` (INFO memory) is the server's whole allocation, which
// other clients of the same server also move; the memory of the keys under the bench's own queue prefix
// (MEMORY USAGE of each, found with SCAN) is the screen's share alone. Both are sampled and their peaks kept.
import type { Redis } from 'ioredis';

/** The server's CPU seconds so far (user + system, main and background threads). */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

/** Bytes held by the keys matching `prefix:*` (each key's MEMORY USAGE, sampled fully), and how many keys. */
export async function prefixMemory(redis: Redis, prefix: string): Promise<{ bytes: number; keys: number }> {
  let cursor = '0';
  let bytes = 0;
  let keys = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of batch) {
      const usage = (await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) as number | null;
      bytes += usage ?? 0;
      keys++;
    }
  } while (cursor !== '0');
  return { bytes, keys };
}

export interface RedisPeaks {
  usedBefore: number;
  usedPeak: number;
  prefixPeakBytes: number;
  prefixPeakKeys: number;
}

/**
 * Samples `used_memory` every 100 ms and the prefix's keys every second until `stop()`; one sample at a time
 * (a slow answer delays the next sample instead of piling requests onto the server being measured).
 */
export function sampleRedis(redis: Redis, prefix: string): { stop: () => Promise<RedisPeaks> } {
  const peaks: RedisPeaks = { usedBefore: 0, usedPeak: 0, prefixPeakBytes: 0, prefixPeakKeys: 0 };
  let running = true;
  const loop = async (everyMs: number, sample: () => Promise<void>) => {
    while (running) {
      const next = Date.now() + everyMs;
      await sample().catch(() => undefined);
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
  };
  const started = usedMemory(redis).then((m) => {
    peaks.usedBefore = m;
    peaks.usedPeak = m;
  });
  const loops = started.then(() =>
    Promise.all([
      loop(100, async () => {
        peaks.usedPeak = Math.max(peaks.usedPeak, await usedMemory(redis));
      }),
      loop(1000, async () => {
        const { bytes, keys } = await prefixMemory(redis, prefix);
        if (bytes > peaks.prefixPeakBytes) {
          peaks.prefixPeakBytes = bytes;
          peaks.prefixPeakKeys = keys;
        }
      }),
    ]),
  );
  return {
    stop: async () => {
      running = false;
      await loops;
      return peaks;
    },
  };
}
