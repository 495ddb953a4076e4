import "server-only";
import type { Db } from "@/lib/db/types";
import type { HookTargetFn } from "@/lib/requests/callback";
import type { Vault } from "@/lib/vault/vault";
import { disableSubscription } from "./disable";
import { DISABLE_AFTER_FAILING_DAYS, retryAfterSeconds, retryDelaySeconds, THROTTLED } from "./schedule";
import { openSubscriptionSecret } from "./secrets";
import { sendSigned, type SendOutcome } from "./send";

export const TIMEOUT_MS = 15_000;
// While an attempt is in flight its delivery is leased this long (well past the timeout), so
// another instance does not send it too; a worker that dies mid-attempt frees it when this ends.
export const LEASE_SECONDS = 60;

export interface WorkerDeps {
  db: Db;
  vault: Vault;
  target: HookTargetFn;
  timeoutMs?: number;
  random?: () => number;
}

export interface Claimed {
  id: string;
  orgId: string;
  subscriptionId: string;
  payload: unknown;
  attempts: number;
  /**
   * The lease this claim wrote (next_attempt_at, as text to keep its microseconds): the outcome is
   * recorded on the delivery only while it still holds, so an attempt that outlived its lease, or
   * a delivery replayed while in flight, is not marked done or rescheduled over the newer claim.
   */
  lease: string;
  url: string;
  secretVersion: number;
  keyVersion: number; iv: Uint8Array; ciphertext: Uint8Array; authTag: Uint8Array;
  previousVersion: number | null;
  previousKeyVersion: number | null; previousIv: Uint8Array | null; previousCiphertext: Uint8Array | null; previousAuthTag: Uint8Array | null;
}

export interface DrainSummary { sent: number; retrying: number; failed: number }

/**
 * Claims up to `limit` due deliveries of enabled subscriptions and sends each once, waiting for
 * all of them (drainFor keeps claiming while a slow receiver is waited on instead).
 */
export async function drainWebhooks(deps: WorkerDeps, limit = 20): Promise<DrainSummary> {
  const summary: DrainSummary = { sent: 0, retrying: 0, failed: 0 };
  const rows = await claimDue(deps, limit);
  await Promise.all(rows.map(async (due) => { summary[await attemptDelivery(deps, due)]++; }));
  return summary;
}

/**
 * Leases up to `limit` due deliveries of enabled subscriptions, oldest due first (a lapsed lease
 * is due from when it lapsed). The claim is one statement (FOR UPDATE SKIP LOCKED, then the lease
 * written), so two instances never hold the same delivery; a crash after sending and before
 * recording means it is sent again when the lease ends: at-least-once, deduplicated by receivers
 * through webhook-id.
 */
export async function claimDue(deps: WorkerDeps, limit: number): Promise<Claimed[]> {
  // A plain read first: the timer ticks every 2 s, and in embedded mode any write statement, even
  // one that changes nothing, makes the read-through caches (sessions, health) read again.
  const { rows: due } = await deps.db.query<{ due: boolean }>(
    `select exists (select 1 from webhook_deliveries q join webhook_subscriptions qs on qs.id = q.subscription_id and qs.disabled_at is null
                     where q.delivered_at is null and q.failed_at is null and q.next_attempt_at <= now()) as due`,
  );
  if (!due[0]?.due) return [];
  const { rows } = await deps.db.query<Claimed>(
    `update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = now() + $2::int * interval '1 second'
       from webhook_subscriptions s
      where s.id = d.subscription_id and d.id in (
        select q.id from webhook_deliveries q join webhook_subscriptions qs on qs.id = q.subscription_id and qs.disabled_at is null
         where q.delivered_at is null and q.failed_at is null and q.next_attempt_at <= now()
         order by q.next_attempt_at limit $1 for update of q skip locked)
      returning d.id, d.org_id as "orgId", d.subscription_id as "subscriptionId", d.payload, d.attempts, d.next_attempt_at::text as lease, s.url,
        s.secret_version as "secretVersion", s.secret_key_version as "keyVersion", s.secret_iv as iv, s.secret_ciphertext as ciphertext,
        s.secret_auth_tag as "authTag",
        case when s.previous_expires_at > now() then s.previous_secret_version end as "previousVersion",
        s.previous_key_version as "previousKeyVersion", s.previous_iv as "previousIv", s.previous_ciphertext as "previousCiphertext",
        s.previous_auth_tag as "previousAuthTag"`,
    [limit, LEASE_SECONDS],
  );
  return rows;
}

