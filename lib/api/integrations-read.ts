import { listIntegrations } from "@/lib/integrations/queries";
import { getProvider, providers } from "@/lib/providers";
import { authenticateApiKey } from "./auth";
import { guarded, withHeaders } from "./context";
import { apiError, apiJson } from "./errors";
import { presentProvider, providerKey } from "./present";

/** GET /api/v1/integrations/{org}: every catalog provider with its status, as the integrations page shows them. */
export const listIntegrationsHandler = guarded(async (req, { orgSlug }, deps) => {
  const auth = await authenticateApiKey(req, deps.db, { orgSlug, scope: "read", rateLimit: deps.rateLimit });
  if (!auth.ok) return auth.response;
  const rows = await listIntegrations(deps.db, auth.key.orgId);
  const ids = [...new Set([...providers.map((p) => p.id), ...rows.map((r) => r.provider)])];
  const integrations = Object.fromEntries(ids.map((id) => {
    const provider = getProvider(id) ?? { id, name: id };
    return [providerKey(id), presentProvider(provider, rows.filter((r) => r.provider === id))];
  }));
  const configured = [...new Set(rows.map((r) => providerKey(r.provider)))];
  return withHeaders(apiJson({
    org_slug: auth.key.orgSlug,
    integrations,
    // Every stored credential VALID; false when nothing is configured.
    all_valid: rows.length > 0 && rows.every((r) => r.status === "VALID"),
    providers_configured: configured,
  }), auth.headers);
});

/** GET /api/v1/integrations/{org}/{provider}: one provider, with each named credential. */
export const getIntegrationHandler = guarded(async (req, { orgSlug, provider: providerParam = "" }, deps) => {
  const auth = await authenticateApiKey(req, deps.db, { orgSlug, scope: "read", rateLimit: deps.rateLimit });
  if (!auth.ok) return auth.response;
  const provider = getProvider(providerParam.toLowerCase());
  if (!provider) return withHeaders(unknownProvider(providerParam), auth.headers);
  const rows = (await listIntegrations(deps.db, auth.key.orgId)).filter((r) => r.provider === provider.id);
  return withHeaders(apiJson({ org_slug: auth.key.orgSlug, ...presentProvider(provider, rows) }), auth.headers);
});

export const unknownProvider = (id: string) =>
  apiError("unknown_provider", `"${id.slice(0, 40)}" is not a provider in the Switchboard catalog. GET /api/v1/openapi.json lists the API; the integrations page lists providers.`);
