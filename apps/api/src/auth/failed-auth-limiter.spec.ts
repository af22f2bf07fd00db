import { InMemoryFailedAuthLimiter } from './failed-auth-limiter';

describe('InMemoryFailedAuthLimiter', () => {
  it('blocks an address for a minute once it exceeds the limit within a minute, others unaffected', async () => {
    let now = 1_000_000;
    const limiter = new InMemoryFailedAuthLimiter(3, () => now);
    for (let i = 0; i < 3; i++) expect(await limiter.fail('10.0.0.1')).toBe(false);
    expect(await limiter.retryAfter('10.0.0.1')).toBe(0);
    expect(await limiter.fail('10.0.0.1')).toBe(true);
    expect(await limiter.retryAfter('10.0.0.1')).toBe(60);
    expect(await limiter.retryAfter('10.0.0.2')).toBe(0);
    now += 30_500;
    expect(await limiter.retryAfter('10.0.0.1')).toBe(30);
    now += 30_000;
    expect(await limiter.retryAfter('10.0.0.1')).toBe(0);
  });

  it('forgets failures older than a minute', async () => {
    let now = 0;
    const limiter = new InMemoryFailedAuthLimiter(2, () => now);
    await limiter.fail('a');
    await limiter.fail('a');
    now += 60_000;
    expect(await limiter.fail('a')).toBe(false);
    expect(await limiter.fail('a')).toBe(false);
    expect(await limiter.fail('a')).toBe(true);
  });

  it('keeps its memory bounded under a spray of addresses', async () => {
    const limiter = new InMemoryFailedAuthLimiter(5, () => 0);
    for (let i = 0; i < 60_000; i++) await limiter.fail(`addr-${i}`);
    expect(limiter.tracked).toBeLessThanOrEqual(50_000);
  });
});
