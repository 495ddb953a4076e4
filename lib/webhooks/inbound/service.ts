import "server-only";
import type { Actor } from "@/lib/audit";
import { writeAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { getIntegration } from "@/lib/integrations/queries";
import type { Vault } from "@/lib/vault/vault";
import { deleteEndpoint, generateSecret, insertEndpoint, type EndpointRow } from "./endpoints";
import type { HmacSettings, Scheme } from "./schemes";

/** Endpoints per org: far more than any team's senders, few enough that a loop cannot mint thousands. */
export const MAX_ENDPOINTS_PER_ORG = 25;

/** Which schemes a credential of each provider may receive with; any key credential may use the generic ones. */
export function schemesFor(provider: string): Scheme[] {
  const generic: Scheme[] = ["standard_webhooks", "hmac_sha256"];
  if (provider === "stripe") return ["stripe", ...generic];
  if (provider === "github") return ["github", ...generic];
  return generic;
}

export interface CreateEndpointInput {
  orgId: string;
  integrationId: string;
  scheme: Scheme;
  name: string;
  hmac: HmacSettings | null;
}

export type CreateEndpointResult =
  | { kind: "created"; endpoint: EndpointRow; secret: string | null }
  | { kind: "not_found" | "wrong_scheme" | "too_many"; error: string };

/**
 * An endpoint for one credential of the org. A generated secret is sealed on the endpoint and
 * returned once, for the caller to show; Stripe's comes from the credential's own field. The
 * count is taken under the org's row lock, so parallel creations cannot pass the cap together.
 */
export async function createInboundEndpoint(db: Db, vault: Vault, actor: Actor, input: CreateEndpointInput): Promise<CreateEndpointResult> {
  const secret = input.scheme === "stripe" ? null : generateSecret(input.scheme);
  return db.transaction(async (tx) => {
    await tx.query(`select 1 from organizations where id = $1 for update`, [input.orgId]);
    const credential = await getIntegration(tx, input.orgId, input.integrationId);
    if (!credential || credential.authType !== "api_key") return { kind: "not_found" as const, error: "That credential does not exist in this organization." };
    if (!schemesFor(credential.provider).includes(input.scheme)) {
      return { kind: "wrong_scheme" as const, error: "That provider does not sign webhooks this way; choose Standard Webhooks or HMAC-SHA256." };
    }
    const { rows } = await tx.query<{ n: number }>(`select count(*)::int as n from inbound_endpoints where org_id = $1`, [input.orgId]);
    if (rows[0].n >= MAX_ENDPOINTS_PER_ORG) return { kind: "too_many" as const, error: `This organization already has ${MAX_ENDPOINTS_PER_ORG} inbound endpoints; delete one first.` };
    const endpoint = await insertEndpoint(tx, vault, {
      orgId: input.orgId, integrationId: credential.id, provider: credential.provider, scheme: input.scheme, name: input.name,
      hmac: input.scheme === "hmac_sha256" ? input.hmac : null, createdBy: actor.userId,
    }, secret);
    await writeAudit(tx, actor, {
      orgId: input.orgId, action: "webhook.inbound_create", provider: credential.provider, integrationId: credential.id, outcome: "created",
      metadata: { endpoint: endpoint.id, name: endpoint.name, scheme: endpoint.scheme, credential: credential.name },
    });
    return { kind: "created" as const, endpoint, secret };
  });
}

export async function deleteInboundEndpoint(db: Db, actor: Actor, orgId: string, endpointId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const gone = await deleteEndpoint(tx, orgId, endpointId);
    if (!gone) return false;
    await writeAudit(tx, actor, {
      orgId, action: "webhook.inbound_delete", provider: gone.provider, integrationId: gone.integrationId, outcome: "deleted",
      metadata: { endpoint: gone.id, name: gone.name, scheme: gone.scheme },
    });
    return true;
  });
}
