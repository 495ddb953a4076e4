import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";

export type IntegrationStatus = "VALID" | "INVALID" | "PENDING" | "NOT_CONFIGURED";

export interface IntegrationRow {
  id: string;
  provider: string;
  name: string;
  isDefault: boolean;
  status: IntegrationStatus;
  configuredAt: Date | null;
  lastCheckedAt: Date | null;
  checkOutcome: string | null;
  checkReason: string | null;
  accountLabel: string | null;
  details: Record<string, unknown>;
  fingerprint: string | null;
  /** "oauth" rows are Nango connections: no sealed secret here, tokens fetched from Nango on use. */
  authType: "api_key" | "oauth";
}

/** An IntegrationRow's columns, of table alias `t` when given (for statements that join). */
export const INTEGRATION_COLUMNS = (t?: string) => {
  const c = (name: string) => (t ? `${t}.${name}` : name);
  return `${c("id")}, ${c("provider")}, ${c("name")}, ${c("is_default")} as "isDefault", ${c("status")}, ${c("configured_at")} as "configuredAt",
  ${c("last_checked_at")} as "lastCheckedAt", ${c("check_outcome")} as "checkOutcome", ${c("check_reason")} as "checkReason",
  ${c("account_label")} as "accountLabel", ${c("details")}, ${c("fingerprint")}, ${c("auth_type")} as "authType"`;
};
const COLUMNS = INTEGRATION_COLUMNS();

/** Every integration of an org in one query, with everything the API and exports need. */
export async function listIntegrations(db: Db, orgId: string, provider?: string): Promise<IntegrationRow[]> {
  const { rows } = await db.query<IntegrationRow>(
    `select ${COLUMNS} from integrations where org_id = $1 and ($2::text is null or provider = $2) order by provider, is_default desc, lower(name), name`,
    [orgId, provider ?? null],
  );
  return rows;
}

/** What one catalog tile shows: the provider's default (else first) credential and how many it has. */
export interface ProviderSummary {
  provider: string;
  status: IntegrationStatus;
  accountLabel: string | null;
  count: number;
  /** Valid credentials besides the one shown (see provider-status.ts for what the tile does with it). */
  otherValid: number;
}

/** One row per configured provider, so the integrations page reads only what its tiles show. */
export async function listProviderSummaries(db: Db, orgId: string): Promise<ProviderSummary[]> {
  const { rows } = await db.query<ProviderSummary>(
    `select distinct on (provider) provider, status, account_label as "accountLabel", (count(*) over w)::int as count,
            ((count(*) filter (where status = 'VALID') over w) - (status = 'VALID')::int)::int as "otherValid"
       from integrations where org_id = $1 window w as (partition by provider) order by provider, is_default desc, lower(name), name`,
    [orgId],
  );
  return rows;
}

export async function getIntegration(db: Db, orgId: string, id: string): Promise<IntegrationRow | null> {
  const { rows } = await db.query<IntegrationRow>(`select ${COLUMNS} from integrations where org_id = $1 and id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

export interface CheckRecord {
  status: IntegrationStatus;
  outcome: string;
  reason: string;
  accountLabel?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Records a check's outcome on one integration; scoped by org so an id from elsewhere changes
 * nothing. A change of status is an event, in the caller's transaction. The status it replaces is
 * read under the row's lock, so two checks racing each report the change they really made.
 */
export async function recordCheck(db: Db, orgId: string, id: string, check: CheckRecord): Promise<void> {
  const { rows } = await db.query<{ previous: IntegrationStatus; provider: string; name: string }>(
    `with old as (select id, status from integrations where id = $1 and org_id = $7 for update)
     update integrations i set status = $2, last_checked_at = now(), check_outcome = $3, check_reason = $4,
        account_label = coalesce($5, i.account_label), details = case when $6::jsonb = '{}'::jsonb then i.details else $6::jsonb end,
        updated_at = now()
       from old where i.id = old.id
     returning old.status as previous, i.provider, i.name`,
    [id, check.status, check.outcome, check.reason, check.accountLabel ?? null, JSON.stringify(check.details ?? {}), orgId],
  );
  const r = rows[0];
  if (r && r.previous !== check.status) {
    await appendEvent(db, { orgId, type: "integration.status_changed", data: { integrationId: id, provider: r.provider, name: r.name, status: check.status, previous: r.previous } });
  }
}

/** Deletes the row; its event goes with the caller's transaction (deleteIntegration). */
export async function deleteIntegrationRow(db: Db, orgId: string, id: string): Promise<boolean> {
  const { rows } = await db.query<{ provider: string; name: string }>(
    `delete from integrations where org_id = $1 and id = $2 returning provider, name`, [orgId, id],
  );
  if (rows[0]) await appendEvent(db, { orgId, type: "credential.deleted", data: { integrationId: id, ...rows[0] } });
  return rows.length > 0;
}
