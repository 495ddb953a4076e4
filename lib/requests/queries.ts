import type { Actor } from "@/lib/audit";
import { writeAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { getProvider } from "@/lib/providers";
import type { SealedSecret } from "@/lib/vault/vault-types";
import { effectiveState, type RequestRow, type RequestState, type TerminalState } from "./types";

export const REQUEST_COLUMNS = `id, org_id as "orgId", group_id as "groupId", provider, reason, requester_type as "requesterType",
  requester_user_id as "requesterUserId", requester_key_id as "requesterKeyId", requester, requester_label as "requesterLabel",
  context_label as "contextLabel", env_names as "envNames", state, created_at as "createdAt", expires_at as "expiresAt",
  resolved_at as "resolvedAt", resolved_by as "resolvedBy", credential_id as "credentialId", credential_name as "credentialName",
  callback_url as "callbackUrl"`;

export interface NewRequest {
  id: string;
  orgId: string;
  groupId: string | null;
  provider: string;
  reason: string;
  requesterType: "user" | "api_key" | "agent";
  requesterUserId: string | null;
  requesterKeyId: string | null;
  requesterAgentId?: string | null;
  requester: string;
  requesterLabel: string;
  contextLabel: string | null;
  envNames: string[];
  expiresInMinutes: number;
  callbackUrl: string | null;
}

/**
 * Files the request, or returns the requester's pending one for this provider: the partial
 * unique index (one pending per org, requester and provider) makes the choice atomic, so any
 * number of parallel calls end with one row. `inserted` tells which happened.
 */
export async function insertOrCoalesce(db: Db, r: NewRequest): Promise<{ row: RequestRow; inserted: boolean }> {
  const { rows } = await db.query<RequestRow & { inserted: boolean }>(
    `insert into credential_requests (id, org_id, group_id, provider, reason, requester_type, requester_user_id, requester_key_id,
       requester, requester_label, context_label, env_names, expires_at, callback_url, requester_agent_id)
     values ($14, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], now() + $12::int * interval '1 minute', $13, $15)
     on conflict (org_id, requester, provider) where state = 'pending'
       do update set requester_label = credential_requests.requester_label
     returning ${REQUEST_COLUMNS}, (xmax = 0) as inserted`,
    [r.orgId, r.groupId, r.provider, r.reason, r.requesterType, r.requesterUserId, r.requesterKeyId, r.requester,
      r.requesterLabel, r.contextLabel, r.envNames, r.expiresInMinutes, r.callbackUrl, r.id, r.requesterAgentId ?? null],
  );
  const { inserted, ...row } = rows[0];
  return { row, inserted };
}

/** Seals nothing itself: stores the callback's signing secret the vault sealed for this request. */
export async function storeHookSecret(db: Db, orgId: string, id: string, s: SealedSecret): Promise<void> {
  await db.query(
    `update credential_requests set hook_key_version = $3, hook_iv = $4, hook_ciphertext = $5, hook_auth_tag = $6 where org_id = $1 and id = $2`,
    [orgId, id, s.keyVersion, s.iv, s.ciphertext, s.authTag],
  );
}

export async function getRequest(db: Db, orgId: string, id: string): Promise<RequestRow | null> {
  const { rows } = await db.query<RequestRow>(`select ${REQUEST_COLUMNS} from credential_requests where org_id = $1 and id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

export interface ListFilter {
  /** Only this requester's requests ('user:<id>' / 'api_key:<id>'). */
  requester?: string;
  /** Effective state: a pending row past its expiry counts as expired. */
  state?: RequestState;
  limit?: number;
}

export async function listRequests(db: Db, orgId: string, f: ListFilter = {}): Promise<RequestRow[]> {
  const state = f.state ?? null;
  const { rows } = await db.query<RequestRow>(
    `select ${REQUEST_COLUMNS} from credential_requests
      where org_id = $1 and ($2::text is null or requester = $2)
        and ($3::text is null
             or ($3 = 'pending' and state = 'pending' and expires_at > now())
             or ($3 = 'expired' and (state = 'expired' or (state = 'pending' and expires_at <= now())))
             or ($3 not in ('pending', 'expired') and state = $3))
      order by created_at desc, id limit $4`,
    [orgId, f.requester ?? null, state, Math.min(f.limit ?? 100, 200)],
  );
  return rows;
}

interface Resolution {
  state: TerminalState;
  resolvedBy: string | null;
  credential?: { id: string; name: string };
}

/**
 * Moves pending, unexpired rows matching `where` to a terminal state, and for each row it moved
 * writes the event, the audit row and the callback delivery in the caller's transaction. The
 * `state = 'pending'` condition is re-checked under the row lock, so two racing resolutions move
 * a row once and write its event once.
 */
async function resolveWhere(db: Db, actor: Actor, where: string, params: unknown[], res: Resolution): Promise<RequestRow[]> {
  const base = params.length;
  const { rows } = await db.query<RequestRow>(
    `update credential_requests set state = $${base + 1}, resolved_at = now(), resolved_by = $${base + 2},
        credential_id = $${base + 3}, credential_name = $${base + 4}
      where state = 'pending' and ${where}
      returning ${REQUEST_COLUMNS}`,
    [...params, res.state, res.resolvedBy, res.credential?.id ?? null, res.credential?.name ?? null],
  );
  for (const row of rows) await recordResolution(db, actor, row);
  return rows;
}

const AUDIT_ACTION = { fulfilled: "request.fulfil", declined: "request.decline", expired: "request.expire", canceled: "request.cancel" } as const;

async function recordResolution(db: Db, actor: Actor, row: RequestRow): Promise<void> {
  const state = row.state as TerminalState;
  await appendEvent(db, { orgId: row.orgId, type: "request.resolved", data: { requestId: row.id, provider: row.provider, state } });
  await writeAudit(db, actor, {
    orgId: row.orgId, action: AUDIT_ACTION[state], provider: row.provider, integrationId: row.credentialId, outcome: state,
    metadata: { request_id: row.id, requester: row.requesterLabel, credential_name: row.credentialName },
  });
  if (row.callbackUrl) {
    await db.query(
      `insert into request_webhooks (request_id, org_id, payload) values ($1, $2, $3::jsonb) on conflict (request_id) do nothing`,
      [row.id, row.orgId, JSON.stringify({ type: "request.resolved", timestamp: new Date().toISOString(), data: requestOutcome(row) })],
    );
  }
}

/** What a requester is told about the outcome: state, provider, the credential's name and env names; never a secret. */
export function requestOutcome(row: RequestRow) {
  const provider = getProvider(row.provider);
  const state = effectiveState(row);
  return {
    id: row.id,
    state,
    provider: row.provider,
    credential_name: state === "fulfilled" ? row.credentialName : null,
    env: state === "fulfilled" ? (provider?.env.map((e) => e.name) ?? []) : [],
  };
}

/** Declined (by an admin) or canceled (by the requester): null when it was not pending any more. */
export async function closeRequest(db: Db, actor: Actor, orgId: string, id: string, state: "declined" | "canceled"): Promise<RequestRow | null> {
  const rows = await resolveWhere(db, actor, `org_id = $1 and id = $2 and expires_at > now()`, [orgId, id], { state, resolvedBy: actor.userId });
  return rows[0] ?? null;
}

/** Fulfils one pending request with a credential the caller has checked is VALID and of its provider. */
export async function fulfilRequest(db: Db, actor: Actor, orgId: string, id: string, credential: { id: string; name: string }): Promise<RequestRow | null> {
  const rows = await resolveWhere(db, actor, `org_id = $1 and id = $2 and expires_at > now()`, [orgId, id], { state: "fulfilled", resolvedBy: actor.userId, credential });
  return rows[0] ?? null;
}

/**
 * Called where a credential of this provider has just become VALID (a save whose check passed, a
 * re-check that passed, an OAuth connection or reconnection) or became the provider's default,
 * inside that transaction: every pending request for the provider in the org is fulfilled by it,
 * if it is the default and VALID now. The default is what `switchboard pull` exports, so the
 * requester's next pull gets the credential it was told of; a Valid credential of another name
 * leaves the requests pending until an admin makes it the default.
 */
export async function fulfilPendingRequests(
  db: Db, actor: Actor, c: { orgId: string; provider: string; integrationId: string; name: string },
): Promise<RequestRow[]> {
  const { rows } = await db.query(
    `select 1 from integrations where org_id = $1 and id = $2 and provider = $3 and is_default and status = 'VALID'`,
    [c.orgId, c.integrationId, c.provider],
  );
  if (rows.length === 0) return [];
  return resolveWhere(db, actor, `org_id = $1 and provider = $2 and expires_at > now()`, [c.orgId, c.provider],
    { state: "fulfilled", resolvedBy: actor.userId, credential: { id: c.integrationId, name: c.name } });
}

/** Persists the expiry of pending requests past their time (one org, or all): each once, with its event. */
export async function expireDue(db: Db, orgId: string | null, limit = 500): Promise<RequestRow[]> {
  return resolveWhere(db, { userId: null, userAgent: "switchboard-requests" },
    `id in (select id from credential_requests where state = 'pending' and expires_at <= now() and ($1::uuid is null or org_id = $1) order by expires_at limit $2)`,
    [orgId, limit], { state: "expired", resolvedBy: null });
}

/** Requests filed in the window by this requester (in any org) and in the whole org (for the limits). */
export async function recentCounts(db: Db, orgId: string, requester: string, windowSeconds: number): Promise<{ requester: number; org: number }> {
  const { rows } = await db.query<{ requester: number; org: number }>(
    `select (select count(*) from credential_requests where requester = $2 and created_at > now() - $3::int * interval '1 second')::int as requester,
            (select count(*) from credential_requests where org_id = $1 and created_at > now() - $3::int * interval '1 second')::int as org`,
    [orgId, requester, windowSeconds],
  );
  return rows[0];
}
