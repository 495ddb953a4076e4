import "server-only";
import type { Deps } from "@/lib/integrations/service";
import { runpodApi } from "./api";
import { openRunpodKey } from "./credential";
import { gpuCache, type CatalogResult } from "./gpu-cache";

/** The org's GPU catalog, through the 60-second cache; the key never leaves this call. */
export async function readGpuCatalog(deps: Pick<Deps, "db" | "vault" | "context">, orgId: string, cache = gpuCache): Promise<CatalogResult> {
  const opened = await openRunpodKey(deps, orgId);
  if (!opened.ok) return { ok: false, error: opened.error };
  const { key } = opened;
  return cache.get(`${orgId}:${key.integrationId}:${key.fingerprint ?? ""}`, () => runpodApi(deps.context("runpod"), key.apiKey).listGpuTypes());
}
