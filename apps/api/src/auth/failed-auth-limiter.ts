/** Failed credentials (bad token, key or password) one address may send in a minute before it is blocked. */
export const FAILED_AUTH_PER_MINUTE = 30;
const WINDOW_MS = 60_000;
/** Addresses tracked at most; beyond, the oldest entries go first (memory stays bounded under a spray). */
const MAX_TRACKED = 50_000;

interface Entry {
  windowStart: number;
  failures: number;
  blockedUntil: number;
}

/**
 * Guessing is slowed per client address: after `limit` failed credentials within a minute, every credential
 * from that address is refused (429) for a minute *before* it is checked, so a correct guess during the block is
 * indistinguishable from a wrong one. The per-caller rate limit cannot do this: a failed request has no caller.
 * In memory, per API process.
 */
export class FailedAuthLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limit = FAILED_AUTH_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `address` may try again, or 0 when it may now. */
  retryAfter(address: string): number {
    const entry = this.entries.get(address);
    const wait = entry ? entry.blockedUntil - this.now() : 0;
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  /** Counts one failure; true when this one crossed the limit (the address is blocked from now). */
  fail(address: string): boolean {
    const now = this.now();
    let entry = this.entries.get(address);
    if (!entry || now - entry.windowStart >= WINDOW_MS) {
      if (!entry) this.makeRoom();
      entry = { windowStart: now, failures: 0, blockedUntil: entry?.blockedUntil ?? 0 };
      this.entries.delete(address);
      this.entries.set(address, entry);
    }
    entry.failures += 1;
    if (entry.failures > this.limit) {
      entry.blockedUntil = now + WINDOW_MS;
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
      if (now - entry.windowStart >= WINDOW_MS && entry.blockedUntil <= now) this.entries.delete(address);
    // Still full (a spray from many live addresses): the oldest go.
    for (const address of this.entries.keys()) {
      if (this.entries.size < MAX_TRACKED) break;
      this.entries.delete(address);
    }
  }
}
