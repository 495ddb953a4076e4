import type { Db } from "@/lib/db/types";
import type { IntegrationStatus } from "@/lib/integrations/queries";
import { getProvider } from "@/lib/providers";
import { liveGrants, type LiveGrant } from "./grants";
import { credentialUsable } from "./take-call";
import type { AgentPrincipal, Operation, ProxyRule } from "./types";

export interface AgentIntegration {
  grantId: string;
  provider: string;
  providerName: string;
  /** The credential the grant points at now; null for a default whose provider has no credential yet. */
  credential: { name: string; status: IntegrationStatus; fingerprint: string | null } | null;
  /** "default" follows whichever credential is the provider's default; "named" is pinned to one. */
  target: "default" | "named";
  /** NOT_CONFIGURED when there is no credential to use. */
  status: IntegrationStatus;
  operations: Operation[];
  proxyRules: ProxyRule[];
  expiresAt: Date | null;
  usesLeft: number | null;
  /** Reveals of this provider hand out a derived short-lived credential rather than the stored one. */
  derivedReveal: boolean;
  /**
   * False once expired or used up, or while there is no credential a call could use (none yet, its
   * status NOT_CONFIGURED or INVALID, or no stored secret): the broker would answer credential_missing.
   * Listed so the agent can say why.
   */
  usable: boolean;
}

/** What this agent may use: its live grants, with the credentials' statuses, never a secret. */
export async function listAgentIntegrations(db: Db, agent: AgentPrincipal): Promise<AgentIntegration[]> {
  const grants = await liveGrants(db, agent, null);
  if (grants.length > 0 && !grants[0].agentLive) return [];
  const stored = await storedSecrets(db, agent.orgId, grants);
  return grants.map((g) => ({
    grantId: g.id,
    provider: g.provider,
    providerName: getProvider(g.provider)?.name ?? g.provider,
    credential: g.credential ? { name: g.credential.name, status: g.credential.status, fingerprint: g.credential.fingerprint } : null,
    target: g.integrationId ? "named" : "default",
    status: g.credential?.status ?? "NOT_CONFIGURED",
    operations: g.operations,
    proxyRules: g.operations.includes("proxy") ? g.proxyRules : [],
    expiresAt: g.expiresAt,
    usesLeft: g.maxUses === null ? null : Math.max(0, g.maxUses - g.uses),
    derivedReveal: getProvider(g.provider)?.agentReveal === "derived",
    usable: !g.expired && !g.usedUp && credentialUsable(g.credential, Boolean(g.credential && stored.has(g.credential.id))),
  }));
}

/** Which of the grants' credentials have a sealed secret stored. */
async function storedSecrets(db: Db, orgId: string, grants: LiveGrant[]): Promise<Set<string>> {
  const ids = [...new Set(grants.flatMap((g) => (g.credential ? [g.credential.id] : [])))];
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    `select integration_id as id from integration_secrets where org_id = $1 and integration_id = any($2::uuid[])`, [orgId, ids]);
  return new Set(rows.map((r) => r.id));
}
