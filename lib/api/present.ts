import type { IntegrationRow } from "@/lib/integrations/queries";
import type { ProviderDefinition } from "@/lib/providers/types";

// Providers are named in upper case in bodies (OPENAI), as CloudAct's clients expect; URLs take either case.
export const providerKey = (id: string) => id.toUpperCase();

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** One stored credential as the API shows it: status and fingerprints, never the secret. */
export function presentCredential(r: IntegrationRow) {
  return {
    credential_id: r.id,
    credential_name: r.name,
    is_default: r.isDefault,
    status: r.status,
    outcome: r.checkOutcome,
    reason: r.checkReason,
    account: r.accountLabel,
    fingerprint: r.fingerprint,
    details: r.details,
    configured_at: iso(r.configuredAt),
    last_validated_at: iso(r.lastCheckedAt),
  };
}

/** A provider with its credentials; the top-level fields describe the default credential. */
export function presentProvider(provider: Pick<ProviderDefinition, "id" | "name">, rows: IntegrationRow[]) {
  const base = { provider: providerKey(provider.id), provider_id: provider.id, name: provider.name };
  const def = rows.find((r) => r.isDefault) ?? rows[0];
  if (!def) return { ...base, status: "NOT_CONFIGURED" as const, credentials: [] };
  return {
    ...base,
    status: def.status,
    credential_id: def.id,
    credential_name: def.name,
    account: def.accountLabel,
    fingerprint: def.fingerprint,
    last_validated_at: iso(def.lastCheckedAt),
    created_at: iso(def.configuredAt),
    credentials: rows.map(presentCredential),
  };
}
