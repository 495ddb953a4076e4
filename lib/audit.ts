import type { AgentRefusalCode } from "@/lib/agents/errors";
import type { PlanId } from "@/lib/billing/plans";
import type { Db } from "@/lib/db/types";
import type { Role } from "@/lib/orgs/queries";
import type { CheckOutcome } from "@/lib/providers/types";
import type { RequestState } from "@/lib/requests/types";

export type AuditAction =
  | "integration.store"
  | "integration.validate"
  | "integration.delete"
  | "integration.rename"
  | "integration.set_default"
  | "integration.decrypt"
  | "integration.export"
  | "api_key.create"
  | "api_key.revoke"
  | "org.create"
  | "member.add"
  | "member.invite"
  | "member.invite_revoke"
  | "member.join"
  | "member.remove"
  | "member.role_change"
  | "member.reset_code"
  | "auth.sign_in_failed"
  | "access.refused"
  | "member.password_reset"
  | "oauth.connect"
  | "oauth.reconnect"
  | "oauth.refresh_failed"
  | "oauth.disconnect"
  | "billing.plan_change"
  | "request.create"
  | "request.fulfil"
  | "request.decline"
  | "request.expire"
  | "request.cancel"
  | "stack.analyze_model"
  | "stack.model_setting"
  | "webhook.inbound_create"
  | "webhook.inbound_delete"
  | "webhook.provider_setup"
  | "webhook.create"
  | "webhook.rotate"
  | "webhook.disable"
  | "webhook.enable"
  | "webhook.delete"
  | "webhook.test"
  | "webhook.replay"
  | "deployment.env_sync"
  | "deployment.create"
  | "deployment.cancel"
  | "runpod.endpoint_create"
  | "runpod.endpoint_delete"
  | "agent.create"
  | "agent.revoke"
  | "agent.grant"
  | "agent.grant_revoke"
  | "agent.call"
  | "agent.reveal"
  | "agent.env"
  | "agent.refused"
  | "agent.list";

/**
 * Every outcome a writer records, so each has its words in the audit trail (components/settings/
 * audit-outcome.ts): a writer with a new one fails the typecheck until it is listed here, and a
 * listed one without words fails there. The SQL writers (store_credential, the memberships
 * trigger) record values from this list too: a check outcome, and "revoked".
 */
export type AuditOutcome =
  // A credential's check (integration.validate, integration.store, oauth.*), and the two a check
  // can end in without the provider's verdict.
  | CheckOutcome | "unverified" | "unreadable"
  // What was done, by the action it answers.
  | "created" | "deleted" | "renamed" | "switched" | "field_set" | "revoked" | "removed" | "enabled" | "disabled"
  | "disabled_by_switchboard" | "rotated" | "queued" | "exported" | "partial" | "started" | "requested" | "synced"
  | "unchanged" | "refused" | "already_gone" | "exists" | "failed" | "granted" | "edited" | "plan_limit" | "name_taken"
  // member.invite and member.join: the role; billing.plan_change: the plan now in effect; request.*: its state.
  | Role | PlanId | RequestState
  // Agents: a credential taken, a call's end, a refusal (the broker's codes, and the token's own).
  | "revealed" | "derived" | "credential_missing" | "forwarded" | "timeout" | "unreachable" | "stream_error" | "canceled" | "ok"
  | AgentRefusalCode | `agent_${"revoked" | "expired" | "address_not_allowed"}`
  // The stack analyzer's model pass.
  | "answered" | "malformed"
  // Sign-in, access and password resets (lib/auth): written as short phrases.
  | "wrong password" | "locked" | `needs ${Role}` | "not a member" | "org forbidden"
  | "issued by owner" | "issued by operator" | "with owner's code" | "with operator's code";

