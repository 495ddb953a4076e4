"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { readBillingState } from "@/lib/billing/state";
import { getBilling } from "@/lib/billing/stripe";
import { publicOrigin } from "@/lib/net/public-origin";
import { fail, orgAction } from "@/lib/safe-action";
import { orgSlugRef } from "@/lib/zod/text";

const schema = z.object({ orgSlug: orgSlugRef });

/** Owners only: opens Stripe's Customer Portal for the org's customer (plan, card, invoices, cancel). */
export const openPortalAction = orgAction("owner", schema, async (_input, { db, membership }) => {
  const billing = getBilling();
  if (!billing) return fail(404, "Billing is off on this Switchboard: set the STRIPE_ variables to turn it on.");
  const state = await readBillingState(db, membership.orgId);
  if (!state.customerId) return fail(409, "This organization has no billing account yet. Choose Upgrade first.");
  const session = await billing.stripe.billingPortal.sessions.create({
    customer: state.customerId,
    return_url: `${publicOrigin().origin}/${membership.slug}/settings/billing`,
  });
  // Single-use and short-lived: handed to this browser only, never logged or stored.
  redirect(session.url);
});
