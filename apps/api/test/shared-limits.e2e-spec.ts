import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEVELOPMENT_JWT_SECRET } from '@hitscreen/auth';
import { Redis } from 'ioredis';
import type { ApiConfig } from '../src/config/api-config';
import { createApp } from '../src/create-app';
import { FAILED_AUTH_PER_MINUTE } from '../src/auth/failed-auth-limiter';
import { ModelCatalog } from '../src/models/model-catalog';
import { startPrivateRedis } from '@hitscreen/screening/testing';
import { SharedLimits } from '../src/security/shared-limits';
import { startStack, type E2eStack } from './e2e-backend';

const RATE_LIMIT = 12;

// Two API processes behind one load balancer, as two applications on the same database and Redis (the stack's
// queue prefix: its keys are removed afterwards): a caller's rate limit and an address's failed-credential
// lockout are one budget across both, not one per process.
describe('rate limits and lockout shared through Redis by two API instances', () => {
  let stack: E2eStack;
  let second: NestExpressApplication;
  beforeAll(async () => {
    const api = { rateLimitPerMinute: RATE_LIMIT, trustProxyHops: 1 };
    stack = await startStack({}, undefined, 'sqlite', { worker: false, api });
    const config: ApiConfig = {
      port: 0,
      limits: { maxUploadBytes: 1024 * 1024, maxPageSize: 1000 },
      screening: stack.config,
      auth: { jwtSecret: DEVELOPMENT_JWT_SECRET, tokenTtlSeconds: 900 },
      ...api,
    };
    second = await createApp(
      { config, screening: stack.screening, models: ModelCatalog.fromDisk(), access: stack.access },
      { logger: false, webDir: false },
    );
  });
  afterAll(async () => {
    await second?.close();
    await stack?.close();
  });

  const servers = () => [stack.app.getHttpServer(), second.getHttpServer()];

  it(`a caller gets ${RATE_LIMIT} requests a minute in all, whichever instance answers`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 4; i++) {
      const response = await request(servers()[i % 2])
        .get('/screens')
        .set('Authorization', stack.people.bearer.chemist);
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(RATE_LIMIT).fill(200), 429, 429, 429, 429]);
    // Another caller has its own budget, on either instance.
    await request(servers()[1])
      .get('/screens')
      .set('Authorization', stack.people.bearer.teammate)
      .expect(200);
  });

  it(`an address sending ${FAILED_AUTH_PER_MINUTE} bad credentials, spread over both, is locked out of both`, async () => {
    const from = '198.51.100.23';
    const statuses: number[] = [];
    for (let i = 0; i < FAILED_AUTH_PER_MINUTE; i++) {
      const response = await request(servers()[i % 2])
        .get('/screens/anything')
        .set('X-Forwarded-For', from)
        .set('Authorization', `Bearer not.a.token${i}`);
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array(FAILED_AUTH_PER_MINUTE).fill(401));
    // The next bad one crosses the limit; after it even a valid credential is refused unchecked, on both.
    await request(servers()[0])
      .get('/screens')
      .set('X-Forwarded-For', from)
      .set('Authorization', 'Bearer still.not.valid')
      .expect(429);
    for (const server of servers()) {
      const refused = await request(server)
        .get('/screens')
        .set('X-Forwarded-For', from)
        .set('Authorization', stack.people.bearer.outsider)
        .expect(429);
      expect(refused.body.message).toMatch(
        /too many failed credentials from this address; try again in \d+ s/,
      );
    }
    // Another address is not affected.
    await request(servers()[1])
      .get('/screens')
      .set('X-Forwarded-For', '198.51.100.24')
      .set('Authorization', stack.people.bearer.outsider)
      .expect(200);
  });

  it('keeps its counters in Redis under the deployment prefix, each with an expiry', async () => {
    const redis = new Redis(stack.config.redisUrl);
    try {
      const keys = await redis.keys(`${stack.config.queuePrefix}:limits:*`);
      expect(keys.some((k) => k.includes(':limits:rate:'))).toBe(true);
      expect(keys).toContain(`${stack.config.queuePrefix}:limits:auth-block:198.51.100.23`);
      for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe('SharedLimits without Redis', () => {
  it('counts in this process while Redis does not answer: the limits still hold', async () => {
    // Nothing listens on port 1: every command fails at once (no offline queue).
    const limits = new SharedLimits('redis://127.0.0.1:1', 'test-no-redis', 3);
    try {
      const hits = [];
      for (let i = 0; i < 4; i++)
        hits.push(await limits.throttlerStorage.increment('caller', 60_000, 3, 60_000, 'default'));
      expect(hits.map((h) => h.isBlocked)).toEqual([false, false, false, true]);
      expect(hits[3].timeToBlockExpire).toBeGreaterThan(0);
      expect([await limits.failedAuth.fail('a'), await limits.failedAuth.fail('a')]).toEqual([false, false]);
      expect(await limits.failedAuth.fail('a')).toBe(false);
      expect(await limits.failedAuth.fail('a')).toBe(true);
      expect(await limits.failedAuth.retryAfter('a')).toBe(60);
      expect(await limits.failedAuth.retryAfter('b')).toBe(0);
    } finally {
      await limits.onModuleDestroy();
    }
  });
});

describe('SharedLimits across a Redis crash', () => {
  it('counts in memory while its Redis is down, and in Redis again once it is back', async () => {
    // A redis-server of this test's own (never the shared one), crashed and started again on the same port.
    const redis = await startPrivateRedis({ persistence: false });
    const limits = new SharedLimits(redis.url, 'test-crash', 3);
    const probe = new Redis(redis.url, { lazyConnect: true });
    try {
      await limits.onModuleInit();
      const hit = () => limits.throttlerStorage.increment('caller', 60_000, 100, 60_000, 'default');
      expect((await hit()).totalHits).toBe(1);
      expect((await hit()).totalHits).toBe(2);

      await redis.crash();
      const started = Date.now();
      // Redis gone: answered from memory at once (its own count from 1), never an error.
      expect((await hit()).totalHits).toBe(1);
      expect(await limits.failedAuth.retryAfter('a')).toBe(0);
      expect(Date.now() - started).toBeLessThan(2 * SharedLimits.COMMAND_TIMEOUT_MS);

      await redis.start();
      // ioredis reconnects by itself (its back-off is at most 2 s); from then on the count is Redis's again.
      await probe.connect();
      const counted = async () => (await probe.keys('test-crash:limits:rate:*')).length > 0;
      const deadline = Date.now() + 15_000;
      while (!(await counted()) && Date.now() < deadline) {
        await hit();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const [key] = await probe.keys('test-crash:limits:rate:*');
      const before = Number(await probe.get(key));
      expect((await hit()).totalHits).toBe(before + 1);
      expect(Number(await probe.get(key))).toBe(before + 1);
    } finally {
      probe.disconnect();
      await limits.onModuleDestroy();
      await redis.close();
    }
  });
});
