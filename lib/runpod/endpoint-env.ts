import "server-only";
import { DeploymentError, openCredential } from "@/lib/deployments/credential";
import type { UsedCredential } from "@/lib/deployments/types";
import { listIntegrations } from "@/lib/integrations/queries";
import type { Deps } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";

export type EnvResult =
  | { ok: true; env: Record<string, string>; used: UsedCredential[] }
  | { ok: false; status: number; error: string };

/**
 * The env of a new endpoint: each chosen credential opened from the vault now and written under
 * its provider's env names (as the .env export does). The values exist only in this server call
 * and the request to RunPod; the browser sent ids, and the audit keeps names and fingerprints.
 * Two credentials that set the same variable are refused: which one would win is not for us to guess.
 */
export async function envFromVault(deps: Pick<Deps, "db" | "vault" | "oauthToken">, orgId: string, ids: string[]): Promise<EnvResult> {
  const rows = new Map((await listIntegrations(deps.db, orgId)).map((r) => [r.id, r]));
  const env: Record<string, string> = {};
  const setBy = new Map<string, string>();
  const used: UsedCredential[] = [];
  for (const id of new Set(ids)) {
    const row = rows.get(id);
    if (!row) return { ok: false, status: 404, error: "One of the chosen credentials no longer exists; reload the page and choose again." };
    const provider = getProvider(row.provider);
    if (!provider || provider.env.length === 0) return { ok: false, status: 400, error: `${provider?.name ?? row.provider} "${row.name}" has no env variables to pass on.` };
    let fields: Record<string, string>;
    try {
      fields = await openCredential(deps, orgId, id);
    } catch (err) {
      if (err instanceof DeploymentError) return { ok: false, status: err.status, error: err.message };
      throw err;
    }
    for (const e of provider.env) {
      const value = fields[e.field];
      if (typeof value !== "string" || value === "") continue;
      const other = setBy.get(e.name);
      if (other) return { ok: false, status: 400, error: `Both ${other} and ${provider.name} "${row.name}" set ${e.name}; choose one of them.` };
      setBy.set(e.name, `${provider.name} "${row.name}"`);
      env[e.name] = value;
    }
    used.push({ integrationId: row.id, provider: row.provider, name: row.name, fingerprint: row.fingerprint });
  }
  return { ok: true, env, used };
}
