import "server-only";
import type { Db } from "@/lib/db/types";
import { listIntegrations } from "@/lib/integrations/queries";
import { getProvider } from "@/lib/providers";
import { listEndpoints, recentDeliveries } from "./endpoints";
import { schemesFor } from "./service";

/**
 * What the endpoint pages show, read under the viewer's row-level security: the endpoints with
 * their full URL (from APP_URL, never the request), their latest deliveries, and the credentials
 * an endpoint can be created for. Never a secret or a body.
 */
export async function inboundPageData(db: Db, orgId: string, origin: string, provider?: string) {
  const [endpoints, deliveries, integrations] = await Promise.all([listEndpoints(db, orgId), recentDeliveries(db, orgId), listIntegrations(db, orgId, provider)]);
  const labelOf = (id: string) => {
    const i = integrations.find((x) => x.id === id);
    return i ? `${getProvider(i.provider)?.name ?? i.provider} “${i.name}”` : "a deleted credential";
  };
  return {
    endpoints: endpoints.filter((e) => !provider || e.provider === provider).map((e) => ({
      id: e.id, name: e.name, scheme: e.scheme, url: `${origin}/api/hooks/${e.token}`, credentialLabel: labelOf(e.integrationId),
      deliveries: deliveries.filter((d) => d.endpointId === e.id).map((d) => ({
        id: d.id, verified: d.verified, eventType: d.eventType, externalId: d.externalId, refusal: d.refusal, refusalDetail: d.refusalDetail,
        bodyBytes: d.bodyBytes, receivedAt: new Date(d.receivedAt).toISOString(),
      })),
    })),
    credentials: integrations.filter((i) => i.authType === "api_key").map((i) => ({ id: i.id, label: labelOf(i.id), schemes: schemesFor(i.provider) })),
  };
}
