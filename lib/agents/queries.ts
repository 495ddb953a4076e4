import type { Db } from "@/lib/db/types";
import type { GrantRow, Operation, ProxyRule } from "./types";

export interface AgentRow {
  id: string;
  orgId: string;
  name: string;
  description: string | null;
  prefix: string;
  allowedCidrs: string[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
}

// Never secret_hash: lists never need it.
const AGENT_COLUMNS = `id, org_id as "orgId", name, description, prefix, allowed_cidrs::text[] as "allowedCidrs",
  created_at as "createdAt", expires_at as "expiresAt", revoked_at as "revokedAt", last_used_at as "lastUsedAt", last_used_ip as "lastUsedIp"`;

/** A grant's columns, qualified by the table alias when given ("g." in joins). */
export const grantColumns = (t = "") => `${t}id, ${t}org_id as "orgId", ${t}agent_id as "agentId", ${t}provider,
  ${t}integration_id as "integrationId", ${t}operations, ${t}proxy_rules as "proxyRules", ${t}preset, ${t}aws_role_arn as "awsRoleArn",
  ${t}reveal_seconds as "revealSeconds", ${t}rate_per_minute as "ratePerMinute", ${t}max_uses as "maxUses", ${t}uses,
  ${t}expires_at as "expiresAt", ${t}created_at as "createdAt", ${t}revoked_at as "revokedAt", ${t}revision`;
const GRANT_COLUMNS = grantColumns();

export async function insertAgent(
  db: Db, a: { orgId: string; name: string; description: string | null; prefix: string; secretHash: string; allowedCidrs: string[]; expiresAt: Date | null; createdBy: string | null },
): Promise<AgentRow | null> {
  const { rows } = await db.query<AgentRow>(
    `insert into agents (org_id, name, description, prefix, secret_hash, allowed_cidrs, expires_at, created_by)
     values ($1, $2, $3, $4, $5, $6::cidr[], $7, $8)
     on conflict (org_id, lower(name)) where revoked_at is null do nothing
     returning ${AGENT_COLUMNS}`,
    [a.orgId, a.name, a.description, a.prefix, a.secretHash, a.allowedCidrs, a.expiresAt, a.createdBy],
  );
  return rows[0] ?? null;
}

export async function listAgents(db: Db, orgId: string): Promise<AgentRow[]> {
  const { rows } = await db.query<AgentRow>(
    `select ${AGENT_COLUMNS} from agents where org_id = $1 order by revoked_at is not null, created_at desc`,
    [orgId],
  );
  return rows;
}

export async function getAgent(db: Db, orgId: string, id: string): Promise<AgentRow | null> {
  const { rows } = await db.query<AgentRow>(`select ${AGENT_COLUMNS} from agents where org_id = $1 and id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

/** Revokes a live agent of this org; null when there is none. Its grants stop with it (checked on every call). */
export async function revokeAgentRow(db: Db, orgId: string, id: string): Promise<AgentRow | null> {
  const { rows } = await db.query<AgentRow>(
    `update agents set revoked_at = now() where org_id = $1 and id = $2 and revoked_at is null returning ${AGENT_COLUMNS}`,
    [orgId, id],
  );
  return rows[0] ?? null;
}

export interface NewGrant {
  orgId: string;
  agentId: string;
  provider: string;
  integrationId: string | null;
  operations: Operation[];
  proxyRules: ProxyRule[];
  preset: string | null;
  awsRoleArn: string | null;
  revealSeconds: number;
  ratePerMinute: number;
  maxUses: number | null;
  /** "keep": an edited grant keeps its expiry. */
  expiresAt: Date | null | "keep";
  createdBy: string | null;
}

/**
 * Gives the agent this integration with these operations. The live grant for the same agent and
 * integration, if there is one, is edited in place: it keeps its id (which the audit trail and the
 * usage log refer to), its use count and its creation, so saving it again never hands out a
 * maximum of uses afresh; the new operations, rules and limits take effect at once (the revision
 * moves on, so a call that read the grant before the edit cannot spend a use under it after). A maximum
 * lowered below the uses already spent leaves the grant used up. The caller holds the agent's row
 * lock (setGrant), so no other save of this agent's grants runs between the update and the insert;
 * the grant's row is locked after the agent's, the order of lib/agents/take-call.ts. Null when
 * the expiry is to be kept and there is no grant to keep it from.
 */
export async function saveGrant(db: Db, g: NewGrant): Promise<{ grant: GrantRow; edited: boolean } | null> {
  const keep = g.expiresAt === "keep";
  const expiresAt = keep ? null : g.expiresAt;
  const { rows: edited } = await db.query<GrantRow>(
    `update agent_grants set operations = $4::text[], proxy_rules = $5::jsonb, preset = $6, aws_role_arn = $7, reveal_seconds = $8,
       rate_per_minute = $9, max_uses = $10, expires_at = case when $12::boolean then expires_at else $11 end, revision = revision + 1
      where agent_id = $1 and provider = $2 and integration_id is not distinct from $3 and revoked_at is null returning ${GRANT_COLUMNS}`,
    [g.agentId, g.provider, g.integrationId, g.operations, JSON.stringify(g.proxyRules), g.preset, g.awsRoleArn, g.revealSeconds,
      g.ratePerMinute, g.maxUses, expiresAt, keep],
  );
  if (edited[0]) return { grant: edited[0], edited: true };
  if (keep) return null;
  const { rows } = await db.query<GrantRow>(
    `insert into agent_grants (org_id, agent_id, provider, integration_id, operations, proxy_rules, preset,
       aws_role_arn, reveal_seconds, rate_per_minute, max_uses, expires_at, created_by)
     values ($1, $2, $3, $4, $5::text[], $6::jsonb, $7, $8, $9, $10, $11, $12, $13) returning ${GRANT_COLUMNS}`,
    [g.orgId, g.agentId, g.provider, g.integrationId, g.operations, JSON.stringify(g.proxyRules), g.preset,
      g.awsRoleArn, g.revealSeconds, g.ratePerMinute, g.maxUses, expiresAt, g.createdBy],
  );
  return { grant: rows[0], edited: false };
}

export async function revokeGrantRow(db: Db, orgId: string, id: string): Promise<GrantRow | null> {
  const { rows } = await db.query<GrantRow>(
    `update agent_grants set revoked_at = now() where org_id = $1 and id = $2 and revoked_at is null returning ${GRANT_COLUMNS}`,
    [orgId, id],
  );
  return rows[0] ?? null;
}

export async function listGrants(db: Db, orgId: string, agentId: string): Promise<GrantRow[]> {
  const { rows } = await db.query<GrantRow>(
    `select ${GRANT_COLUMNS} from agent_grants where org_id = $1 and agent_id = $2 and revoked_at is null order by provider, created_at`,
    [orgId, agentId],
  );
  return rows;
}

export interface UsageRow {
  id: string;
  action: string;
  provider: string | null;
  outcome: string;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

/** An agent's usage log: its audit rows, newest first. */
export async function agentUsage(db: Db, orgId: string, agentId: string, limit = 50): Promise<UsageRow[]> {
  const { rows } = await db.query<UsageRow>(
    `select id::text, action, provider, outcome, metadata, created_at as "createdAt" from audit_events
      where org_id = $1 and actor_agent_id = $2 order by audit_events.id desc limit $3`,
    [orgId, agentId, Math.min(limit, 200)],
  );
  return rows;
}
