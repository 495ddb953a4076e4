import "server-only";
import type { Db } from "@/lib/db/types";
import { toBuffer } from "@/lib/vault/org-keys";
import { sendSigned } from "@/lib/webhooks/send";
import type { Vault } from "@/lib/vault/vault";
import type { HookTargetFn } from "./callback";
import { HOOK_SECRET_VERSION, hookSecretRef } from "./service";

/**
 * Delays before the 2nd, 3rd, ... attempt (after Svix's schedule, shortened: a waiting build
 * wants to know within minutes, and the long poll and stream remain). Six attempts in all.
 */
export const RETRY_DELAYS_SECONDS = [5, 30, 120, 600, 1800];
const TIMEOUT_MS = 10_000;
// While an attempt is in flight its row is leased this long, so another instance does not send it too.
const LEASE_SECONDS = 60;

export interface WebhookDeps {
  db: Db;
  vault: Vault;
  hookTarget: HookTargetFn;
}

interface Due {
  id: string;
  requestId: string;
  orgId: string;
  payload: unknown;
  attempts: number;
  callbackUrl: string | null;
  hookKeyVersion: number | null;
  hookIv: Uint8Array | null;
  hookCiphertext: Uint8Array | null;
  hookAuthTag: Uint8Array | null;
}

export interface DeliverySummary { sent: number; retrying: number; failed: number }

/**
 * Sends the callbacks that are due, each signed per Standard Webhooks with its request's secret.
 * The row is claimed (skip locked, leased) before sending, so instances never send one twice at
 * once; the webhook-id is the row's id, constant across retries, for the receiver to deduplicate.
 * A 2xx delivers; 410 Gone stops at once; anything else retries on the schedule above.
 */
export async function deliverDueWebhooks(deps: WebhookDeps, limit = 20): Promise<DeliverySummary> {
  const { rows } = await deps.db.query<Due>(
    `update request_webhooks w set attempts = w.attempts + 1, next_attempt_at = now() + $2::int * interval '1 second'
       from credential_requests r
      where r.id = w.request_id and w.id in (
        select id from request_webhooks where delivered_at is null and failed_at is null and next_attempt_at <= now()
         order by next_attempt_at limit $1 for update skip locked)
      returning w.id, w.request_id as "requestId", w.org_id as "orgId", w.payload, w.attempts, r.callback_url as "callbackUrl",
        r.hook_key_version as "hookKeyVersion", r.hook_iv as "hookIv", r.hook_ciphertext as "hookCiphertext", r.hook_auth_tag as "hookAuthTag"`,
    [limit, LEASE_SECONDS],
  );
  const summary: DeliverySummary = { sent: 0, retrying: 0, failed: 0 };
  await Promise.all(rows.map(async (due) => {
    const outcome = await attempt(deps, due);
    summary[outcome]++;
  }));
  return summary;
}

async function attempt(deps: WebhookDeps, due: Due): Promise<keyof DeliverySummary> {
  let status: number | null = null;
  let error: string | null = null;
  let gone = false;
  try {
    if (!due.callbackUrl || due.hookKeyVersion === null || !due.hookIv || !due.hookCiphertext || !due.hookAuthTag) {
      throw new Error("this request has no callback secret");
    }
    const secret = await deps.vault.open(deps.db, hookSecretRef(due.orgId, due.requestId), {
      keyVersion: due.hookKeyVersion, secretVersion: HOOK_SECRET_VERSION, iv: toBuffer(due.hookIv), ciphertext: toBuffer(due.hookCiphertext), authTag: toBuffer(due.hookAuthTag),
    });
    const target = await deps.hookTarget(due.callbackUrl);
    if (!target.ok) throw new Error(target.problem);
    const sent = await sendSigned(target.fetch, due.callbackUrl, { id: due.id, body: JSON.stringify(due.payload), secrets: [secret] }, TIMEOUT_MS);
    status = sent.status;
    if (status !== null && status >= 200 && status < 300) {
      await deps.db.query(`update request_webhooks set delivered_at = now(), last_status = $2, last_error = null where id = $1`, [due.id, status]);
      return "sent";
    }
    gone = status === 410;
    error = sent.error ?? `the receiver answered HTTP ${status}`;
  } catch (err) {
    // Names and first lines only: never the URL's query or the secret.
    error = err instanceof Error ? `${err.name}: ${err.message.split("\n")[0].slice(0, 200)}` : "delivery failed";
  }
  const delay = RETRY_DELAYS_SECONDS[due.attempts - 1];
  if (gone || delay === undefined) {
    await deps.db.query(`update request_webhooks set failed_at = now(), last_status = $2, last_error = $3 where id = $1`, [due.id, status, error]);
    return "failed";
  }
  await deps.db.query(
    `update request_webhooks set next_attempt_at = now() + $4::int * interval '1 second', last_status = $2, last_error = $3 where id = $1`,
    [due.id, status, error, delay],
  );
  return "retrying";
}
