"use server";

import { revalidatePath } from "next/cache";
import { fail, orgAction } from "@/lib/safe-action";
import { deleteInboundEndpoint } from "@/lib/webhooks/inbound/service";
import { inboundEndpointRefSchema } from "@/lib/zod/webhooks-inbound";

/** Deletes an inbound endpoint and its deliveries; its URL answers 404 from now on. */
export const deleteInboundEndpointAction = orgAction("admin", inboundEndpointRefSchema, async (input, { db, actor, membership }) => {
  if (!(await deleteInboundEndpoint(db, actor, membership.orgId, input.endpointId))) return fail(404, "That endpoint no longer exists.");
  revalidatePath(`/${membership.slug}/settings/webhooks/inbound`);
  return { ok: true, data: null, message: "Endpoint deleted. Its URL no longer accepts deliveries." };
});
