import type { Actor } from "@/lib/audit";
import { traceRefusedApiCall } from "@/lib/auth/traces";
import { clientIp } from "@/lib/net/client-ip";
import type { Db } from "@/lib/db/types";
import { apiError } from "./errors";
import { findKeyByPrefix, parseApiKey, secretMatches, type Scope } from "./keys";
import { hitRateLimit, type RateLimit } from "./rate-limit";

export interface ApiKeyPrincipal {
  id: string;
  orgId: string;
  orgSlug: string;
  prefix: string;
  scopes: Scope[];
}

export type ApiAuth =
  | { ok: true; key: ApiKeyPrincipal; actor: Actor; headers: Record<string, string> }
  | { ok: false; response: Response };

// Compared against when no key has the presented prefix, so a miss costs what a hit costs.
const DUMMY_HASH = "0".repeat(64);

/** Who is calling and from where, for the audit trail: the key is the actor, not a person. */
export function apiActor(req: Request, prefix: string): Actor {
  return { userId: null, apiKey: prefix, ip: clientIp((n) => req.headers.get(n)), userAgent: req.headers.get("user-agent") };
}

/**
 * The one check every /api/v1 handler makes itself, in this order: a key that opens (401), the
 * key's rate limit (429), the org in the URL (403 org_forbidden), the scope (403
 * insufficient_scope). The org check compares the URL's slug with the key's own org and never
 * looks the slug up, so another org and a nonexistent org answer byte for byte alike.
 */
export async function authenticateApiKey(
  req: Request, db: Db, need: { orgSlug: string; scope: Scope; rateLimit: RateLimit },
): Promise<ApiAuth> {
  const presented = req.headers.get("x-api-key");
  if (!presented) return deny(apiError("missing_api_key", "Send an org API key in the X-API-Key header."));
  const parsed = parseApiKey(presented);
  const invalid = () => deny(apiError("invalid_api_key", "This API key is not valid. Check that it was copied whole, or create a new one in Settings, API keys."));
  if (!parsed) return invalid();
  const key = await findKeyByPrefix(db, parsed.prefix);
  if (!secretMatches(parsed.secret, key?.secretHash ?? DUMMY_HASH) || !key) return invalid();
  // Only a caller holding the whole secret learns that the key was revoked or has expired.
  if (key.revoked) return deny(apiError("api_key_revoked", "This API key was revoked. Ask an org admin for a new one."));
  if (!key.creatorIsAdmin) {
    return deny(apiError("api_key_revoked", "This API key was revoked: the person who created it is no longer an admin of this org. Ask an org admin for a new one."));
  }
  if (key.expired) return deny(apiError("api_key_expired", "This API key has expired. Ask an org admin for a new one."));

  const rate = await hitRateLimit(db, key.id, need.rateLimit);
  const headers = {
    "X-RateLimit-Limit": String(need.rateLimit.limit),
    "X-RateLimit-Remaining": String(rate.remaining),
    "X-RateLimit-Reset": String(rate.resetSeconds),
  };
  if (!rate.allowed) {
    return deny(apiError("rate_limited", `Too many requests with this API key. Try again in ${rate.resetSeconds} s.`,
      { retry_after: rate.resetSeconds }, { ...headers, "Retry-After": String(rate.resetSeconds) }));
  }
  if (key.orgSlug !== need.orgSlug.toLowerCase()) {
    // In the key's own org's log (no lookup of the other org: the answer must not depend on it).
    await traceRefusedApiCall(db, apiActor(req, key.prefix), key.id, key.orgId, need.orgSlug);
    return deny(apiError("org_forbidden", "This API key does not give access to that organization.", {}, headers));
  }
  if (!key.scopes.includes(need.scope)) {
    return deny(apiError("insufficient_scope", `This API key lacks the "${need.scope}" scope this request needs.`, { required_scope: need.scope }, headers));
  }
  const { id, orgId, orgSlug, prefix, scopes } = key;
  return { ok: true, key: { id, orgId, orgSlug, prefix, scopes }, actor: apiActor(req, prefix), headers };
}

const deny = (response: Response): ApiAuth => ({ ok: false, response });
