import { z } from "zod";
import { listIntegrations } from "@/lib/integrations/queries";
import { sameCredentialName } from "@/lib/integrations/same-name";
import type { RequestHandler } from "@/lib/requests/deps";
import { expireDue, getRequest, listRequests } from "@/lib/requests/queries";
import { closePending, createRequests, fulfilWithExisting, readRequest } from "@/lib/requests/service";
import { effectiveState, REQUEST_STATES, requesterKey, type RequestRow } from "@/lib/requests/types";
import { MAX_WAIT_SECONDS, waitForOutcome } from "@/lib/requests/wait";
import { createRequestBody } from "@/lib/zod/requests";
import { authenticateApiKey, type ApiAuth } from "./auth";
import { guarded, withHeaders } from "./context";
import { apiError, apiJson } from "./errors";
import { presentRequest } from "./requests-present";
import { readJson } from "./setup-body";
import type { Scope } from "./keys";

type Authed = Extract<ApiAuth, { ok: true }>;

const auth = (req: Request, orgSlug: string, scope: Scope, deps: Parameters<RequestHandler>[2]) =>
  authenticateApiKey(req, deps.db, { orgSlug, scope, rateLimit: deps.rateLimit });

const ownKey = (a: Authed) => requesterKey({ type: "api_key", keyId: a.key.id, label: "" });
const UUID = z.uuid();
const notFound = (a: Authed) => withHeaders(apiError("not_found", "No such credential request for this API key."), a.headers);

/** The request if it exists in the key's org and, for a requester key, was filed by this key. */
async function findRequest(deps: Parameters<RequestHandler>[2], a: Authed, id: string | undefined, own: boolean): Promise<RequestRow | null> {
  if (!id || !UUID.safeParse(id).success) return null;
  const row = await getRequest(deps.db, a.key.orgId, id);
  if (!row || (own && row.requester !== ownKey(a))) return null;
  return row;
}

const fieldErrors = (error: z.ZodError) => {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[issue.path.join(".") || "body"] ??= []).push(issue.message);
  return fields;
};

/** POST /api/v1/requests/{org}: files a request per provider (coalesced with this key's pending ones). */
export const createRequestHandler: RequestHandler = guarded(async (req, { orgSlug }, deps) => {
  const a = await auth(req, orgSlug, "request", deps);
  if (!a.ok) return a.response;
  const json = await readJson(req);
  if (!json.ok) return withHeaders(json.response, a.headers);
  const body = createRequestBody.safeParse(json.value);
  if (!body.success) {
    const fields = fieldErrors(body.error);
    return withHeaders(apiError("invalid_request", `Check the request: ${Object.values(fields)[0][0]}`, { fields }), a.headers);
  }
  const { rows: key } = await deps.db.query<{ name: string }>(`select name from api_keys where id = $1`, [a.key.id]);
  const label = `API key "${key[0]?.name ?? a.key.prefix}" (sbk_${a.key.prefix})`;
  const result = await createRequests(deps, a.actor, { type: "api_key", keyId: a.key.id, label }, a.key.orgId, body.data);
  if (result.kind === "bad_input") {
    return withHeaders(apiError("invalid_request", result.error, { fields: { [result.field]: [result.error] } }), a.headers);
  }
  if (result.kind === "limited") {
    return withHeaders(apiError("request_rate_limited", result.error, { retry_after: result.retryAfterSeconds },
      { "Retry-After": String(result.retryAfterSeconds) }), a.headers);
  }
  const requests = result.requests.map((r) => ({ ...presentRequest(r.row, a.key.orgSlug, deps.origin), coalesced: r.coalesced }));
  const anyNew = result.requests.some((r) => !r.coalesced);
  return withHeaders(apiJson({
    ...(requests.length === 1 ? { request: requests[0] } : {}),
    group_id: requests[0].group_id,
    requests,
    // Shown once: sign-verification secret of this request's callback (Standard Webhooks).
    ...(result.webhookSecret ? { webhook_secret: result.webhookSecret } : {}),
  }, anyNew ? 201 : 200), a.headers);
});

/** GET /api/v1/requests/{org}: this key's requests, newest first; ?state= filters by state. */
export const listRequestsHandler: RequestHandler = guarded(async (req, { orgSlug }, deps) => {
  const a = await auth(req, orgSlug, "request", deps);
  if (!a.ok) return a.response;
  const stateParam = new URL(req.url).searchParams.get("state");
  const state = stateParam === null ? undefined : z.enum(REQUEST_STATES).safeParse(stateParam).data;
  if (stateParam !== null && !state) return withHeaders(apiError("invalid_request", `state must be one of ${REQUEST_STATES.join(", ")}.`), a.headers);
  await deps.db.transaction((tx) => expireDue(tx, a.key.orgId));
  const rows = await listRequests(deps.db, a.key.orgId, { requester: ownKey(a), state });
  return withHeaders(apiJson({ org_slug: a.key.orgSlug, requests: rows.map((r) => presentRequest(r, a.key.orgSlug, deps.origin)) }), a.headers);
});

