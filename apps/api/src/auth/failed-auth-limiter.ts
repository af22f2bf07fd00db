/** Failed credentials (bad token, key or password) one address may send in a minute before it is blocked. */
export const FAILED_AUTH_PER_MINUTE = 30;
/** The counting window, and how long an address stays blocked once over the limit. */
export const FAILED_AUTH_WINDOW_MS = 60_000;
/** Addresses tracked at most in memory; beyond, the oldest entries go first (memory stays bounded under a spray). */
const MAX_TRACKED = 50_000;

/**
 * Guessing is slowed per client address: after `limit` failed credentials within a minute, every credential
 * from that address is refused (429) for a minute *before* it is checked, so a correct guess during the block is
 * indistinguishable from a wrong one. The per-caller rate limit cannot do this: a failed request has no caller.
 * The API counts in Redis, shared by all its processes (security/shared-limits.ts); `InMemoryFailedAuthLimiter`
 * counts in one process.
 */
export abstract class FailedAuthLimiter {
  /** Seconds until `address` may try again, or 0 when it may now. */
  abstract retryAfter(address: string): Promise<number>;
  /** Counts one failure; true when this one crossed the limit (the address is blocked from now). */
  abstract fail(address: string): Promise<boolean>;
}

interface Entry {
  windowStart: number;
  failures: number;
  blockedUntil: number;
}

/** The limiter of one process: a fixed one-minute window per address, in a bounded map. */
export class InMemoryFailedAuthLimiter extends FailedAuthLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limit = FAILED_AUTH_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  async retryAfter(address: string): Promise<number> {
    const entry = this.entries.get(address);
    const wait = entry ? entry.blockedUntil - this.now() : 0;
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  async fail(address: string): Promise<boolean> {
    const now = this.now();
    let entry = this.entries.get(address);
    if (!entry || now - entry.windowStart >= FAILED_AUTH_WINDOW_MS) {
      if (!entry) this.makeRoom();
      entry = { windowStart: now, failures: 0, blockedUntil: entry?.blockedUntil ?? 0 };
      this.entries.delete(address);
      this.entries.set(address, entry);
    }
    entry.failures += 1;
    if (entry.failures > this.limit) {
      entry.blockedUntil = now + FAILED_AUTH_WINDOW_MS;
      return true;
    }
    return false;
  }

  get tracked(): number {
    return this.entries.size;
  }

  private makeRoom(): void {
    if (this.entries.size < MAX_TRACKED) return;
    const now = this.now();
    for (const [address, entry] of this.entries)
      if (now - entry.windowStart >= FAILED_AUTH_WINDOW_MS && entry.blockedUntil <= now)
        this.entries.delete(address);
    // Still full (a spray from many live addresses): the oldest go.
    for (const address of this.entries.keys()) {
      if (this.entries.size < MAX_TRACKED) break;
      this.entries.delete(address);
    }
  }
}
