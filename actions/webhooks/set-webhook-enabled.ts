"use server";

import { revalidatePath } from "next/cache";
import { fail, orgAction } from "@/lib/safe-action";
import { kickWebhooks } from "@/lib/webhooks/kick";
import { setEnabled } from "@/lib/webhooks/subscriptions";
import { setEnabledSchema } from "@/lib/zod/webhooks-outgoing";

/** Disables a subscription (deliveries wait) or enables it (what waited is sent now). */
export const setWebhookEnabledAction = orgAction("admin", setEnabledSchema, async (input, { db, actor, membership }) => {
  if (!(await setEnabled(db, actor, membership.orgId, input.subscriptionId, input.enabled))) return fail(404, "That subscription no longer exists.");
  if (input.enabled) kickWebhooks();
  revalidatePath(`/${membership.slug}/settings/webhooks/outgoing`);
  return { ok: true, data: null, message: input.enabled ? "Subscription enabled." : "Subscription disabled." };
});