/**
 * GET /api/v1/requests/{org}/{id}[?wait=N]: the request now, or, with wait, once it is resolved
 * or after N seconds (at most 55), whichever comes first; always 200 with the current state.
 */
export const getRequestHandler: RequestHandler = guarded(async (req, { orgSlug, id }, deps) => {
  const a = await auth(req, orgSlug, "request", deps);
  if (!a.ok) return a.response;
  const waitParam = new URL(req.url).searchParams.get("wait");
  const wait = waitParam === null ? 0 : Number(waitParam);
  if (!Number.isFinite(wait) || wait < 0 || !/^\d+(\.\d+)?$/.test(waitParam ?? "0")) {
    return withHeaders(apiError("invalid_request", `wait must be a number of seconds, 0 to ${MAX_WAIT_SECONDS}.`), a.headers);
  }
  const found = await findRequest(deps, a, id, true);
  if (!found) return notFound(a);
  const cap = deps.maxWaitSeconds ?? MAX_WAIT_SECONDS;
  const row = await waitForOutcome(deps, a.key.orgId, found.id, Math.min(wait, cap) * 1000, req.signal);
  return withHeaders(apiJson({ request: presentRequest(row ?? found, a.key.orgSlug, deps.origin) }), a.headers);
});

const notPending = (a: Authed, row: RequestRow, orgSlug: string, origin: string) => {
  const r = presentRequest(row, orgSlug, origin);
  return withHeaders(apiError("request_not_pending", `This request is already ${r.state}; nothing was changed.`, { request: r }), a.headers);
};

/** POST …/{id}/cancel: the requesting key withdraws its request. */
export const cancelRequestHandler: RequestHandler = guarded(async (req, { orgSlug, id }, deps) => {
  const a = await auth(req, orgSlug, "request", deps);
  if (!a.ok) return a.response;
  const found = await findRequest(deps, a, id, true);
  if (!found) return notFound(a);
  const result = await closePending(deps.db, a.actor, a.key.orgId, found.id, "canceled");
  if (result.kind === "not_found") return notFound(a);
  if (result.kind === "not_pending") return notPending(a, result.row, a.key.orgSlug, deps.origin);
  deps.kick();
  return withHeaders(apiJson({ request: presentRequest(result.row, a.key.orgSlug, deps.origin) }), a.headers);
});

/** POST …/{id}/decline: an org key with the write scope (an admin's) turns the request down. */
export const declineRequestHandler: RequestHandler = guarded(async (req, { orgSlug, id }, deps) => {
  const a = await auth(req, orgSlug, "write", deps);
  if (!a.ok) return a.response;
  const found = await findRequest(deps, a, id, false);
  if (!found) return notFound(a);
  const result = await closePending(deps.db, a.actor, a.key.orgId, found.id, "declined");
  if (result.kind === "not_found") return notFound(a);
  if (result.kind === "not_pending") return notPending(a, result.row, a.key.orgSlug, deps.origin);
  deps.kick();
  return withHeaders(apiJson({ request: presentRequest(result.row, a.key.orgSlug, deps.origin) }), a.headers);
});

const fulfilBody = z.strictObject({ credential_name: z.string().trim().min(1).max(80).optional() });

/** POST …/{id}/fulfil {credential_name}: fulfils with an existing VALID credential (the provider's default when unnamed). */
export const fulfilRequestHandler: RequestHandler = guarded(async (req, { orgSlug, id }, deps) => {
  const a = await auth(req, orgSlug, "write", deps);
  if (!a.ok) return a.response;
  const found = await findRequest(deps, a, id, false);
  if (!found) return notFound(a);
  if (effectiveState(found) !== "pending") return notPending(a, (await readRequest(deps.db, a.key.orgId, found.id)) ?? found, a.key.orgSlug, deps.origin);
  const json = await readJson(req);
  if (!json.ok) return withHeaders(json.response, a.headers);
  const body = fulfilBody.safeParse(json.value);
  if (!body.success) return withHeaders(apiError("invalid_request", "Send { \"credential_name\": \"...\" }, or an empty body for the provider's default credential."), a.headers);
  const rows = (await listIntegrations(deps.db, a.key.orgId)).filter((r) => r.provider === found.provider);
  const name = body.data.credential_name;
  const credential = name ? rows.find((r) => sameCredentialName(r.name, name)) : rows.find((r) => r.isDefault);
  if (!credential) return withHeaders(apiError("not_found", name ? `No ${found.provider} credential is named "${name}".` : `No ${found.provider} credential is configured.`), a.headers);
  const result = await fulfilWithExisting(deps.db, a.actor, a.key.orgId, found.id, credential.id);
  if (result.kind === "not_found") return notFound(a);
  if (result.kind === "bad_credential") return withHeaders(apiError("invalid_request", result.error), a.headers);
  if (result.kind === "not_pending") return notPending(a, result.row, a.key.orgSlug, deps.origin);
  deps.kick();
  return withHeaders(apiJson({ request: presentRequest(result.row, a.key.orgSlug, deps.origin) }), a.headers);
});
