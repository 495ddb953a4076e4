import { takeSlot } from "@/lib/auth/attempts";
import type { Db } from "@/lib/db/types";
import type { IntegrationStatus } from "@/lib/integrations/queries";
import { sameCredentialName } from "@/lib/integrations/same-name";
import { getProvider } from "@/lib/providers";
import { AgentRefusal } from "./errors";
import { grantColumns } from "./queries";
import type { AgentPrincipal, BrokerLimits, GrantRow, Operation } from "./types";

/** A live grant with the credential it points at now (none yet for a default with no credential). */
export interface ResolvedGrant extends GrantRow {
  credential: { id: string; name: string; status: IntegrationStatus; authType: "api_key" | "oauth"; fingerprint: string | null } | null;
}

export interface LiveGrantRow extends GrantRow {
  agentLive: boolean;
  expired: boolean;
  usedUp: boolean;
  credId: string | null;
  credName: string | null;
  credStatus: IntegrationStatus | null;
  credAuthType: "api_key" | "oauth" | null;
  credFingerprint: string | null;
}

/** A live grant as liveGrants reads it: whether its agent is live, and its own state. */
export type LiveGrant = LiveGrantRow & { credential: ResolvedGrant["credential"] };

const G = grantColumns("g.");
/**
 * The select behind liveGrants, for statements that read the grants alongside other work (the
 * token check). The arguments are SQL expressions for the org, the agent and the provider (null: all).
 */
export const liveGrantsSelect = (org: string, agent: string, provider: string) => `select ${G},
        (a.revoked_at is null and (a.expires_at is null or a.expires_at > now())) as "agentLive",
        coalesce(g.expires_at <= now(), false) as expired, (g.max_uses is not null and g.uses >= g.max_uses) as "usedUp",
        i.id as "credId", i.name as "credName", i.status as "credStatus", i.auth_type as "credAuthType", i.fingerprint as "credFingerprint"
       from agent_grants g join agents a on a.id = g.agent_id and a.org_id = g.org_id
       left join integrations i on i.org_id = g.org_id and i.provider = g.provider
         and (case when g.integration_id is null then i.is_default else i.id = g.integration_id end)
      where g.org_id = ${org} and g.agent_id = ${agent} and g.revoked_at is null and (${provider}::text is null or g.provider = ${provider})`;

/** The order grants are tried in: by provider, a default before named credentials, oldest first. */
export const LIVE_GRANTS_ORDER = (t: string) => `${t}provider, (${t}"integrationId" is null) desc, ${t}"createdAt"`;

/** Rows of liveGrantsSelect with their credential gathered. */
export const resolveGrants = (rows: LiveGrantRow[]): LiveGrant[] => rows.map((r) => ({
  ...r,
  credential: r.credId ? { id: r.credId, name: r.credName!, status: r.credStatus!, authType: r.credAuthType!, fingerprint: r.credFingerprint } : null,
}));

/**
 * The agent's live grants with their credentials, read in one statement. A grant on "the default"
 * follows whichever credential is the default now; the agent's own row is read again here, so a
 * revoked or expired agent is refused even in the middle of a session.
 */
export async function liveGrants(db: Db, agent: AgentPrincipal, provider: string | null): Promise<LiveGrant[]> {
  const { rows } = await db.query<LiveGrantRow>(
    `select * from (${liveGrantsSelect("$1", "$2", "$3")}) g order by ${LIVE_GRANTS_ORDER("g.")}`,
    [agent.orgId, agent.agentId, provider],
  );
  return resolveGrants(rows);
}

/**
 * The grant that lets this agent do `op` on `provider` (by credential name when the agent names
 * one), or a refusal saying why not. Refusals name the first reason, in the order an admin fixes them.
 */
export async function grantFor(db: Db, agent: AgentPrincipal, provider: string, op: Operation, credentialName?: string | null): Promise<ResolvedGrant> {
  return pickGrant(await liveGrants(db, agent, provider), provider, op, credentialName);
}

/** grantFor's choice among grants already read (liveGrants' rows, in its order). */
export function pickGrant(all: readonly LiveGrant[], provider: string, op: Operation, credentialName?: string | null): ResolvedGrant {
  if (all.length > 0 && !all[0].agentLive) throw new AgentRefusal("agent_revoked", "This agent was revoked or has expired. Ask an org admin for a new one.");
  const named = credentialName ? all.filter((g) => g.credential && sameCredentialName(g.credential.name, credentialName)) : all;
  const name = getProvider(provider)?.name ?? provider;
  if (named.length === 0) {
    throw new AgentRefusal("no_grant", credentialName
      ? `This agent has no grant for the ${name} credential "${credentialName}". An org admin grants it under Settings, Agents.`
      : `This agent has no grant for ${name}. An org admin grants it under Settings, Agents.`, { provider });
  }
  const withOp = named.filter((g) => g.operations.includes(op));
  if (withOp.length === 0) {
    throw new AgentRefusal("operation_not_granted", `This agent's ${name} grant does not include ${op}. An org admin can add it under Settings, Agents.`, { provider, operation: op });
  }
  const fresh = withOp.filter((g) => !g.expired);
  if (fresh.length === 0) throw new AgentRefusal("grant_expired", `This agent's ${name} grant has expired. An org admin can renew it under Settings, Agents.`, { provider });
  const left = fresh.filter((g) => !g.usedUp);
  if (left.length === 0) throw new AgentRefusal("grant_used_up", `This agent's ${name} grant has no uses left. An org admin can renew it under Settings, Agents.`, { provider });
  return left[0];
}

/**
 * Takes one use of the grant, or refuses: one statement that counts only while the grant is live,
 * unexpired, under its maximum and as the caller read it (its revision: an edit since may have
 * taken away the operation being used), so parallel calls can never spend more uses than it has.
 */
export async function consumeUse(db: Db, grant: GrantRow): Promise<void> {
  const { rows } = await db.query<{ uses: number }>(
    `update agent_grants set uses = uses + 1
      where id = $1 and revision = $2 and revoked_at is null and (expires_at is null or expires_at > now()) and (max_uses is null or uses < max_uses)
      returning uses`,
    [grant.id, grant.revision],
  );
  if (rows.length === 0) throw usedUpRefusal(grant);
}

/**
 * One call against the agent's budget and the grant's, each a fixed window in the database (the
 * same atomic upsert as sign-in attempts), so the limits hold across instances and concurrency.
 */
export async function takeRate(db: Db, agent: AgentPrincipal, grant: GrantRow | null, limits: BrokerLimits): Promise<void> {
  const checks: [string, number, "this agent" | "this grant"][] = [[`agent-rate:${agent.agentId}`, limits.agentPerMinute, "this agent"]];
  if (grant) checks.push([`agent-grant-rate:${grant.id}`, grant.ratePerMinute, "this grant"]);
  for (const [key, limit, what] of checks) {
    const slot = await takeSlot(db, key, { limit, windowSeconds: 60 });
    if (!slot.ok) throw rateRefusal(what, limit, slot.retryAfterSeconds);
  }
}

export const rateRefusal = (what: "this agent" | "this grant", limit: number, retry: number) =>
  new AgentRefusal("rate_limited", `Too many calls for ${what} (at most ${limit} a minute). Try again in ${retry} s.`,
    { retry_after: retry, limit }, { "Retry-After": String(retry) });

export const usedUpRefusal = (grant: GrantRow) => {
  const name = getProvider(grant.provider)?.name ?? grant.provider;
  return new AgentRefusal("grant_used_up", `This agent's ${name} grant has no uses left, or was changed or revoked during this call. An org admin can renew it under Settings, Agents.`, { provider: grant.provider });
};
