import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import {
  FAILED_AUTH_PER_MINUTE,
  FAILED_AUTH_WINDOW_MS,
  FailedAuthLimiter,
  InMemoryFailedAuthLimiter,
} from '../auth/failed-auth-limiter';

/**
 * One fixed-window counter with a block, atomically: KEYS[1] the hits, KEYS[2] the block; ARGV window ms, limit,
 * block ms (0: no block, the caller is refused while over the limit). The hit that crosses the limit starts the
 * block and clears the hits, so the caller starts afresh once the block ends. Answers
 * {hits, window ms left, blocked 0/1, block ms left}. Every key expires by itself: memory stays bounded.
 */
const HIT_SCRIPT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]), 1, blockLeft}
end
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  local block = tonumber(ARGV[3])
  if block <= 0 then return {hits, left, 1, left} end
  redis.call('SET', KEYS[2], '1', 'PX', block)
  redis.call('DEL', KEYS[1])
  return {hits, left, 1, block}
end
return {hits, left, 0, 0}
`;

type HitAnswer = [hits: number, windowLeftMs: number, blocked: 0 | 1, blockLeftMs: number];

interface LimitsRedis extends Redis {
  limitHit(
    hitsKey: string,
    blockKey: string,
    windowMs: number,
    limit: number,
    blockMs: number,
  ): Promise<HitAnswer>;
}

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * Rate limits and the failed-credential lockout counted in Redis, so that every API process behind a load
 * balancer shares one budget per caller and one lockout per address (in memory, N processes would allow N times
 * the limit). Keys live under `<queue prefix>:limits:` and expire with their window.
 *
 * When Redis does not answer (down, restarting; commands fail at once rather than queue, and time out after
 * COMMAND_TIMEOUT_MS), each process counts in memory until it answers again: the limits hold per process
 * meanwhile, instead of every request failing or no limit applying. Logged once per outage.
 */
export class SharedLimits implements OnModuleInit, OnModuleDestroy {
  static readonly COMMAND_TIMEOUT_MS = 500;
  /** How long start-up waits for the connection (commands before it would be counted in memory). */
  static readonly CONNECT_WAIT_MS = 3000;
  readonly throttlerStorage: ThrottlerStorage;
  readonly failedAuth: FailedAuthLimiter;
  private readonly redis: LimitsRedis;
  private readonly logger = new Logger('limits');
  private degraded = false;

  constructor(redisUrl: string, prefix: string, failedAuthPerMinute = FAILED_AUTH_PER_MINUTE) {
    const redis = new Redis(redisUrl, {
      connectionName: `${prefix}:hitscreen-limits`,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: SharedLimits.COMMAND_TIMEOUT_MS,
    });
    redis.defineCommand('limitHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    // Connection errors are reported by the commands that fail (and logged once below), not as unhandled events.
    redis.on('error', () => undefined);
    this.redis = redis as LimitsRedis;
    const keys = `${prefix}:limits`;
    const memoryThrottler = new ThrottlerStorageService();
    const memoryFailures = new InMemoryFailedAuthLimiter(failedAuthPerMinute);

    this.throttlerStorage = {
      increment: async (key, ttl, limit, blockDuration, throttlerName): Promise<ThrottlerStorageRecord> => {
        const answer = await this.shared(() =>
          this.redis.limitHit(
            `${keys}:rate:${throttlerName}:${key}`,
            `${keys}:rate-block:${throttlerName}:${key}`,
            ttl,
            limit,
            blockDuration,
          ),
        );
        if (!answer) return memoryThrottler.increment(key, ttl, limit, blockDuration, throttlerName);
        const [hits, windowLeft, blocked, blockLeft] = answer;
        return {
          totalHits: hits,
          timeToExpire: seconds(windowLeft),
          isBlocked: blocked === 1,
          timeToBlockExpire: seconds(blockLeft),
        };
      },
    };

    const failHits = (address: string) => `${keys}:auth-fail:${address}`;
    const failBlock = (address: string) => `${keys}:auth-block:${address}`;
    const shared = <T>(command: () => Promise<T>) => this.shared(command);
    this.failedAuth = new (class extends FailedAuthLimiter {
      async retryAfter(address: string): Promise<number> {
        const left = await shared(() => redis.pttl(failBlock(address)));
        return left === undefined ? memoryFailures.retryAfter(address) : seconds(left);
      }
      async fail(address: string): Promise<boolean> {
        const answer = await shared(() =>
          (redis as LimitsRedis).limitHit(
            failHits(address),
            failBlock(address),
            FAILED_AUTH_WINDOW_MS,
            failedAuthPerMinute,
            FAILED_AUTH_WINDOW_MS,
          ),
        );
        return answer === undefined ? memoryFailures.fail(address) : answer[2] === 1;
      }
    })();
  }

  /** The command's answer, or undefined when Redis did not give one (the caller then counts in memory). */
  private async shared<T>(command: () => Promise<T>): Promise<T | undefined> {
    try {
      const answer = await command();
      if (this.degraded) this.logger.log('Redis answers again: limits are shared across processes again');
      this.degraded = false;
      return answer;
    } catch (error) {
      if (!this.degraded)
        this.logger.warn(
          `Redis did not answer (${error instanceof Error ? error.message : String(error)}): rate limits and ` +
            'the failed-credential lockout are counted in this process until it does',
        );
      this.degraded = true;
      return undefined;
    }
  }

  /**
   * Waits (at most CONNECT_WAIT_MS) until Redis is connected, so the first requests are counted there too (without
   * the offline queue, a command sent before the connection is up fails). A Redis that is down does not stop the
   * API from starting: it counts in memory meanwhile, and says so.
   */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    let onReady: (() => void) | undefined;
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => {
        onReady = () => resolve(true);
        this.redis.once('ready', onReady);
      }),
      new Promise<boolean>(
        (resolve) => (timer = setTimeout(() => resolve(false), SharedLimits.CONNECT_WAIT_MS)),
      ),
    ]);
    clearTimeout(timer);
    if (onReady) this.redis.off('ready', onReady);
    if (!ready) {
      this.degraded = true;
      this.logger.warn(
        `Redis not connected after ${SharedLimits.CONNECT_WAIT_MS} ms: rate limits and the failed-credential ` +
          'lockout are counted in this process until it is',
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
