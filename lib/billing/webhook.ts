import "server-only";
import type Stripe from "stripe";
import type { Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import type { Billing } from "./stripe";
import { orgForCustomer } from "./customer";
import { syncOrgBilling } from "./sync";

/** The events that can change a subscription; each only tells us to re-read it. */
export const HANDLED_EVENTS = new Set([
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
]);

/** Stripe retries for days, so anything older than this many seconds is refused as a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export const WEBHOOK_ACTOR: Actor = { userId: null, ip: null, userAgent: "Stripe webhook" };

export interface WebhookAnswer { status: number; body: { received: boolean; message: string } }

const answer = (status: number, received: boolean, message: string): WebhookAnswer => ({ status, body: { received, message } });

function customerOf(event: Stripe.Event): string | null {
  const object = event.data.object as { customer?: string | { id: string } | null };
  const c = object.customer;
  return typeof c === "string" ? c : c?.id ?? null;
}

/**
 * Verifies the signature on the raw body (never a re-serialised one), then re-reads the
 * customer's subscription from Stripe and writes it to the org. An event id seen before is
 * acknowledged without another sync; it is recorded only after its sync succeeded, so a failure
 * leaves Stripe to retry.
 */
export async function handleStripeWebhook(db: Db, billing: Billing, raw: string, signature: string | null): Promise<WebhookAnswer> {
  let event: Stripe.Event;
  try {
    if (!signature) throw new Error("no signature");
    event = billing.stripe.webhooks.constructEvent(raw, signature, billing.config.webhookSecret, SIGNATURE_TOLERANCE_SECONDS);
  } catch {
    return answer(400, false, "The Stripe-Signature header does not match this body and the webhook secret, or it is older than 5 minutes.");
  }
  if (!HANDLED_EVENTS.has(event.type)) return answer(200, true, `Ignored: ${event.type} does not change a subscription.`);
  const seen = await db.query(`select 1 from stripe_events where id = $1`, [event.id]);
  if (seen.rows.length > 0) return answer(200, true, "Already processed.");
  const customerId = customerOf(event);
  const orgId = customerId ? await orgForCustomer(db, billing.stripe, customerId) : null;
  if (customerId && orgId) await syncOrgBilling(db, billing.stripe, billing.config, orgId, customerId, WEBHOOK_ACTOR);
  await db.query(`insert into stripe_events (id, type, org_id) values ($1, $2, $3) on conflict (id) do nothing`, [event.id, event.type, orgId]);
  return answer(200, true, orgId ? "Synced." : "No organization has this customer; nothing to sync.");
}
