import "server-only";
import type { Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import type { Billing } from "./stripe";
import { readBillingState } from "./state";
import { syncOrgBilling, type SyncResult } from "./sync";

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,200}$/;

/**
 * The Checkout success page's sync, so someone who is back before the webhook sees the new plan.
 * The session id comes from the address bar: it is used only when Stripe says the session is this
 * org's and for the org's own customer; anything else is ignored (the webhook still syncs).
 */
export async function syncCheckoutReturn(db: Db, billing: Billing, orgId: string, sessionId: string, actor: Actor): Promise<SyncResult | null> {
  if (!SESSION_ID.test(sessionId)) return null;
  const state = await readBillingState(db, orgId);
  if (!state.customerId) return null;
  let session;
  try {
    session = await billing.stripe.checkout.sessions.retrieve(sessionId);
  } catch {
    return null; // Unknown or foreign session: nothing to do here.
  }
  const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
  if (session.metadata?.org_id !== orgId || customer !== state.customerId) return null;
  try {
    return await syncOrgBilling(db, billing.stripe, billing.config, orgId, state.customerId, actor);
  } catch (err) {
    // Stripe unreachable: the page shows what is stored, and the webhook (retried by Stripe) syncs later.
    console.error("[billing] sync on Checkout return failed:", err instanceof Error ? err.name : "error");
    return null;
  }
}
