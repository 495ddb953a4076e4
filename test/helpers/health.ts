import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/types";
import { setupIntegration, type Deps } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { createVault } from "@/lib/vault/vault";
import { startProviderFake, type ProviderFake } from "../fakes/provider-fake";
import { freshDb, type DbKind } from "./db";

export const openaiKey = (tag: string) => `sk-proj-${tag}${"Ab3d".repeat(12)}T3BlbkFJ${"Zz9y".repeat(12)}`;
export const anthropicKey = (tag: string) => `sk-ant-api03-${tag}${"Q7w-E9r_T1".repeat(9)}abcAA`;

/**
 * A migrated database, the loopback provider fake and service deps with a local KEK. Every
 * provider call passes a gate that counts calls in flight (the fake answers at once, so the gate
 * holds each call for `delayMs` to make overlap observable).
 */
export async function healthEnv(kind: DbKind) {
  const db: Db = await freshDb(kind);
  const fake: ProviderFake = await startProviderFake();
  const kek = await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-health-")));
  // Per provider too: calls in flight, the most at once, calls answered, and a hold (a promise
  // its calls wait on before going out, as a provider that hangs) the test can set and release.
  const gate = {
    inFlight: 0, maxInFlight: 0, delayMs: 0,
    byProvider: {} as Record<string, { inFlight: number; maxInFlight: number; answered: number }>,
    hold: {} as Record<string, Promise<void> | undefined>,
  };
  const fetchThroughGate = (id: string): typeof fetch => async (input, init) => {
    const mine = (gate.byProvider[id] ??= { inFlight: 0, maxInFlight: 0, answered: 0 });
    gate.inFlight++;
    mine.inFlight++;
    gate.maxInFlight = Math.max(gate.maxInFlight, gate.inFlight);
    mine.maxInFlight = Math.max(mine.maxInFlight, mine.inFlight);
    try {
      await gate.hold[id];
      if (gate.delayMs) await new Promise((r) => setTimeout(r, gate.delayMs));
      return await fetch(input, init);
    } finally {
      gate.inFlight--;
      mine.inFlight--;
      mine.answered++;
    }
  };
  const deps: Deps = {
    db,
    vault: createVault({ kek, cacheTtlMs: 60_000 }),
    context: (id) => ({ ...validationContext({ providerBaseUrls: { [id]: fake.url }, PROVIDER_TIMEOUT_MS: 2000 }, id), fetch: fetchThroughGate(id) }),
  };
  return { db, fake, deps, gate, close: async () => { await fake.close(); await db.close(); } };
}

/** Stores a credential the fake accepts, through the real setup path. */
export async function storeKey(deps: Deps, fake: ProviderFake, orgId: string, userId: string, providerId: "openai" | "anthropic", name: string, key: string) {
  fake.keys.set(key, "valid");
  const field = { apiKey: key };
  const res = await setupIntegration(deps, { userId }, { orgId, provider: getProvider(providerId)!, name, credential: field, skipValidation: false });
  if (res.kind !== "stored") throw new Error(`fixture key ${name} was not stored: ${res.kind}`);
  return res.integrationId;
}

/** Makes every credential of an org look last checked `minutes` ago. */
export async function ageChecks(db: Db, orgId: string, minutes: number) {
  await db.query(`update integrations set last_checked_at = now() - make_interval(mins => $2) where org_id = $1`, [orgId, minutes]);
}
