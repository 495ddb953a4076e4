import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import type { Actor } from "@/lib/audit";
import { writeAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { durationWords } from "@/lib/format";
import { getIntegration } from "@/lib/integrations/queries";
import { getProvider } from "@/lib/providers";
import type { Vault } from "@/lib/vault/vault";
import type { CreateRequestBody } from "@/lib/zod/requests";
import type { HookTargetFn } from "./callback";
import { closeRequest, expireDue, fulfilRequest, getRequest, insertOrCoalesce, recentCounts, storeHookSecret } from "./queries";
import { DEFAULT_REQUEST_LIMITS, effectiveState, requesterKey, type RequestLimits, type RequestRow, type Requester } from "./types";

export interface RequestDeps {
  db: Db;
  vault: Vault;
  /** Checks a callback_url against the SSRF guard and gives the fetch that reaches it (callback.ts). */
  hookTarget: HookTargetFn;
  limits?: RequestLimits;
}

/** The vault binds a sealed value to (org, row, kind): this kind names a request's callback secret. */
export const HOOK_SECRET_KIND = "request_callback";
/**
 * A request's callback secret is sealed once and never replaced, so it has no secret version to
 * move on (lib/vault/vault.ts secretAad): 0, the shape such secrets were first sealed with.
 */
export const HOOK_SECRET_VERSION = 0;
export const hookSecretRef = (orgId: string, requestId: string) => ({ orgId, integrationId: requestId, provider: HOOK_SECRET_KIND, secretVersion: HOOK_SECRET_VERSION });

export type CreateResult =
  | { kind: "bad_input"; error: string; field: string }
  | { kind: "limited"; error: string; retryAfterSeconds: number }
  | { kind: "created"; requests: { row: RequestRow; coalesced: boolean }[]; webhookSecret: string | null };

// Advisory lock classes: filing requests in one org queues here, so counting and inserting are one step.
const REQUESTER_LOCK = 1_935_829_771;
const ORG_LOCK = 1_935_829_772;

// The column holds at most 200 characters, and an email address may have 254.
const labelOf = (requester: { label: string }) => [...requester.label].slice(0, 200).join("");

/**
 * Files one request per provider (a group when several), coalescing each with the requester's
 * pending request for that provider. Limits count requests filed in the window, per requester
 * (across orgs) and per org, under advisory locks on both, so they hold under any concurrency; a
 * coalesced request files nothing and is never refused. All or nothing: a refused group files none.
 */
export async function createRequests(deps: RequestDeps, actor: Actor, requester: Requester, orgId: string, body: CreateRequestBody): Promise<CreateResult> {
  const ids = [...new Set(body.providers ?? [body.provider!])];
  for (const id of ids) {
    if (!getProvider(id)) return { kind: "bad_input", field: "provider", error: `"${id}" is not a provider in the Switchboard catalog.` };
  }
  const callbackUrl = body.callback_url ?? null;
  if (callbackUrl) {
    const target = await deps.hookTarget(callbackUrl);
    if (!target.ok) return { kind: "bad_input", field: "callback_url", error: target.problem };
  }
  const limits = deps.limits ?? DEFAULT_REQUEST_LIMITS;
  const who = requesterKey(requester);
  const groupId = ids.length > 1 ? randomUUID() : null;
  const planned = ids.map((provider) => ({ id: randomUUID(), provider }));
  // Sealed before the transaction: the key service is never called while the locks are held.
  const secret = callbackUrl ? `whsec_${randomBytes(32).toString("base64")}` : null;
  const sealed = secret
    ? await Promise.all(planned.map((p) => deps.vault.seal(deps.db, hookSecretRef(orgId, p.id), secret)))
    : null;

  return deps.db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock($1::int, hashtext($2::text))`, [REQUESTER_LOCK, who]);
    await tx.query(`select pg_advisory_xact_lock($1::int, hashtext($2::text))`, [ORG_LOCK, orgId]);
    // A pending row past its time would otherwise hold the coalescing slot: expire it first, with its event.
    await expireDue(tx, orgId);
    const { rows: open } = await tx.query<{ provider: string }>(
      `select provider from credential_requests where org_id = $1 and requester = $2 and state = 'pending' and provider = any($3::text[])`,
      [orgId, who, ids],
    );
    const fresh = ids.length - open.length;
    if (fresh > 0) {
      const used = await recentCounts(tx, orgId, who, limits.windowSeconds);
      if (used.requester + fresh > limits.perRequester) {
        return limited(`This requester has filed ${used.requester} credential requests in the last ${durationWords(limits.windowSeconds)}, the limit is ${limits.perRequester}.`, limits);
      }
      if (used.org + fresh > limits.perOrg) {
        return limited(`This organization has received ${used.org} credential requests in the last ${durationWords(limits.windowSeconds)}, the limit is ${limits.perOrg}.`, limits);
      }
    }
    const out: { row: RequestRow; coalesced: boolean }[] = [];
    for (const [i, p] of planned.entries()) {
      const { row, inserted } = await insertOrCoalesce(tx, {
        id: p.id, orgId, groupId, provider: p.provider, reason: body.reason,
        requesterType: requester.type, requesterUserId: requester.type === "user" ? requester.userId : null,
        requesterKeyId: requester.type === "api_key" ? requester.keyId : null,
        requesterAgentId: requester.type === "agent" ? requester.agentId : null, requester: who, requesterLabel: labelOf(requester),
        contextLabel: body.context?.label ?? null, envNames: body.context?.env ?? [], expiresInMinutes: body.expires_in_minutes, callbackUrl,
      });
      out.push({ row, coalesced: !inserted });
      if (!inserted) continue;
      if (sealed) await storeHookSecret(tx, orgId, row.id, sealed[i]);
      await appendEvent(tx, { orgId, type: "request.created", data: { requestId: row.id, provider: row.provider } });
      await writeAudit(tx, actor, {
        orgId, action: "request.create", provider: row.provider, outcome: "pending",
        metadata: { request_id: row.id, requester: row.requesterLabel, context: row.contextLabel, expires_at: new Date(row.expiresAt).toISOString(), callback: Boolean(callbackUrl) },
      });
    }
    // The secret is only worth returning if some request will use it.
    const usesSecret = out.some((o) => !o.coalesced && o.row.callbackUrl);
    return { kind: "created" as const, requests: out, webhookSecret: usesSecret ? secret : null };
  });
}

const limited = (error: string, l: RequestLimits): CreateResult => ({ kind: "limited", error: `${error} Try again later.`, retryAfterSeconds: Math.min(l.windowSeconds, 60) });

/**
 * The request as it stands now. A pending request past its expiry is expired: reading it
 * persists that transition (once, with its event) so every reader agrees.
 */
export async function readRequest(db: Db, orgId: string, id: string): Promise<RequestRow | null> {
  const row = await getRequest(db, orgId, id);
  if (!row || effectiveState(row) === row.state) return row;
  await db.transaction((tx) => expireDue(tx, orgId));
  return getRequest(db, orgId, id);
}

export type CloseResult = { kind: "not_found" } | { kind: "not_pending"; row: RequestRow } | { kind: "done"; row: RequestRow };

/** Decline (admin) or cancel (requester); the caller has checked who may. */
export async function closePending(db: Db, actor: Actor, orgId: string, id: string, state: "declined" | "canceled"): Promise<CloseResult> {
  const row = await db.transaction((tx) => closeRequest(tx, actor, orgId, id, state));
  if (row) return { kind: "done", row };
  const now = await readRequest(db, orgId, id);
  return now ? { kind: "not_pending", row: now } : { kind: "not_found" };
}

export type FulfilResult = CloseResult | { kind: "bad_credential"; error: string };

/** An admin fulfils a request with an existing credential: it must be of the request's provider, VALID now, and its default (what pull exports). */
export async function fulfilWithExisting(db: Db, actor: Actor, orgId: string, id: string, integrationId: string): Promise<FulfilResult> {
  const result = await db.transaction(async (tx): Promise<FulfilResult | null> => {
    const request = await getRequest(tx, orgId, id);
    if (!request) return { kind: "not_found" };
    // Locked so the credential cannot be deleted or turn INVALID between this check and the commit.
    const { rows } = await tx.query<{ id: string }>(`select id from integrations where org_id = $1 and id = $2 for update`, [orgId, integrationId]);
    const credential = rows[0] ? await getIntegration(tx, orgId, integrationId) : null;
    if (!credential || credential.provider !== request.provider) {
      return { kind: "bad_credential", error: `Pick a ${getProvider(request.provider)?.name ?? request.provider} credential of this organization.` };
    }
    if (credential.status !== "VALID") {
      return { kind: "bad_credential", error: `"${credential.name}" is not Valid now; only a credential whose last check passed can fulfil a request.` };
    }
    if (!credential.isDefault) {
      return { kind: "bad_credential", error: `"${credential.name}" is not the default ${getProvider(request.provider)?.name ?? request.provider} credential, which is the one switchboard pull exports; make it the default first.` };
    }
    const done = await fulfilRequest(tx, actor, orgId, id, { id: credential.id, name: credential.name });
    return done ? { kind: "done", row: done } : null;
  });
  if (result) return result;
  const now = await readRequest(db, orgId, id);
  return now ? { kind: "not_pending", row: now } : { kind: "not_found" };
}
