"use server";

import { revalidatePath } from "next/cache";
import { fail, orgAction } from "@/lib/safe-action";
import { MAX_REPLAY, replay } from "@/lib/webhooks/deliveries";
import { kickWebhooks } from "@/lib/webhooks/kick";
import { REPLAY_WINDOWS, replaySinceSchema } from "@/lib/zod/webhooks-outgoing";

/** Sends again every delivery of the subscription from the chosen time on (at most MAX_REPLAY). */
export const replayWebhooksSinceAction = orgAction("admin", replaySinceSchema, async (input, { db, actor, membership }) => {
  const since = new Date(Date.now() - REPLAY_WINDOWS[input.window] * 3_600_000);
  const n = await replay(db, actor, membership.orgId, input.subscriptionId, { since });
  if (n === null) return fail(404, "That subscription no longer exists.");
  if (n > 0) kickWebhooks();
  revalidatePath(`/${membership.slug}/settings/webhooks/outgoing`);
  const capped = n === MAX_REPLAY ? ` (the newest ${MAX_REPLAY}; replay again from an earlier time for the rest)` : "";
  return { ok: true, data: { count: n }, message: n === 0 ? "No deliveries in that time." : `${n} ${n === 1 ? "delivery" : "deliveries"} queued again${capped}.` };
});
