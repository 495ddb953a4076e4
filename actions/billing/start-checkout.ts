"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { ensureCustomer } from "@/lib/billing/customer";
import { effectivePlan, readBillingState } from "@/lib/billing/state";
import { getBilling } from "@/lib/billing/stripe";
import { publicOrigin } from "@/lib/net/public-origin";
import { fail, orgAction } from "@/lib/safe-action";
import { orgSlugRef } from "@/lib/zod/text";

const schema = z.object({ orgSlug: orgSlugRef, plan: z.enum(["team", "business"], "Choose Team or Business.") });

/** Owners only: opens a Stripe Checkout Session (subscription mode) for the org's own customer. */
export const startCheckoutAction = orgAction("owner", schema, async ({ plan }, { db, membership }) => {
  const billing = getBilling();
  if (!billing) return fail(404, "Billing is off on this Switchboard: set the STRIPE_ variables to turn it on.");
  const state = await readBillingState(db, membership.orgId);
  // A second subscription would bill twice: plan changes go through the Customer Portal.
  if (state.subscriptionId && effectivePlan(state).standing !== "free" && effectivePlan(state).standing !== "inactive") {
    return fail(409, "This organization already has a subscription. Use Manage billing to change the plan.");
  }
  const customer = await ensureCustomer(db, billing.stripe, { id: membership.orgId, name: membership.orgName, slug: membership.slug });
  const back = `${publicOrigin().origin}/${membership.slug}/settings/billing`;
  const session = await billing.stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: membership.orgId,
    line_items: [{ price: billing.config.prices[plan], quantity: 1 }],
    metadata: { org_id: membership.orgId },
    subscription_data: { metadata: { org_id: membership.orgId } },
    // {CHECKOUT_SESSION_ID} is filled in by Stripe; the billing page syncs on it at once.
    success_url: `${back}?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: back,
  });
  if (!session.url) return fail(502, "Stripe did not return a Checkout page. Try again.");
  // The URL is single-use and short-lived: handed to this browser only, never logged or stored.
  redirect(session.url);
});
