import "server-only";
import type Stripe from "stripe";
import { writeAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import type { BillingConfig } from "./config";
import type { PlanId } from "./plans";
import { effectivePlan, isFailingStatus, readBillingState } from "./state";

/** Days a paid plan's limits hold after a failed payment before the org falls to Free's. */
export const GRACE_DAYS = 7;

// Which subscription describes the org when a customer has several: one that is being paid for
// (or should be) before one that has ended; the newest among equals.
const RANK: Record<string, number> = { active: 0, trialing: 0, past_due: 1, unpaid: 1, incomplete: 2, paused: 3 };
const rank = (s: Stripe.Subscription) => RANK[s.status] ?? 4;

export function currentSubscription(subs: Stripe.Subscription[]): Stripe.Subscription | null {
  return [...subs].sort((a, b) => rank(a) - rank(b) || b.created - a.created)[0] ?? null;
}

const at = (seconds: number | null | undefined) => (typeof seconds === "number" ? new Date(seconds * 1000) : null);

/** What the org_billing row should say about a subscription (or about none). */
export function describeSubscription(config: BillingConfig, sub: Stripe.Subscription | null) {
  if (!sub) return { subscriptionId: null, priceId: null, plan: "free" as PlanId, status: null, start: null, end: null, cancelAtPeriodEnd: false };
  const items = sub.items.data;
  // Since API version 2025-03-31 the period is on each item; with several, the subscription's is their span.
  const starts = items.map((i) => i.current_period_start).filter((n): n is number => typeof n === "number");
  const ends = items.map((i) => i.current_period_end).filter((n): n is number => typeof n === "number");
  const priced = items.find((i) => config.plans[i.price.id]);
  return {
    subscriptionId: sub.id,
    priceId: priced?.price.id ?? items[0]?.price.id ?? null,
    // A price that is not one of ours (another product on the same account) buys no plan here.
    plan: (priced ? config.plans[priced.price.id] : "free") as PlanId,
    status: sub.status as string,
    start: starts.length ? at(Math.min(...starts)) : null,
    end: ends.length ? at(Math.max(...ends)) : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
  };
}

export interface SyncResult { orgId: string; plan: PlanId; status: string | null; changed: boolean; stale: boolean }

/**
 * The one sync: re-reads the customer's subscriptions from Stripe and writes what they say to the
 * org. Every webhook and the Checkout success page call it; whatever order they come in, the row
 * ends as Stripe's latest answer (a read that started earlier never overwrites a later one).
 * Audited, and an event on the org's stream, whenever the plan, status or cancellation changes.
 */
export async function syncOrgBilling(db: Db, stripe: Stripe, config: BillingConfig, orgId: string, customerId: string, actor: Actor): Promise<SyncResult> {
  const { rows } = await db.query<{ ticket: string }>(
    `insert into org_billing (org_id, stripe_customer_id, sync_ticket) values ($1, $2, 1)
     on conflict (org_id) do update set sync_ticket = org_billing.sync_ticket + 1
     returning sync_ticket::text as ticket`,
    [orgId, customerId],
  );
  const ticket = rows[0].ticket;
  const subs = await stripe.subscriptions.list({ customer: customerId, status: "all", limit: 20 });
  const next = describeSubscription(config, currentSubscription(subs.data));

  return db.transaction(async (tx) => {
    const before = await readBillingState(tx, orgId, { lock: true });
    const written = await tx.query(
      `update org_billing set stripe_subscription_id = $3, price_id = $4, plan = $5, status = $6,
          current_period_start = $7, current_period_end = $8, cancel_at_period_end = $9,
          grace_ends_at = case when $10 then coalesce(grace_ends_at, now() + make_interval(days => $11)) else null end,
          synced_ticket = $2::bigint, updated_at = now()
        where org_id = $1 and stripe_customer_id = $12 and synced_ticket < $2::bigint
        returning org_id`,
      [orgId, ticket, next.subscriptionId, next.priceId, next.plan, next.status, next.start, next.end, next.cancelAtPeriodEnd,
        isFailingStatus(next.status), GRACE_DAYS, customerId],
    );
    if (written.rows.length === 0) return { orgId, plan: before.plan, status: before.status, changed: false, stale: true };
    const changed = before.plan !== next.plan || before.status !== next.status || before.cancelAtPeriodEnd !== next.cancelAtPeriodEnd;
    if (changed) {
      const after = effectivePlan(await readBillingState(tx, orgId));
      await writeAudit(tx, actor, {
        orgId, action: "billing.plan_change", outcome: after.plan.id,
        metadata: { from_plan: before.plan, to_plan: next.plan, from_status: before.status, to_status: next.status, cancel_at_period_end: next.cancelAtPeriodEnd },
      });
      await appendEvent(tx, { orgId, type: "billing.plan_changed", data: { plan: after.plan.id, status: next.status } });
    }
    return { orgId, plan: next.plan, status: next.status, changed, stale: false };
  });
}
