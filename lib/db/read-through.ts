import type { Db } from "./types";

interface Entry {
  writes: number;
  until: number;
  value: Promise<unknown>;
}

const MAX_ENTRIES = 1000;
const READ = /^\s*select\b/i;

/**
 * A plain select: none of this app's selects calls anything that writes, except the ones that
 * begin with a comment saying so (the functions of 20261203143000_one_statement_writes.sql).
 * Anything else may write.
 */
export const isPlainRead = (sql: string) => READ.test(sql);
const caches = new WeakMap<Db, Map<string, Entry>>();

/**
 * `read()`'s answer, re-used while the database has seen no write and `until` has not passed.
 * In embedded mode (PGlite) this process is the only client, so an unchanged write count means an
 * unchanged answer. In server mode the count also moves with every change another instance
 * commits, as its notification arrives (lib/db/changes.ts), and is absent while notifications may
 * be missed: then, as with a PostgreSQL Db opened without a watcher, every call reads. `until`
 * (epoch ms) bounds answers that depend on the clock, such as a session's expiry.
 */
export function readThrough<T>(db: Db, key: string, read: () => Promise<T>, until: (value: T) => number): Promise<T> {
  const writes = db.writes?.();
  if (writes === undefined) return read();
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.writes === writes && Date.now() < hit.until) return hit.value as Promise<T>;

  const value = read();
  const entry: Entry = { writes, until: Infinity, value };
  cache.delete(key); // re-inserted last: Map order is the eviction order
  cache.set(key, entry);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  value.then(
    (v) => void (entry.until = until(v)),
    () => cache.get(key) === entry && cache.delete(key), // failures are not kept
  );
  return value;
}
