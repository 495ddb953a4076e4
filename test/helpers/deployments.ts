import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "@/lib/db/migrate";
import { openPglite } from "@/lib/db/pglite";
import { openPostgres } from "@/lib/db/postgres";
import type { Db } from "@/lib/db/types";
import type { WorkerDeps } from "@/lib/deployments/worker";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { createVault } from "@/lib/vault/vault";
import type { DbKind } from "./db";
import { scratchDatabase } from "./scratch-database";

/**
 * Two "instances" on one database: on PostgreSQL two pools of their own on one scratch database
 * (what two `next start` processes have); on PGlite, its one connection twice. Each has its own
 * vault over the same keyring, as two processes would. Provider calls go to `providerUrl`.
 */
export async function twoInstances(kind: DbKind, providerUrls: Record<string, string> = {}) {
  let dbA: Db;
  let dbB: Db;
  let drop = async () => {};
  let url: string | null = null;
  if (kind === "pglite") {
    dbA = dbB = await openPglite();
    await migrate(dbA);
  } else {
    const scratch = await scratchDatabase(process.env.DATABASE_URL!, "sb_deploy");
    dbA = openPostgres(scratch.url, 4);
    dbB = openPostgres(scratch.url, 4);
    await migrate(dbA);
    drop = scratch.drop;
    url = scratch.url;
  }
  const keyDir = await mkdtemp(path.join(tmpdir(), "sb-deploy-"));
  const deps = async (db: Db): Promise<WorkerDeps> => ({
    db,
    vault: createVault({ kek: await loadLocalKek(keyDir), cacheTtlMs: 60_000 }),
    context: (id) => validationContext({ providerBaseUrls: providerUrls, PROVIDER_TIMEOUT_MS: 5000 }, id),
  });
  const a = await deps(dbA);
  const b = await deps(dbB);
  return {
    a, b, db: dbA, dbB,
    /** The scratch database's address (PostgreSQL), for a LISTEN connection of an instance's own. */
    url,
    async close() {
      await dbA.close();
      if (dbB !== dbA) await dbB.close();
      await drop();
    },
  };
}

/** Stores a credential without a provider call (the explicit "save without verifying"). */
export async function storeUnverified(deps: WorkerDeps, orgId: string, userId: string, providerId: string, name: string, credential: Record<string, string>) {
  const res = await setupIntegration({ ...deps }, { userId }, { orgId, provider: getProvider(providerId)!, name, credential, skipValidation: true });
  if (res.kind !== "stored") throw new Error(`fixture credential ${name} was not stored: ${res.kind}`);
  return res.integrationId;
}
