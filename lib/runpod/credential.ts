import "server-only";
import { parseOpenedCredential } from "@/lib/integrations/credential";
import { listIntegrations } from "@/lib/integrations/queries";
import type { Deps } from "@/lib/integrations/service";
import { readSecret } from "@/lib/vault/secrets";
import { isBrokenCredential } from "@/lib/vault/vault-types";

export interface RunpodKey {
  integrationId: string;
  name: string;
  fingerprint: string | null;
  apiKey: string;
  /** The credential's optional template id (not a secret), offered as the form's default. */
  templateId: string | null;
}

export type KeyResult = { ok: true; key: RunpodKey } | { ok: false; status: number; error: string };

export const NO_RUNPOD = "Connect RunPod on the integrations page first: Switchboard uses the org's default RunPod key for endpoints and the GPU catalog.";

/** The org's default RunPod credential, opened. Only server code that calls RunPod holds the key. */
export async function openRunpodKey(deps: Pick<Deps, "db" | "vault">, orgId: string): Promise<KeyResult> {
  const row = (await listIntegrations(deps.db, orgId, "runpod")).find((r) => r.isDefault && r.authType === "api_key");
  if (!row) return { ok: false, status: 409, error: NO_RUNPOD };
  const sealed = await readSecret(deps.db, { orgId, integrationId: row.id });
  if (!sealed) return { ok: false, status: 409, error: NO_RUNPOD };
  try {
    const fields = parseOpenedCredential(await deps.vault.open(deps.db, { orgId, integrationId: row.id, provider: "runpod" }, sealed));
    if (!fields.apiKey) return { ok: false, status: 409, error: NO_RUNPOD };
    return { ok: true, key: { integrationId: row.id, name: row.name, fingerprint: row.fingerprint, apiKey: fields.apiKey, templateId: fields.templateId || null } };
  } catch (err) {
    if (!isBrokenCredential(err)) throw err;
    return { ok: false, status: 409, error: `Switchboard could not decrypt the RunPod credential "${row.name}". Paste the key again on the RunPod page, then retry.` };
  }
}
