"use server";

import { revalidatePath } from "next/cache";
import { publicOrigin } from "@/lib/net/public-origin";
import { fail, orgAction } from "@/lib/safe-action";
import { getVault } from "@/lib/vault";
import { createInboundEndpoint } from "@/lib/webhooks/inbound/service";
import { createInboundEndpointSchema } from "@/lib/zod/webhooks-inbound";

/** Creates an inbound endpoint for one credential; a generated signing secret is returned this once. */
export const createInboundEndpointAction = orgAction("admin", createInboundEndpointSchema, async (input, { db, actor, membership }) => {
  const hmac = input.scheme === "hmac_sha256"
    ? { signatureHeader: input.signatureHeader!, encoding: input.signatureEncoding!, idHeader: input.idHeader ?? null }
    : null;
  const result = await createInboundEndpoint(db, await getVault(), actor, {
    orgId: membership.orgId, integrationId: input.integrationId, scheme: input.scheme, name: input.name, hmac,
  });
  if (result.kind !== "created") {
    if (result.kind === "not_found") return fail(404, result.error, { integrationId: [result.error] });
    if (result.kind === "wrong_scheme") return fail(400, result.error, { scheme: [result.error] });
    return fail(409, result.error);
  }
  revalidatePath(`/${membership.slug}/settings/webhooks/inbound`);
  revalidatePath(`/${membership.slug}/integrations/${result.endpoint.provider}`);
  const url = `${publicOrigin().origin}/api/hooks/${result.endpoint.token}`;
  return {
    ok: true,
    data: { id: result.endpoint.id, name: result.endpoint.name, scheme: result.endpoint.scheme, url, secret: result.secret },
    message: `Created ${result.endpoint.name}.`,
  };
});
