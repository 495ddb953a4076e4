import { getProvider } from "@/lib/providers";
import type { RequestRow } from "@/lib/requests/types";
import { effectiveState } from "@/lib/requests/types";
import { providerKey } from "./present";

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The approval page: a signed-in admin of the org opens it; the link itself grants nothing. */
export const approvalPath = (orgSlug: string, id: string) => `/${orgSlug}/requests/${id}`;

/**
 * A request as the API shows it to its requester or an org key. The credential is named, with the
 * env variable names it fills, once fulfilled; its secret never is.
 */
export function presentRequest(row: RequestRow, orgSlug: string, origin: string) {
  const state = effectiveState(row);
  const provider = getProvider(row.provider);
  return {
    id: row.id,
    group_id: row.groupId,
    provider: providerKey(row.provider),
    provider_id: row.provider,
    provider_name: provider?.name ?? row.provider,
    state,
    reason: row.reason,
    requester: { type: row.requesterType, label: row.requesterLabel },
    context: { label: row.contextLabel, env: row.envNames },
    created_at: iso(row.createdAt),
    expires_at: iso(row.expiresAt),
    resolved_at: state === "expired" && !row.resolvedAt ? iso(row.expiresAt) : iso(row.resolvedAt),
    credential_name: state === "fulfilled" ? row.credentialName : null,
    env: state === "fulfilled" ? (provider?.env.map((e) => e.name) ?? []) : [],
    callback: Boolean(row.callbackUrl),
    approval_url: `${origin}${approvalPath(orgSlug, row.id)}`,
  };
}
