import "server-only";
import { parseOpenedCredential } from "@/lib/integrations/credential";
import { raiseUnreadableCredential } from "@/lib/integrations/notifications";
import { getProvider } from "@/lib/providers";
import { readSecret } from "@/lib/vault/secrets";
import { isBrokenCredential, isKeyServiceDown, type SealedSecret } from "@/lib/vault/vault-types";
import type { AgentDeps } from "./deps";
import { AgentRefusal } from "./errors";
import type { ResolvedGrant } from "./grants";
import { UNUSABLE_STATUSES } from "./take-call";

/**
 * The grant's credential, opened, or null when the org has no usable one: none yet (a grant on a
 * default that has no credential), one whose last check failed, one that does not decrypt, or an
 * OAuth connection whose token could not be fetched. Null leads to a credential request.
 * A key service that cannot be reached is Switchboard's fault, not a missing key: it throws.
 */
export async function openGrantCredential(deps: AgentDeps, grant: ResolvedGrant): Promise<Record<string, string> | null> {
  const cred = grant.credential;
  if (!cred || UNUSABLE_STATUSES.has(cred.status)) return null;
  const sealed = cred.authType === "oauth" ? null : await readSecret(deps.db, { orgId: grant.orgId, integrationId: cred.id });
  return openCredential(deps, grant, sealed);
}

/** openGrantCredential once the sealed secret is read (the broker reads it with the call's other work). */
export async function openCredential(deps: AgentDeps, grant: ResolvedGrant, sealed: SealedSecret | null): Promise<Record<string, string> | null> {
  const cred = grant.credential;
  if (!cred) return null;
  if (cred.authType === "oauth") {
    const provider = getProvider(grant.provider);
    const tokenField = provider?.fields.find((f) => f.kind === "secret")?.name;
    const token = tokenField && deps.oauthToken ? await deps.oauthToken(grant.orgId, cred.id) : null;
    return token?.ok ? { [tokenField!]: token.accessToken } : null;
  }
  if (!sealed) return null;
  try {
    return parseOpenedCredential(await deps.vault.open(deps.db, { orgId: grant.orgId, integrationId: cred.id, provider: grant.provider }, sealed));
  } catch (err) {
    if (isKeyServiceDown(err)) {
      throw new AgentRefusal("key_service_unavailable", "Switchboard could not reach its key service to open the credential. Try again in a minute.");
    }
    if (!isBrokenCredential(err)) throw err;
    const provider = getProvider(grant.provider);
    await raiseUnreadableCredential(deps.db, grant.orgId, cred.id, provider?.env.map((e) => e.name) ?? []);
    return null;
  }
}

/** Every secret value of a credential long enough to find in text, longest first (for redaction). */
export function secretValues(grant: ResolvedGrant, credential: Record<string, string>): string[] {
  const provider = getProvider(grant.provider);
  const secretFields = new Set(provider?.fields.filter((f) => f.kind !== "text").map((f) => f.name) ?? Object.keys(credential));
  return Object.entries(credential)
    .filter(([k, v]) => secretFields.has(k) && typeof v === "string" && v.length >= 8)
    .map(([, v]) => v)
    .sort((a, b) => b.length - a.length);
}
