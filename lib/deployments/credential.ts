import "server-only";
import { parseOpenedCredential } from "@/lib/integrations/credential";
import { getIntegration } from "@/lib/integrations/queries";
import type { Deps } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { readSecret } from "@/lib/vault/secrets";
import { isBrokenCredential } from "@/lib/vault/vault";

/** A provider call cannot go on, and saying so is all there is to do (revoked token, credential gone). */
export class DeploymentError extends Error {
  constructor(message: string, readonly permanent: boolean, readonly status = 400) {
    super(message);
    this.name = "DeploymentError";
  }
}

/**
 * A credential's fields, opened now: the sealed secret of a pasted key, or the current access
 * token of an OAuth connection (under the provider's secret field). Held in memory by the caller
 * for one call or one step only.
 */
export async function openCredential(deps: Pick<Deps, "db" | "vault" | "oauthToken">, orgId: string, integrationId: string | null): Promise<Record<string, string>> {
  const row = integrationId ? await getIntegration(deps.db, orgId, integrationId) : null;
  if (!row) throw new DeploymentError("The credential this deployment uses was deleted; connect it again.", true, 409);
  const provider = getProvider(row.provider);
  if (row.authType === "oauth") {
    const field = provider?.fields.find((f) => f.kind === "secret")?.name;
    const token = field && deps.oauthToken ? await deps.oauthToken(orgId, row.id) : null;
    if (!field || !token) throw new DeploymentError(`The OAuth connection "${row.name}" gives no token for this.`, true, 409);
    if (!token.ok) throw new DeploymentError(`The OAuth connection "${row.name}" gave no token: ${token.reason}`, false, 409);
    return { [field]: token.accessToken };
  }
  const sealed = await readSecret(deps.db, { orgId, integrationId: row.id });
  if (!sealed) throw new DeploymentError(`The credential "${row.name}" has no stored key.`, true, 409);
  try {
    return parseOpenedCredential(await deps.vault.open(deps.db, { orgId, integrationId: row.id, provider: row.provider }, sealed));
  } catch (err) {
    if (isBrokenCredential(err)) throw new DeploymentError(`The credential "${row.name}" could not be decrypted; replace it in Switchboard.`, true, 409);
    throw err;
  }
}
