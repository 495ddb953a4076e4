import { auditStatement, type Actor, type AuditEvent } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import type { CheckSource } from "./history";
import { expiresSoon, REJECTED_KINDS } from "./notifications";
import type { CheckRecord, IntegrationStatus } from "./queries";

export interface SteadyCheck {
  orgId: string;
  integrationId: string;
  provider: string;
  /** The status the row had when the check read it; the check leaves it so. */
  previous: IntegrationStatus;
  check: CheckRecord;
  latencyMs: number;
  httpStatus: number | null;
  source: CheckSource;
  audit: AuditEvent;
}

/**
 * Whether a check's result could be a steady one: the status stays what it was, so there is no
 * status event, no notification to raise, nothing to fulfil, and (VALID) no expiry to warn of.
 * That is most scheduled re-checks; the rest take the transaction in service.ts.
 */
export const maybeSteady = (previous: IntegrationStatus, check: CheckRecord) =>
  check.status === previous && !(check.status === "VALID" && expiresSoon(check.details) !== null);

/**
 * A steady check's writes in one statement, where the transaction makes six round trips: the
 * check recorded on the row, its history entry and its audit event. It does nothing and answers
 * false unless, under the row's lock, the status is still the one read before the call (another
 * check may have moved it; then there is an event to write) and, for VALID, no rejection
 * notification is open (one to close, with its event); the caller then runs the transaction,
 * which handles every case. Twenty checks ending together so hold a pool's connections a sixth
 * as long, and PGlite's one connection serves each in one turn.
 */
export async function recordSteadyCheck(db: Db, actor: Actor, c: SteadyCheck): Promise<boolean> {
  const audit = auditStatement(actor, c.audit, "upd");
  const { rows } = await db.query(
    `with old as (
       select i.id from integrations i
        where i.id = $13 and i.org_id = $1 and i.status = $14::text
          and not ($14::text = 'VALID' and exists (select 1 from notifications n where n.integration_id = i.id and n.org_id = i.org_id
                     and n.resolved_at is null and n.kind = any($15::text[])))
          for update of i),
     upd as (
       update integrations i set last_checked_at = now(), check_outcome = $16, check_reason = $17,
              account_label = coalesce($18, i.account_label), details = case when $19::jsonb = '{}'::jsonb then i.details else $19::jsonb end,
              updated_at = now()
         from old where i.id = old.id returning i.id),
     hist as (
       insert into integration_checks (integration_id, org_id, provider, outcome, latency_ms, reason, http_status, source)
       select upd.id, $1, $20, $16, $21::int, $22, $23::int, $24 from upd)
     ${audit.sql} returning 1`,
    [...audit.params, c.integrationId, c.previous, REJECTED_KINDS,
      c.check.outcome, c.check.reason, c.check.accountLabel ?? null, JSON.stringify(c.check.details ?? {}),
      c.provider, Math.round(c.latencyMs), c.check.reason.slice(0, 1000), c.httpStatus, c.source],
  );
  return rows.length > 0;
}
