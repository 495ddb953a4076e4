"use server";

import { revalidatePath } from "next/cache";
import { fail, orgAction } from "@/lib/safe-action";
import { getVault } from "@/lib/vault";
import { rotateSecret } from "@/lib/webhooks/subscriptions";
import { subscriptionTarget } from "@/lib/webhooks/timer";
import { subscriptionRefSchema } from "@/lib/zod/webhooks-outgoing";

/** A new signing secret, shown this once; the old one keeps signing beside it for 24 hours. */
export const rotateWebhookSecretAction = orgAction("admin", subscriptionRefSchema, async (input, { db, actor, membership }) => {
  const out = await rotateSecret({ db, vault: await getVault(), target: subscriptionTarget() }, actor, membership.orgId, input.subscriptionId);
  if (out === null) return fail(404, "That subscription no longer exists.");
  if (out === "conflict") return fail(409, "Someone rotated this secret at the same moment. Reload the page to see the current one, then rotate again if needed.");
  revalidatePath(`/${membership.slug}/settings/webhooks/outgoing`);
  return { ok: true, data: { secret: out.secret }, message: "Secret rotated." };
});
