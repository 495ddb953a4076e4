import type { Db } from "@/lib/db/types";
import { PLANS } from "./plans";
import { effectivePlan, listBillingStates } from "./state";

/** When a credential's last check must be older than for it to be due, per org, as the plan allows. */
export interface RevalidateCutoffs {
  /** For every org not listed: the deployment's setting, or Free's shortest interval with billing on. */
  fallback: Date;
  /** Org id to its own cutoff (ISO), where its plan differs from the fallback. */
  byOrg: Record<string, string>;
}

/**
 * A plan can make scheduled checks rarer than REVALIDATE_AFTER_MINUTES, never more frequent: each
 * org's interval is the longer of the two. With billing off every org uses the setting alone.
 */
export async function revalidateCutoffs(db: Db, now: Date, staleAfterMinutes: number, billingOn: boolean): Promise<RevalidateCutoffs> {
  const cutoff = (planMinutes: number) => new Date(now.getTime() - Math.max(staleAfterMinutes, planMinutes) * 60_000);
  if (!billingOn) return { fallback: cutoff(0), byOrg: {} };
  const fallback = cutoff(PLANS.free.minRevalidateMinutes);
  const byOrg: Record<string, string> = {};
  for (const [orgId, state] of await listBillingStates(db)) {
    const own = cutoff(effectivePlan(state).plan.minRevalidateMinutes);
    if (own.getTime() !== fallback.getTime()) byOrg[orgId] = own.toISOString();
  }
  return { fallback, byOrg };
}