/** Who did it and from where; taken from the request by the caller. */
export interface Actor {
  userId: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Prefix of the org API key that acted (REST API): recorded in the event's metadata as api_key. */
  apiKey?: string | null;
  /** The agent that acted (lib/agents/): its own kind of actor, recorded with its name as it was. */
  agent?: { id: string; name: string } | null;
}

export type ActorType = "user" | "api_key" | "agent" | "system";

export function actorType(actor: Actor): ActorType {
  if (actor.agent) return "agent";
  if (actor.apiKey) return "api_key";
  return actor.userId ? "user" : "system";
}

export interface AuditEvent {
  orgId: string;
  action: AuditAction;
  outcome: AuditOutcome;
  provider?: string;
  integrationId?: string | null;
  /** Fingerprints, names and outcomes only: never a secret. */
  metadata?: Record<string, string | number | boolean | null>;
}

/** Call with the same transaction as the change it records, so neither lands without the other. */
export async function writeAudit(db: Db, actor: Actor, e: AuditEvent): Promise<void> {
  const { sql, params } = auditStatement(actor, e);
  await db.query(sql, params);
}

/**
 * writeAudit's insert and its parameters ($1 to $12), for a statement that records the event
 * alongside other work (a data-modifying CTE put in front, its parameters from $13 on). With
 * `onlyIf`, the name of one of those CTEs, the event is written once per row it returns: recorded
 * only if that work was done.
 */
export function auditStatement(actor: Actor, e: AuditEvent, onlyIf?: string): { sql: string; params: unknown[] } {
  const a = auditColumns(actor, e);
  const values = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12";
  return {
    sql: `insert into audit_events (org_id, actor_user_id, action, provider, integration_id, outcome, ip, user_agent, metadata,
       actor_type, actor_agent_id, actor_name)
     ${onlyIf ? `select ${values} from ${onlyIf}` : `values (${values})`}`,
    params: [e.orgId, a.actorUserId, e.action, e.provider ?? null, e.integrationId ?? null, e.outcome,
      a.ip, a.userAgent, a.metadata, a.actorType, a.actorAgentId, a.actorName],
  };
}

/** What an audit row records of its actor, and its metadata as JSON: also for writers that insert the row in a statement of their own (public.store_credential). */
export function auditColumns(actor: Actor, e: Pick<AuditEvent, "metadata">) {
  return {
    actorUserId: actor.userId,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent?.slice(0, 300) ?? null,
    metadata: JSON.stringify(actor.apiKey ? { ...e.metadata, api_key: actor.apiKey } : e.metadata ?? {}),
    actorType: actorType(actor),
    actorAgentId: actor.agent?.id ?? null,
    actorName: actor.agent ? [...actor.agent.name].slice(0, 200).join("") : null,
  };
}

export interface AuditRow {
  id: string;
  action: AuditAction;
  provider: string | null;
  outcome: string;
  actorEmail: string | null;
  /** Null for rows written before actor kinds were recorded. */
  actorType: ActorType | null;
  /** An agent's name as it was when it acted. */
  actorName: string | null;
  ip: string | null;
  metadata: Record<string, unknown>;
  /** The name of the credential the event is about (integration_id) as it is now; null once it is deleted. */
  credentialName: string | null;
  createdAt: Date;
}

/** The org's events, newest first; `before` (an event id) pages back through older ones. */
export async function listAudit(db: Db, orgId: string, { limit = 50, before }: { limit?: number; before?: string } = {}): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `select a.id::text, a.action, a.provider, a.outcome, u.email as "actorEmail", a.actor_type as "actorType", a.actor_name as "actorName", a.ip, a.metadata,
            i.name as "credentialName", a.created_at as "createdAt"
       from audit_events a left join users u on u.id = a.actor_user_id
       left join integrations i on i.id = a.integration_id and i.org_id = a.org_id
      where a.org_id = $1 and ($3::bigint is null or a.id < $3::bigint) order by a.id desc limit $2`,
    [orgId, limit, before ?? null],
  );
  return rows;
}
