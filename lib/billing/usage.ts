import type { Db } from "@/lib/db/types";
import type { LimitKey } from "./plans";

/**
 * What the org holds now, per limit; null for what Switchboard does not have yet (agents,
 * webhook subscriptions, deployments), which the billing page shows as limits only.
 */
export async function readUsage(db: Db, orgId: string): Promise<Record<LimitKey, number | null>> {
  const { rows } = await db.query<{ credentials: number; members: number }>(
    `select (select count(*) from integrations where org_id = $1)::int as credentials,
            (select count(*) from memberships where org_id = $1)::int as members`,
    [orgId],
  );
  return { credentials: rows[0].credentials, members: rows[0].members, agents: null, webhookSubscriptions: null, deploymentsPerMonth: null };
}
