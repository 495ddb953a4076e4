"use server";

import { revalidatePath } from "next/cache";
import { fail, orgAction } from "@/lib/safe-action";
import { sendTestEvent } from "@/lib/webhooks/deliveries";
import { kickWebhooks } from "@/lib/webhooks/kick";
import { subscriptionRefSchema } from "@/lib/zod/webhooks-outgoing";

/** Queues a webhook.test event to this subscription and sends it right after answering. */
export const sendWebhookTestAction = orgAction("admin", subscriptionRefSchema, async (input, { db, actor, membership }) => {
  if (!(await sendTestEvent(db, actor, membership.orgId, input.subscriptionId))) return fail(404, "That subscription no longer exists.");
  kickWebhooks();
  revalidatePath(`/${membership.slug}/settings/webhooks/outgoing`);
  return { ok: true, data: null, message: "Test event queued. Reload in a moment to see its attempt." };
});
