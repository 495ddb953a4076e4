import "server-only";
import { RunpodError, type GpuType } from "./api";

export const GPU_CACHE_SECONDS = 60;

export type CatalogResult =
  | { ok: true; gpus: GpuType[]; fetchedAt: number }
  | { ok: false; error: string; retryAfterSeconds?: number };

interface Entry { at: number; result: CatalogResult; until: number }

/**
 * The GPU catalog per org and RunPod credential, kept for 60 s in this process, so a page that many
 * people open calls RunPod at most once a minute per org. Concurrent reads share one call. A 429
 * is remembered until its Retry-After has passed: nobody calls RunPod again before it said to.
 * Other failures are not kept, so a fixed key or a recovered RunPod shows at the next look.
 * (Per instance, not shared: with two instances RunPod sees at most two calls a minute per org.)
 */
export function createGpuCache(now: () => number = Date.now) {
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<CatalogResult>>();

  async function load(key: string, fetchGpus: () => Promise<GpuType[]>): Promise<CatalogResult> {
    try {
      const gpus = await fetchGpus();
      const result: CatalogResult = { ok: true, gpus, fetchedAt: now() };
      entries.set(key, { at: now(), result, until: now() + GPU_CACHE_SECONDS * 1000 });
      return result;
    } catch (error) {
      if (!(error instanceof RunpodError)) throw error;
      const result: CatalogResult = { ok: false, error: error.message, retryAfterSeconds: error.retryAfterSeconds };
      if (error.kind === "rate_limited") entries.set(key, { at: now(), result, until: now() + (error.retryAfterSeconds ?? 60) * 1000 });
      else entries.delete(key);
      return result;
    }
  }

  return {
    /** `key` names the org and the credential (a replaced key must not see the old key's answer). */
    async get(key: string, fetchGpus: () => Promise<GpuType[]>): Promise<CatalogResult> {
      const hit = entries.get(key);
      if (hit && now() < hit.until) {
        if (hit.result.ok) return hit.result;
        return { ...hit.result, retryAfterSeconds: Math.max(1, Math.ceil((hit.until - now()) / 1000)) };
      }
      const pending = loading.get(key);
      if (pending) return pending;
      const p = load(key, fetchGpus).finally(() => loading.delete(key));
      loading.set(key, p);
      return p;
    },
    clear: () => entries.clear(),
  };
}

/** The process's cache; tests make their own with a clock they control. */
export const gpuCache = createGpuCache();
