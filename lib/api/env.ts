import { exportEnv } from "@/lib/env-export";
import { authenticateApiKey } from "./auth";
import { guarded, withHeaders } from "./context";

/**
 * GET /api/v1/env/{org}: the org's .env as text (what `switchboard pull` fetches). A variable
 * that could not be written safely is left out with a comment; its name is also listed in
 * X-Switchboard-Refused so a client can warn without reading comments.
 */
export const envHandler = guarded(async (req, { orgSlug }, deps) => {
  const auth = await authenticateApiKey(req, deps.db, { orgSlug, scope: "export", rateLimit: deps.rateLimit });
  if (!auth.ok) return auth.response;
  const file = await exportEnv(deps, auth.actor, { orgId: auth.key.orgId, slug: auth.key.orgSlug, via: "api" });
  const res = new Response(file.text, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Switchboard-Variables": String(file.written.length),
      ...(file.refused.length ? { "X-Switchboard-Refused": file.refused.map((r) => r.name).join(",") } : {}),
    },
  });
  return withHeaders(res, auth.headers);
});
