import type { Redis } from 'ioredis';
import { STOP_LATENCY_BUCKETS, type TimeBudgetTotals } from '../contract';
import type { TimeBudgetEvents } from './time-budget';

/**
 * One Redis hash per deployment. Why Redis: the screening worker serves no HTTP, and every worker process shares
 * it, so HINCRBY adds up all workers' events where the API (which reads its queue there already) can read them at
 * scrape time; counting in the database would need a table and a write per event; a metrics port per worker would
 * need each worker to be scraped and configured.
 */
export const timeBudgetKey = (prefix: string) => `${prefix}:time-budget`;

const BUCKET_FIELD = (i: number) => `stop_latency_le_${STOP_LATENCY_BUCKETS[i]}`;

/**
 * Time-budget events counted in Redis as they happen (fire and forget: a lost count is logged, never fails the
 * chunk). Pass to the PipelineRunner.
 */
export function timeBudgetCounters(
  redis: Redis,
  prefix: string,
  onError: (error: unknown) => void,
): TimeBudgetEvents {
  const key = timeBudgetKey(prefix);
  const send = (write: (m: ReturnType<Redis['multi']>) => void) => {
    const multi = redis.multi();
    write(multi);
    multi.exec().catch(onError);
  };
  return {
    batchOverBudget: () => send((m) => m.hincrby(key, 'batches_over_budget', 1)),
    moleculeOverBudget: () => send((m) => m.hincrby(key, 'molecules_over_budget', 1)),
    threadStopped: (latencyMs) =>
      send((m) => {
        const seconds = Math.max(0, latencyMs) / 1000;
        m.hincrby(key, 'threads_stopped', 1);
        m.hincrbyfloat(key, 'stop_latency_sum_seconds', seconds);
        STOP_LATENCY_BUCKETS.forEach((le, i) => {
          if (seconds <= le) m.hincrby(key, BUCKET_FIELD(i), 1);
        });
      }),
  };
}

/** Every worker's totals under `prefix` (zeros before the first event). */
export async function readTimeBudgetTotals(redis: Redis, prefix: string): Promise<TimeBudgetTotals> {
  const hash = await redis.hgetall(timeBudgetKey(prefix));
  const num = (field: string) => Number(hash[field] ?? 0);
  return {
    batchesOverBudget: num('batches_over_budget'),
    moleculesOverBudget: num('molecules_over_budget'),
    threadsStopped: num('threads_stopped'),
    stopLatency: {
      buckets: STOP_LATENCY_BUCKETS.map((le, i) => ({ le, count: num(BUCKET_FIELD(i)) })),
      count: num('threads_stopped'),
      sumSeconds: num('stop_latency_sum_seconds'),
    },
  };
}
