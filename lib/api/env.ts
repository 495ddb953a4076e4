import { exportEnv, KEY_SERVICE_DOWN } from "@/lib/env-export";
import { isKeyServiceDown } from "@/lib/vault/vault-types";
import { authenticateApiKey } from "./auth";
import { guarded, withHeaders } from "./context";
import { apiError } from "./errors";

/**
 * GET /api/v1/env/{org}: the org's .env as text (what `switchboard pull` fetches). A variable
 * that could not be written safely is left out with a comment; its name is also listed in
 * X-Switchboard-Refused so a client can warn without reading comments. A credential that does not
 * decrypt is left out the same way, its variables listed in X-Switchboard-Omitted (a client must
 * keep its own values of those rather than delete them). An unreachable key service answers 503
 * key_service_unavailable and exports nothing.
 */
export const envHandler = guarded(async (req, { orgSlug }, deps) => {
  const auth = await authenticateApiKey(req, deps.db, { orgSlug, scope: "export", rateLimit: deps.rateLimit });
  if (!auth.ok) return auth.response;
  const file = await exportEnv(deps, auth.actor, { orgId: auth.key.orgId, slug: auth.key.orgSlug, via: "api" }).catch((err: unknown) => {
    if (isKeyServiceDown(err)) return null;
    throw err;
  });
  if (!file) return withHeaders(apiError("key_service_unavailable", KEY_SERVICE_DOWN, {}, { "Retry-After": "30" }), auth.headers);
  const res = new Response(file.text, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Switchboard-Variables": String(file.written.length),
      ...(file.refused.length ? { "X-Switchboard-Refused": file.refused.map((r) => r.name).join(",") } : {}),
      ...(file.omittedVariables.length ? { "X-Switchboard-Omitted": file.omittedVariables.join(",") } : {}),
    },
  });
  return withHeaders(res, auth.headers);
});
