import { listIntegrations } from "@/lib/integrations/queries";
import { sameCredentialName } from "@/lib/integrations/same-name";
import { deleteIntegration, revalidateIntegration, setupIntegration, UNREADABLE_REASON, type Limited } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import type { CheckResult, ProviderDefinition } from "@/lib/providers/types";
import { planLimitMessage } from "@/lib/billing/limits";
import { authenticateApiKey, type ApiAuth } from "./auth";
import { guarded, withHeaders, type ApiDeps } from "./context";
import { apiError, apiJson } from "./errors";
import { unknownProvider } from "./integrations-read";
import { providerKey } from "./present";
import { parseSetupBody, readJson } from "./setup-body";

const verdict = (check: CheckResult) => ({ outcome: check.outcome, reason: check.reason, account: check.accountLabel ?? null, details: check.details ?? {} });

/** Authenticates with the write scope and resolves the provider; the shared start of every write. */
type Begun = { response: Response } | { auth: Extract<ApiAuth, { ok: true }>; provider: ProviderDefinition };

async function begin(req: Request, orgSlug: string, providerParam: string, deps: ApiDeps): Promise<Begun> {
  const auth = await authenticateApiKey(req, deps.db, { orgSlug, scope: "write", rateLimit: deps.rateLimit });
  if (!auth.ok) return { response: auth.response };
  const provider = getProvider(providerParam.toLowerCase());
  if (!provider) return { response: withHeaders(unknownProvider(providerParam), auth.headers) };
  return { auth, provider };
}

/**
 * The service refused the check: the key's creator (across all their orgs and keys) or the org
 * has used up its window (lib/integrations/rate-limit.ts). Nothing was called or stored.
 */
const limited = (result: Limited, auth: Extract<ApiAuth, { ok: true }>) =>
  withHeaders(apiError("validation_rate_limited", result.error, { retry_after: result.retryAfterSeconds }, { "Retry-After": String(result.retryAfterSeconds) }), auth.headers);

/** The credential named by ?name=, or the provider's default. */
async function pick(deps: ApiDeps, orgId: string, providerId: string, req: Request) {
  const name = new URL(req.url).searchParams.get("name");
  const rows = (await listIntegrations(deps.db, orgId)).filter((r) => r.provider === providerId);
  const row = name ? rows.find((r) => sameCredentialName(r.name, name)) : rows.find((r) => r.isDefault);
  return row ?? null;
}

const noCredential = (providerName: string, req: Request) => {
  const name = new URL(req.url).searchParams.get("name");
  return apiError("not_found", name ? `No ${providerName} credential is named "${name.slice(0, 80)}".` : `No ${providerName} credential is configured.`);
};

/** POST …/{provider}/setup: the same format check, live validation and sealed storage as the setup page. */
export const setupIntegrationHandler = guarded(async (req, { orgSlug, provider: p = "" }, deps) => {
  const start = await begin(req, orgSlug, p, deps);
  if ("response" in start) return start.response;
  const { auth, provider } = start;
  const json = await readJson(req);
  if (!json.ok) return withHeaders(json.response, auth.headers);
  const body = parseSetupBody(provider, json.value);
  if (!body.ok) return withHeaders(body.response, auth.headers);
  const { name, credential, skipValidation, clearFields } = body.body;
  const result = await setupIntegration(deps, auth.actor, { orgId: auth.key.orgId, provider, name, credential, skipValidation, clearFields });
  const id = providerKey(provider.id);
  switch (result.kind) {
    case "limited":
      return limited(result, auth);
    case "bad_input": {
      const fields = Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [`credential.${k}`, v]));
      return withHeaders(apiError("invalid_credential", `Check the credential: ${Object.values(result.fieldErrors)[0][0]}`, { fields }), auth.headers);
    }
    case "plan_limit":
      return withHeaders(apiError("plan_limit_reached", planLimitMessage(result.hit, { role: "api", orgSlug }),
        { limit: result.hit.key, plan: result.hit.plan, allowed: result.hit.limit, count: result.hit.count }), auth.headers);
    case "oauth_name":
      return withHeaders(apiError("name_taken", `"${name}" is an OAuth connection to ${provider.name}, which a pasted key does not replace. Nothing was stored. Send another credential_name.`), auth.headers);
    case "rejected":
      return withHeaders(apiError("credential_rejected", `${result.check.reason} Nothing was stored.`,
        { provider: id, validation_status: "INVALID", ...verdict(result.check) }), auth.headers);
    case "unverified": {
      const retry = result.check.retryAfterSeconds;
      return withHeaders(apiError("validation_unavailable",
        `Couldn't verify with ${provider.name}: ${result.check.reason} Nothing was stored. Retry later, or send skip_validation: true to store it as PENDING.`,
        { provider: id, ...verdict(result.check) }, retry ? { "Retry-After": String(retry) } : {}), auth.headers);
    }
    case "stored":
      return withHeaders(apiJson({
        success: true, provider: id, credential_id: result.integrationId, credential_name: result.name, replaced: result.replaced, validation_status: result.status,
        message: result.status === "PENDING" ? "Saved without verifying; it will be checked on the next re-validation." : "Integration configured successfully.",
        ...verdict(result.check),
      }), auth.headers);
  }
});

/** POST …/{provider}/validate: re-checks a stored credential (?name= or the default), as Re-validate does. */
export const validateIntegrationHandler = guarded(async (req, { orgSlug, provider: p = "" }, deps) => {
  const start = await begin(req, orgSlug, p, deps);
  if ("response" in start) return start.response;
  const { auth, provider } = start;
  const row = await pick(deps, auth.key.orgId, provider.id, req);
  const result = row ? await revalidateIntegration(deps, auth.actor, auth.key.orgId, provider, row.id) : ({ kind: "not_found" } as const);
  if (result.kind === "not_found" || !row) return withHeaders(noCredential(provider.name, req), auth.headers);
  if (result.kind === "limited") return limited(result, auth);
  if (result.kind === "unreadable") {
    return withHeaders(apiError("credential_unreadable", `${UNREADABLE_REASON} Nothing was sent to ${provider.name}.`,
      { provider: providerKey(provider.id), credential_id: row.id, credential_name: row.name }), auth.headers);
  }
  const { outcome, reason } = result.check;
  const message =
    outcome === "valid" ? "Integration validated successfully." :
    outcome === "valid_but_insufficient" ? `Valid, with a warning: ${reason}` :
    outcome === "invalid" ? `${reason} The status is now INVALID.` :
    `Couldn't verify now: ${reason} The status was left as ${result.status}.`;
  return withHeaders(apiJson({
    success: true, provider: providerKey(provider.id), credential_id: row.id, credential_name: row.name,
    validation_status: result.status, message, ...verdict(result.check),
  }), auth.headers);
});

/** DELETE …/{provider}: deletes a credential (?name= or the default) and its secret; the audit trail stays. */
export const deleteIntegrationHandler = guarded(async (req, { orgSlug, provider: p = "" }, deps) => {
  const start = await begin(req, orgSlug, p, deps);
  if ("response" in start) return start.response;
  const { auth, provider } = start;
  const row = await pick(deps, auth.key.orgId, provider.id, req);
  if (!row || !(await deleteIntegration(deps, auth.actor, auth.key.orgId, row.id))) return withHeaders(noCredential(provider.name, req), auth.headers);
  return withHeaders(apiJson({
    success: true, provider: providerKey(provider.id), credential_id: row.id, credential_name: row.name,
    message: "Integration deleted successfully.",
  }), auth.headers);
});
