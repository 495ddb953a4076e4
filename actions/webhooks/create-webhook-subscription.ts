"use server";

import { revalidatePath } from "next/cache";
import { planLimitMessage } from "@/lib/billing/limits";
import { fail, orgAction } from "@/lib/safe-action";
import { getVault } from "@/lib/vault";
import { createSubscription } from "@/lib/webhooks/subscriptions";
import { subscriptionTarget } from "@/lib/webhooks/timer";
import { chosenEventTypes, createSubscriptionSchema } from "@/lib/zod/webhooks-outgoing";

/** Adds a subscription; its signing secret is returned this once and kept only sealed. */
export const createWebhookSubscriptionAction = orgAction("admin", createSubscriptionSchema, async (input, { db, actor, user, membership }) => {
  const out = await createSubscription({ db, vault: await getVault(), target: subscriptionTarget() }, actor, {
    orgId: membership.orgId, url: input.url, eventTypes: chosenEventTypes(input), createdBy: user.id,
  });
  if (out.kind === "bad_input") return fail(400, out.error, { [out.field]: [out.error] });
  if (out.kind === "limited") return fail(409, out.error);
  if (out.kind === "plan_limit") return fail(402, planLimitMessage(out.hit, { role: membership.role, orgSlug: membership.slug }));
  revalidatePath(`/${membership.slug}/settings/webhooks/outgoing`);
  return { ok: true, data: { secret: out.secret }, message: "Subscription added." };
});
