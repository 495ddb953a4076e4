import type { Db } from "@/lib/db/types";
import { PLANS, type Plan, type PlanId } from "./plans";

/** An org's billing state as Stripe last described it (org_billing), plus the database's view of the grace period. */
export interface BillingState {
  plan: PlanId;
  status: string | null;
  customerId: string | null;
  subscriptionId: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  graceEndsAt: Date | null;
  /** Judged by the database clock, like every other deadline here. */
  graceOver: boolean;
}

const COLUMNS = `b.plan, b.status, b.stripe_customer_id as "customerId", b.stripe_subscription_id as "subscriptionId",
  b.current_period_start as "currentPeriodStart", b.current_period_end as "currentPeriodEnd",
  coalesce(b.cancel_at_period_end, false) as "cancelAtPeriodEnd", b.grace_ends_at as "graceEndsAt",
  coalesce(b.grace_ends_at <= now(), false) as "graceOver"`;

export const NO_SUBSCRIPTION: BillingState = {
  plan: "free", status: null, customerId: null, subscriptionId: null, currentPeriodStart: null, currentPeriodEnd: null,
  cancelAtPeriodEnd: false, graceEndsAt: null, graceOver: false,
};

/**
 * The org's state. With `lock`, the org's row is held (for no key update: inserts that reference
 * the org still proceed) until the transaction ends, so a count taken after it cannot be raced.
 */
export async function readBillingState(db: Db, orgId: string, { lock = false } = {}): Promise<BillingState> {
  const { rows } = await db.query<BillingState & { plan: PlanId | null }>(
    `select ${COLUMNS} from organizations o left join org_billing b on b.org_id = o.id where o.id = $1
     ${lock ? "for no key update of o" : ""}`,
    [orgId],
  );
  const row = rows[0];
  return row && row.plan ? row : NO_SUBSCRIPTION;
}

/** Every org with a billing row, keyed by org id (orgs without one are on Free). */
export async function listBillingStates(db: Db): Promise<Map<string, BillingState>> {
  const { rows } = await db.query<BillingState & { orgId: string }>(`select b.org_id as "orgId", ${COLUMNS} from org_billing b`);
  return new Map(rows.map(({ orgId, ...state }) => [orgId, state]));
}

const PAID = new Set(["active", "trialing"]);
const FAILING = new Set(["past_due", "unpaid"]);

export type PlanStanding = "free" | "paid" | "grace" | "grace_over" | "inactive";

/**
 * The plan whose limits apply now: the subscribed plan while it is paid for, or during the grace
 * period after a failed payment; Free otherwise (no subscription, canceled, incomplete, grace over).
 */
export function effectivePlan(state: BillingState): { plan: Plan; standing: PlanStanding } {
  if (state.plan === "free" || !state.status) return { plan: PLANS.free, standing: "free" };
  if (PAID.has(state.status)) return { plan: PLANS[state.plan], standing: "paid" };
  if (FAILING.has(state.status)) {
    return state.graceEndsAt && !state.graceOver ? { plan: PLANS[state.plan], standing: "grace" } : { plan: PLANS.free, standing: "grace_over" };
  }
  return { plan: PLANS.free, standing: "inactive" };
}

/** Statuses in which a failed payment is outstanding: the sync starts the grace period on them. */
export const isFailingStatus = (status: string | null) => status !== null && FAILING.has(status);