/** Sends one claimed delivery and records the outcome while the claim's lease still holds. */
export async function attemptDelivery(deps: WorkerDeps, due: Claimed): Promise<keyof DrainSummary> {
  const outcome = await send(deps, due);
  const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  if (ok) {
    await deps.db.transaction(async (tx) => {
      await tx.query(`update webhook_deliveries set delivered_at = now(), last_status = $2 where id = $1 and next_attempt_at = $3::timestamptz`, [due.id, outcome.status, due.lease]);
      await tx.query(`update webhook_subscriptions set failing_since = null where id = $1 and failing_since is not null`, [due.subscriptionId]);
      await recordAttempt(tx, due, outcome, null);
    });
    return "sent";
  }
  const gone = outcome.status === 410;
  const asked = outcome.status !== null && THROTTLED.has(outcome.status) ? retryAfterSeconds(outcome.retryAfter) : null;
  const scheduled = retryDelaySeconds(due.attempts, deps.random);
  const delay = gone || scheduled === null ? null : (asked ?? scheduled);
  return deps.db.transaction(async (tx) => {
    const { rows: held } = delay === null
      ? await tx.query(`update webhook_deliveries set failed_at = now(), last_status = $2 where id = $1 and next_attempt_at = $3::timestamptz returning id`,
        [due.id, outcome.status, due.lease])
      : await tx.query(`update webhook_deliveries set next_attempt_at = now() + $3 * interval '1 second', last_status = $2 where id = $1 and next_attempt_at = $4::timestamptz returning id`,
        [due.id, outcome.status, delay, due.lease]);
    // A lost lease: the newer claim owns the schedule; this attempt is listed without a next try.
    await recordAttempt(tx, due, outcome, held[0] ? delay : null);
    // The run of failures starts at the first one; five days of it without a success disables.
    const { rows } = await tx.query<{ expired: boolean }>(
      `update webhook_subscriptions set failing_since = coalesce(failing_since, now()) where id = $1
       returning failing_since <= now() - $2::int * interval '1 day' as expired`,
      [due.subscriptionId, DISABLE_AFTER_FAILING_DAYS],
    );
    if (gone) {
      await disableSubscription(tx, due.orgId, due.subscriptionId, "The receiver answered 410 Gone, which asks the sender to stop.");
    } else if (rows[0]?.expired) {
      await disableSubscription(tx, due.orgId, due.subscriptionId, `Every delivery failed for ${DISABLE_AFTER_FAILING_DAYS} days in a row.`);
    }
    return delay === null ? "failed" : "retrying";
  });
}

/** Opens the secrets (two during a rotation), checks and pins the URL again, and sends. */
async function send(deps: WorkerDeps, due: Claimed): Promise<SendOutcome> {
  const started = performance.now();
  const failed = (error: string): SendOutcome => ({ status: null, latencyMs: Math.round(performance.now() - started), excerpt: null, retryAfter: null, error });
  let secrets: string[];
  try {
    secrets = [await openSubscriptionSecret(deps.db, deps.vault, due.orgId, due.subscriptionId, due.secretVersion, due)];
    if (due.previousVersion !== null) {
      secrets.push(await openSubscriptionSecret(deps.db, deps.vault, due.orgId, due.subscriptionId, due.previousVersion, {
        keyVersion: due.previousKeyVersion, iv: due.previousIv, ciphertext: due.previousCiphertext, authTag: due.previousAuthTag,
      }));
    }
  } catch (err) {
    return failed(`${err instanceof Error ? err.name : "Error"}: the signing secret could not be opened`);
  }
  // DNS is asked again for every attempt, and the connection goes to the addresses checked now.
  const target = await deps.target(due.url);
  if (!target.ok) return failed(target.problem.slice(0, 300));
  return sendSigned(target.fetch, due.url, { id: due.id, body: JSON.stringify(due.payload), secrets }, deps.timeoutMs ?? TIMEOUT_MS);
}

async function recordAttempt(db: Db, due: Claimed, o: SendOutcome, delaySeconds: number | null): Promise<void> {
  await db.query(
    `insert into webhook_attempts (delivery_id, subscription_id, org_id, status, latency_ms, response_excerpt, error, next_attempt_at)
     values ($1, $2, $3, $4, $5, $6, $7, case when $8::float8 is null then null else now() + $8::float8 * interval '1 second' end)`,
    [due.id, due.subscriptionId, due.orgId, o.status, o.latencyMs, o.excerpt, o.error?.slice(0, 300) ?? null, delaySeconds],
  );
}
