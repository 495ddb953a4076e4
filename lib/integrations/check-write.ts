import { auditColumns, type Actor, type AuditEvent } from "@/lib/audit";
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
 * Steady checks' writes in one statement, where the transaction makes six round trips each: each
 * check recorded on its row, its history entry and its audit event. A check is written only if,
 * under its row's lock, the status is still the one read before the call (another check may have
 * moved it; then there is an event to write) and, for VALID, no rejection notification is open
 * (one to close, with its event); the answer holds the ids written, and the caller runs the
 * transaction for the others, which handles every case. Rows are locked in id order, so two
 * batches never wait on each other in a circle. All of one actor (the audit's actor columns).
 */
export async function recordSteadyChecks(db: Db, actor: Actor, checks: SteadyCheck[]): Promise<Set<string>> {
  if (checks.length === 0) return new Set();
  const a = auditColumns(actor, {});
  const col = <T>(f: (c: SteadyCheck) => T) => checks.map(f);
  const { rows } = await db.query<{ id: string }>(
    `with t as (
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::int[],
                            $10::text[], $11::int[], $12::text[], $13::text[], $14::text[], $15::jsonb[])
         as t(id, org_id, previous, outcome, reason, account_label, details, provider, latency_ms, history_reason, http_status, source,
              action, audit_outcome, metadata)),
     old as (
       select i.id from integrations i join t on t.id = i.id and t.org_id = i.org_id
        where i.status = t.previous
          and not (t.previous = 'VALID' and exists (select 1 from notifications n where n.integration_id = i.id and n.org_id = i.org_id
                     and n.resolved_at is null and n.kind = any($22::text[])))
        order by i.id for update of i),
     upd as (
       update integrations i set last_checked_at = now(), check_outcome = t.outcome, check_reason = t.reason,
              account_label = coalesce(t.account_label, i.account_label), details = case when t.details = '{}'::jsonb then i.details else t.details end,
              updated_at = now()
         from old join t on t.id = old.id where i.id = old.id returning i.id),
     hist as (
       insert into integration_checks (integration_id, org_id, provider, outcome, latency_ms, reason, http_status, source)
       select t.id, t.org_id, t.provider, t.outcome, t.latency_ms, t.history_reason, t.http_status, t.source from upd join t on t.id = upd.id),
     aud as (
       insert into audit_events (org_id, actor_user_id, action, provider, integration_id, outcome, ip, user_agent, metadata,
                                 actor_type, actor_agent_id, actor_name)
       select t.org_id, $16::uuid, t.action, t.provider, t.id, t.audit_outcome, $17::text, $18::text, t.metadata, $19::text, $20::uuid, $21::text
         from upd join t on t.id = upd.id)
     select id::text from upd`,
    [col((c) => c.integrationId), col((c) => c.orgId), col((c) => c.previous), col((c) => c.check.outcome), col((c) => c.check.reason),
      col((c) => c.check.accountLabel ?? null), col((c) => JSON.stringify(c.check.details ?? {})), col((c) => c.provider),
      col((c) => Math.round(c.latencyMs)), col((c) => c.check.reason.slice(0, 1000)), col((c) => c.httpStatus), col((c) => c.source),
      col((c) => c.audit.action), col((c) => c.audit.outcome), col((c) => auditColumns(actor, c.audit).metadata),
      a.actorUserId, a.ip, a.userAgent, a.actorType, a.actorAgentId, a.actorName, REJECTED_KINDS],
  );
  return new Set(rows.map((r) => r.id));
}

/** One check's steady write (recordSteadyChecks): whether it was written. */
export type SteadyWrite = (c: SteadyCheck) => Promise<boolean>;

export const recordSteadyCheck = (db: Db, actor: Actor): SteadyWrite => async (c) => (await recordSteadyChecks(db, actor, [c])).has(c.integrationId);

/**
 * Steady writes that arrive while one is in flight go together in the next statement: the first
 * goes at once, so a lone check waits for nothing, and twenty checks ending within milliseconds
 * of each other share a few statements instead of queueing for twenty (alone, twenty at once took
 * as long as twenty in a row). A statement that fails is tried again for each of its checks
 * alone, so one bad row fails only its own check.
 */
export function batchedSteadyWrites(db: Db, actor: Actor): SteadyWrite {
  type Waiting = { c: SteadyCheck; resolve: (written: boolean) => void; reject: (err: unknown) => void };
  let waiting: Waiting[] = [];
  let busy = false;
  const write = async (batch: Waiting[]) => {
    try {
      const written = await recordSteadyChecks(db, actor, batch.map((w) => w.c));
      for (const w of batch) w.resolve(written.has(w.c.integrationId));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      for (const w of batch) await write([w]);
    }
  };
  const drain = async () => {
    busy = true;
    while (waiting.length > 0) {
      // One entry per credential in a statement; a second check of the same one waits for the next.
      const ids = new Set<string>();
      const batch: Waiting[] = [];
      const later: Waiting[] = [];
      for (const w of waiting) (ids.has(w.c.integrationId) ? later : (ids.add(w.c.integrationId), batch)).push(w);
      waiting = later;
      await write(batch);
    }
    busy = false;
  };
  return (c) => new Promise<boolean>((resolve, reject) => {
    waiting.push({ c, resolve, reject });
    if (!busy) void drain();
  });
}
