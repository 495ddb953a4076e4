"use server";

import { revalidatePath } from "next/cache";
import { integrationDeps } from "@/lib/integrations/deps";
import { publicOrigin } from "@/lib/net/public-origin";
import { fail, orgAction } from "@/lib/safe-action";
import { STRIPE_EVENT_CHOICES } from "@/lib/webhooks/setup/choices";
import { setupStripeWebhook } from "@/lib/webhooks/setup/stripe";
import { checkedEvents, stripeWebhookSetupSchema } from "@/lib/zod/webhooks-setup";

/** Setup after save: a webhook endpoint at Stripe, its signing secret stored as the credential's. */
export const setupStripeWebhookAction = orgAction("admin", stripeWebhookSetupSchema, async (input, { actor, membership }) => {
  const target = input.target === "app" ? { kind: "app" as const, url: input.appUrl! } : { kind: "inbound" as const };
  const result = await setupStripeWebhook(await integrationDeps(), actor, {
    orgId: membership.orgId, integrationId: input.integrationId, target, events: checkedEvents(STRIPE_EVENT_CHOICES, input), origin: publicOrigin().origin,
  });
  if (result.kind === "refused") return fail(result.status, result.error);
  revalidatePath(`/${membership.slug}/integrations/stripe`);
  revalidatePath(`/${membership.slug}/settings/webhooks/inbound`);
  if (result.kind === "exists") {
    return {
      ok: true, data: { url: result.url, remoteId: result.remoteId, created: false },
      message: result.hasSecret
        ? `Stripe already sends to ${result.url} (${result.remoteId}); nothing was changed.`
        : `Stripe already has an endpoint for ${result.url} (${result.remoteId}). Stripe shows its signing secret only in the Dashboard: reveal it there and paste it as this credential's webhook signing secret.`,
    };
  }
  return { ok: true, data: { url: result.url, remoteId: result.remoteId, created: true }, message: `Created ${result.remoteId} at Stripe; its signing secret is now this credential's webhook signing secret.` };
});
