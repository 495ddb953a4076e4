"use server";

import { revalidatePath } from "next/cache";
import { fulfilWithExisting } from "@/lib/requests/service";
import { fail, orgAction } from "@/lib/safe-action";
import { fulfilWithExistingSchema } from "@/lib/zod/requests";

/** An admin answers a request with a credential the org already has; it must be Valid now. */
export const fulfilRequestAction = orgAction("admin", fulfilWithExistingSchema, async (input, { db, actor, membership }) => {
  const result = await fulfilWithExisting(db, actor, membership.orgId, input.requestId, input.integrationId);
  if (result.kind === "not_found") return fail(404, "That request does not exist in this organization.");
  if (result.kind === "bad_credential") return fail(400, result.error);
  if (result.kind === "not_pending") return fail(409, `That request is already ${result.row.state === "pending" ? "expired" : result.row.state}.`);
  revalidatePath(`/${membership.slug}/integrations`);
  return { ok: true, data: null, message: "Fulfilled. The requester has been told." };
});
