// A per-thread cache of loaded model versions, bounded per model name: every promotion brings a new version into
// the threads that serve it, and without a bound each one would stay resident (about 30 MB of sessions a model)
// for the life of the worker.

/** Versions kept loaded per model name: the production version and the one a screen in flight still uses. */
export const MAX_VERSIONS_PER_MODEL = 2;

/** A loaded value held by a caller; `release()` once done with it (idempotent). */
export interface Lease<T> {
  value: T;
  release(): void;
}

interface Entry<T> {
  name: string;
  loading: Promise<T>;
  /** Callers holding it: an evicted entry is disposed of only when this reaches 0. */
  leases: number;
  evicted: boolean;
}

/**
 * Values keyed by (model name, version, load options), at most `maxPerName` per name. Least recently acquired
 * versions are evicted first; an evicted version that a caller still holds (a chunk of another screen computing
 * with it on this thread) is disposed of when its last lease is released, never under the caller. A failed load
 * is not kept, so the next acquire tries again (a restored file, a database row fixed).
 */
export class ModelVersionCache<T> {
  /** Insertion order is recency: an acquired entry is moved to the end. */
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly dispose: (value: T) => Promise<void>,
    readonly maxPerName = MAX_VERSIONS_PER_MODEL,
  ) {
    if (!Number.isInteger(maxPerName) || maxPerName < 1)
      throw new Error(`maxPerName must be a positive integer (got ${maxPerName})`);
  }

  async acquire(name: string, key: string, load: () => Promise<T>): Promise<Lease<T>> {
    const id = JSON.stringify([name, key]);
    let entry = this.entries.get(id);
    if (entry) this.entries.delete(id);
    else {
      const loading = load();
      entry = { name, loading, leases: 0, evicted: false };
      const created = entry;
      loading.catch(() => {
        if (this.entries.get(id) === created) this.entries.delete(id);
      });
    }
    this.entries.set(id, entry);
    entry.leases++;
    this.evictBeyondBound(name);
    let value: T;
    try {
      value = await entry.loading;
    } catch (error) {
      entry.leases--;
      throw error;
    }
    const held = entry;
    let released = false;
    return {
      value,
      release: () => {
        if (released) return;
        released = true;
        held.leases--;
        if (held.evicted && held.leases === 0) void this.disposeSettled(held);
      },
    };
  }

  /** Keys (name, version key) held now, least recently acquired first: for tests and logs. */
  keys(): [string, string][] {
    return [...this.entries.keys()].map((id) => JSON.parse(id) as [string, string]);
  }

  /** Disposes of every entry (those still leased as their last lease is released). */
  async clear(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    for (const entry of all) entry.evicted = true;
    await Promise.all(all.filter((e) => e.leases === 0).map((e) => this.disposeSettled(e)));
  }

  private evictBeyondBound(name: string): void {
    const ofName = [...this.entries.entries()].filter(([, e]) => e.name === name);
    for (const [id, entry] of ofName.slice(0, Math.max(0, ofName.length - this.maxPerName))) {
      this.entries.delete(id);
      entry.evicted = true;
      if (entry.leases === 0) void this.disposeSettled(entry);
    }
  }

  /** A value that failed to load has nothing to dispose of; a dispose failure must not surface in a caller. */
  private async disposeSettled(entry: Entry<T>): Promise<void> {
    try {
      await this.dispose(await entry.loading);
    } catch {
      // nothing was loaded, or releasing failed: either way the entry is gone from the cache
    }
  }
}
