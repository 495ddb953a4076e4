import { KeyCache } from "@/lib/vault/key-cache";

const wrapped = Buffer.from("wrapped-bytes");
const deferred = () => {
  let resolve!: (b: Buffer) => void;
  const promise = new Promise<Buffer>((r) => (resolve = r));
  return { promise, resolve };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("org key cache", () => {
  it("shares one in-flight unwrap between concurrent callers", async () => {
    const cache = new KeyCache(60_000);
    const unwrap = jest.fn(() => Promise.resolve(Buffer.alloc(32, 1)));
    const entries = Array.from({ length: 50 }, () => cache.lookup("org:1") ?? cache.start("org:1", wrapped, unwrap));
    const results = await Promise.all(entries.map((e) => KeyCache.use(e, (k) => k[0])));
    expect(unwrap).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.ok && r.value === 1)).toBe(true);
  });

  it("refuses an entry unwrapped from other bytes than the row the caller holds", async () => {
    const cache = new KeyCache(60_000);
    const entry = cache.start("org:1", wrapped, () => Promise.resolve(Buffer.alloc(32, 1)));
    await entry.promise;
    expect(cache.lookup("org:1", wrapped)).toBe(entry);
    expect(cache.lookup("org:1", Buffer.from("rewrapped"))).toBeUndefined();
  });

  it("expires keys after the ttl and zeroes them", async () => {
    const cache = new KeyCache(20);
    const key = Buffer.alloc(32, 7);
    await cache.start("org:1", wrapped, () => Promise.resolve(key)).promise;
    expect(cache.lookup("org:1")).toBeDefined();
    await sleep(40);
    expect(cache.lookup("org:1")).toBeUndefined();
    expect(key.equals(Buffer.alloc(32))).toBe(true);
  });

  it("keeps at most maxEntries keys, evicting (and zeroing) the least recently used", async () => {
    const cache = new KeyCache(60_000, 2);
    const keys = [1, 2, 3].map((n) => Buffer.alloc(32, n));
    await cache.start("a", wrapped, async () => keys[0]).promise;
    await cache.start("b", wrapped, async () => keys[1]).promise;
    cache.lookup("a"); // a is now more recent than b
    await cache.start("c", wrapped, async () => keys[2]).promise;
    await sleep(0);
    expect(cache.size).toBe(2);
    expect(cache.lookup("b")).toBeUndefined();
    expect(keys[1].equals(Buffer.alloc(32))).toBe(true);
    expect(cache.lookup("a")).toBeDefined();
  });

  it("does not cache a failed unwrap", async () => {
    const cache = new KeyCache(60_000);
    const entry = cache.start("org:1", wrapped, () => Promise.reject(new Error("KMS down")));
    await expect(KeyCache.use(entry, () => 1)).rejects.toThrow("KMS down");
    expect(cache.lookup("org:1")).toBeUndefined();
  });

  it("tells a waiter whose entry was evicted meanwhile to look again instead of using zeroed bytes", async () => {
    const cache = new KeyCache(60_000);
    const d = deferred();
    const entry = cache.start("org:1", wrapped, () => d.promise);
    const pending = KeyCache.use(entry, (k) => Buffer.from(k));
    cache.clear();
    const key = Buffer.alloc(32, 9);
    d.resolve(key);
    expect(await pending).toEqual({ ok: false });
    expect(key.equals(Buffer.alloc(32))).toBe(true);
  });
});
