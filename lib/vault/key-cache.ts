import "server-only";

/**
 * In-memory cache of unwrapped org data keys: bounded lifetime (ttl), bounded size (LRU), one
 * unwrap in flight per key, buffers zeroed on eviction. Entries remember the wrapped bytes they
 * came from so a caller holding the current org_keys row can refuse a stale entry.
 */
export type KeyCacheEntry = {
  wrapped: Buffer;
  promise: Promise<Buffer>;
  key?: Buffer;
  expiresAt: number;
  evicted: boolean;
  timer?: ReturnType<typeof setTimeout>;
};

export class KeyCache {
  private readonly entries = new Map<string, KeyCacheEntry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  /** A live entry (settled or in flight); with `wrapped`, only one unwrapped from those bytes. */
  lookup(id: string, wrapped?: Buffer): KeyCacheEntry | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.key && Date.now() >= entry.expiresAt) {
      this.evict(id, entry);
      return undefined;
    }
    if (wrapped && !entry.wrapped.equals(wrapped)) return undefined;
    this.entries.delete(id); // re-insert: Map order is our LRU order
    this.entries.set(id, entry);
    return entry;
  }

  /** Starts an unwrap and publishes it at once, so concurrent callers join it instead of repeating it. */
  start(id: string, wrapped: Buffer, unwrap: () => Promise<Buffer>): KeyCacheEntry {
    const previous = this.entries.get(id);
    if (previous) this.evict(id, previous);
    const entry: KeyCacheEntry = { wrapped, promise: unwrap(), expiresAt: Infinity, evicted: false };
    this.entries.set(id, entry);
    entry.promise.then(
      (key) => {
        entry.key = key;
        if (entry.evicted) return void key.fill(0);
        entry.expiresAt = Date.now() + this.ttlMs;
        // The timer bounds how long an idle key stays in memory; unref so it never holds the process open.
        entry.timer = setTimeout(() => this.evict(id, entry), this.ttlMs);
        entry.timer.unref?.();
        this.trim();
      },
      // A failed unwrap is not cached: the next caller tries again.
      () => this.entries.get(id) === entry && this.entries.delete(id),
    );
    return entry;
  }

  /**
   * Awaits the entry and runs `use` synchronously on the key. Keys are zeroed on eviction, so a
   * caller whose entry was evicted while it waited must look again rather than use the bytes.
   */
  static async use<T>(entry: KeyCacheEntry, use: (key: Buffer) => T): Promise<{ ok: true; value: T } | { ok: false }> {
    await entry.promise;
    return KeyCache.useSettled(entry, use)!;
  }

  /** The same, without waiting, for an entry whose key is already unwrapped (the warm path); else null. */
  static useSettled<T>(entry: KeyCacheEntry, use: (key: Buffer) => T): { ok: true; value: T } | { ok: false } | null {
    if (!entry.key) return null;
    if (entry.evicted) return { ok: false };
    return { ok: true, value: use(entry.key) };
  }

  delete(id: string): void {
    const entry = this.entries.get(id);
    if (entry) this.evict(id, entry);
  }

  clear(): void {
    for (const [id, entry] of [...this.entries]) this.evict(id, entry);
  }

  get size(): number {
    return this.entries.size;
  }

  private trim(): void {
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries) return;
      if (entry.key) this.evict(id, entry); // in-flight unwraps are left to finish
    }
  }

  private evict(id: string, entry: KeyCacheEntry): void {
    if (this.entries.get(id) === entry) this.entries.delete(id);
    entry.evicted = true;
    clearTimeout(entry.timer);
    entry.key?.fill(0);
  }
}
