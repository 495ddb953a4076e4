import { checkPlanLimit, planLimitMessage } from "@/lib/billing/limits";
import type { Db } from "@/lib/db/types";
import { DeploymentError } from "./credential";

// Deployments of either kind started since the first of this calendar month (the database's clock).
const startedThisMonth = (orgId: string) => async (db: Db) =>
  (await db.query<{ n: number }>(
    `select count(*)::int as n from deployments where org_id = $1 and created_at >= date_trunc('month', now())`, [orgId],
  )).rows[0].n;

/**
 * Refuses a deployment the plan has no room for this month. Called twice by each start: before
 * the provider is asked (so a refused deployment is never created there), and in the transaction
 * that records it, under the org's row lock, so parallel starts cannot pass the limit together;
 * a start refused there undoes what the provider created.
 */
export async function assertDeploymentAllowed(db: Db, orgId: string): Promise<void> {
  const hit = await checkPlanLimit(db, orgId, "deploymentsPerMonth", { count: startedThisMonth(orgId) });
  if (!hit) return;
  const { rows } = await db.query<{ slug: string }>(`select slug from organizations where id = $1`, [orgId]);
  throw new DeploymentError(planLimitMessage(hit, { role: "api", orgSlug: rows[0]?.slug ?? "" }), true, 402);
}
