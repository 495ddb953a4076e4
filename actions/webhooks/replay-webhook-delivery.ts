"use server";

import { revalidatePath } from "next/cache";
import { fail, orgAction } from "@/lib/safe-action";
import { replay } from "@/lib/webhooks/deliveries";
import { kickWebhooks } from "@/lib/webhooks/kick";
import { replayDeliverySchema } from "@/lib/zod/webhooks-outgoing";

/** Sends one delivery again, same webhook-id and body, on a fresh schedule. */
export const replayWebhookDeliveryAction = orgAction("admin", replayDeliverySchema, async (input, { db, actor, membership }) => {
  const n = await replay(db, actor, membership.orgId, input.subscriptionId, { deliveryId: input.deliveryId });
  if (n === null) return fail(404, "That delivery no longer exists.");
  kickWebhooks();
  revalidatePath(`/${membership.slug}/settings/webhooks/outgoing`);
  return { ok: true, data: null, message: "Delivery queued again." };
});
