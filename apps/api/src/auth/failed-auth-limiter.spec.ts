import { FailedAuthLimiter } from './failed-auth-limiter';

describe('FailedAuthLimiter', () => {
  it('blocks an address for a minute once it exceeds the limit within a minute, others unaffected', () => {
    let now = 1_000_000;
    const limiter = new FailedAuthLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.fail('10.0.0.1'))).toEqual([false, false, false]);
    expect(limiter.retryAfter('10.0.0.1')).toBe(0);
    expect(limiter.fail('10.0.0.1')).toBe(true);
    expect(limiter.retryAfter('10.0.0.1')).toBe(60);
    expect(limiter.retryAfter('10.0.0.2')).toBe(0);
    now += 30_500;
    expect(limiter.retryAfter('10.0.0.1')).toBe(30);
    now += 30_000;
    expect(limiter.retryAfter('10.0.0.1')).toBe(0);
  });

  it('forgets failures older than a minute', () => {
    let now = 0;
    const limiter = new FailedAuthLimiter(2, () => now);
    limiter.fail('a');
    limiter.fail('a');
    now += 60_000;
    expect(limiter.fail('a')).toBe(false);
    expect(limiter.fail('a')).toBe(false);
    expect(limiter.fail('a')).toBe(true);
  });

  it('keeps its memory bounded under a spray of addresses', () => {
    const limiter = new FailedAuthLimiter(5, () => 0);
    for (let i = 0; i < 60_000; i++) limiter.fail(`addr-${i}`);
    expect(limiter.tracked).toBeLessThanOrEqual(50_000);
  });
});
