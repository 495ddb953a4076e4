"use server";

import { revalidatePath } from "next/cache";
import { fail, orgAction } from "@/lib/safe-action";
import { deleteSubscription } from "@/lib/webhooks/subscriptions";
import { subscriptionRefSchema } from "@/lib/zod/webhooks-outgoing";

/** Deletes a subscription with its waiting deliveries and its attempts; the audit log keeps the record. */
export const deleteWebhookSubscriptionAction = orgAction("admin", subscriptionRefSchema, async (input, { db, actor, membership }) => {
  if (!(await deleteSubscription(db, actor, membership.orgId, input.subscriptionId))) return fail(404, "That subscription no longer exists.");
  revalidatePath(`/${membership.slug}/settings/webhooks/outgoing`);
  return { ok: true, data: null, message: "Subscription deleted." };
});
