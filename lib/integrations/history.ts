import type { Db } from "@/lib/db/types";

export type CheckSource = "setup" | "manual" | "scheduler";

export interface CheckHistoryInput {
  integrationId: string;
  orgId: string;
  provider: string;
  outcome: string;
  /** Null when no provider call was made (saved without verifying). */
  latencyMs: number | null;
  reason: string;
  httpStatus?: number | null;
  source: CheckSource;
}

export interface CheckHistoryRow {
  id: string;
  integrationId: string;
  checkedAt: Date;
  outcome: string;
  latencyMs: number | null;
  reason: string | null;
  httpStatus: number | null;
  source: CheckSource;
}

/** Call inside the transaction that changes the integration's status, so history never disagrees with it. */
export async function insertCheckHistory(db: Db, c: CheckHistoryInput): Promise<void> {
  await db.query(
    `insert into integration_checks (integration_id, org_id, provider, outcome, latency_ms, reason, http_status, source)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [c.integrationId, c.orgId, c.provider, c.outcome, c.latencyMs === null ? null : Math.round(c.latencyMs),
      c.reason.slice(0, 1000), c.httpStatus ?? null, c.source],
  );
}

/** The latest `perIntegration` checks of each given credential, newest first. */
export async function listRecentChecks(db: Db, orgId: string, integrationIds: string[], perIntegration = 20): Promise<CheckHistoryRow[]> {
  if (integrationIds.length === 0) return [];
  const { rows } = await db.query<CheckHistoryRow>(
    `select id::text, "integrationId", "checkedAt", outcome, "latencyMs", reason, "httpStatus", source from (
       select c.id, c.integration_id as "integrationId", c.checked_at as "checkedAt", c.outcome, c.latency_ms as "latencyMs",
              c.reason, c.http_status as "httpStatus", c.source,
              row_number() over (partition by c.integration_id order by c.checked_at desc, c.id desc) as rn
         from integration_checks c
        where c.org_id = $1 and c.integration_id = any($2::uuid[])) t
      where rn <= $3 order by "integrationId", "checkedAt" desc, id desc`,
    [orgId, integrationIds, perIntegration],
  );
  return rows;
}

/** Outcomes that mean the provider, not the key, could not answer: the scheduler backs off on these. */
export const PROVIDER_DOWN = ["provider_outage", "rate_limited"] as const;

/**
 * Each provider's most recent checks across every org, newest first: the input to its backoff.
 * One statement for all of them (an index scan per provider), so a run with twenty providers due
 * asks once before its first call instead of twenty times in a row.
 */
export async function recentProviderOutcomes(
  db: Db, providers: string[], since: Date, limit = 50,
): Promise<Map<string, { outcome: string; checkedAt: Date }[]>> {
  const byProvider = new Map<string, { outcome: string; checkedAt: Date }[]>(providers.map((p) => [p, []]));
  if (providers.length === 0) return byProvider;
  const { rows } = await db.query<{ provider: string; outcome: string; checkedAt: Date }>(
    `select p.provider, c.outcome, c.checked_at as "checkedAt" from unnest($1::text[]) as p(provider)
       cross join lateral (select outcome, checked_at, id from integration_checks
                            where provider = p.provider and checked_at >= $2 and outcome <> 'unverified'
                            order by checked_at desc, id desc limit $3) c
      order by p.provider, c.checked_at desc, c.id desc`,
    [providers, since, limit],
  );
  for (const r of rows) byProvider.get(r.provider)?.push({ outcome: r.outcome, checkedAt: r.checkedAt });
  return byProvider;
}
