"use server";

import { revalidatePath } from "next/cache";
import { closePending } from "@/lib/requests/service";
import { fail, orgAction } from "@/lib/safe-action";
import { requestRefSchema } from "@/lib/zod/requests";

/** An admin turns a credential request down; the requester is told (long poll, stream, callback). */
export const declineRequestAction = orgAction("admin", requestRefSchema, async (input, { db, actor, membership }) => {
  const result = await closePending(db, actor, membership.orgId, input.requestId, "declined");
  if (result.kind === "not_found") return fail(404, "That request does not exist in this organization.");
  if (result.kind === "not_pending") return fail(409, `That request is already ${result.row.state === "pending" ? "expired" : result.row.state}.`);
  revalidatePath(`/${membership.slug}/integrations`);
  return { ok: true, data: null, message: "Declined. The requester has been told." };
});
