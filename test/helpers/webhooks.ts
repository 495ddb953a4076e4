import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { createVault } from "@/lib/vault/vault";
import { createSubscription } from "@/lib/webhooks/subscriptions";
import type { WebhookEventType } from "@/lib/webhooks/types";
import type { WorkerDeps } from "@/lib/webhooks/worker";
import { startWebhookReceiver } from "../fakes/webhook-receiver";
import { freshDb, type DbKind } from "./db";
import { makeOrg } from "./fixtures";
import { loopbackHookTarget } from "./requests";

export const actor = { userId: null, userAgent: "test" };

/** A migrated database, a vault, an org, the loopback receiver and the worker wired to reach it. */
export async function webhooksWorld(kind: DbKind, label: string) {
  const db = await freshDb(kind);
  const vault = createVault({ kek: await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-wh-"))), cacheTtlMs: 60_000 });
  const org = await makeOrg(db, `${label}-${kind}`);
  const receiver = await startWebhookReceiver();
  const worker: WorkerDeps = { db, vault, target: loopbackHookTarget, timeoutMs: 2000, random: () => 0 };
  async function subscribe(receiverPath: string, eventTypes: WebhookEventType[] = ["credential.deleted"]) {
    const out = await createSubscription({ db, vault, target: loopbackHookTarget }, actor, { orgId: org.orgId, url: receiver.url(receiverPath), eventTypes, createdBy: org.users.admin });
    if (out.kind !== "created") throw new Error(`subscription not created: ${JSON.stringify(out)}`);
    return out;
  }
  /** An org event that subscriptions to credential.deleted receive, in its own transaction. */
  const deleted = (name = "production", d: Db = db) => d.transaction((tx) => appendEvent(tx, {
    orgId: org.orgId, type: "credential.deleted", data: { integrationId: "0b9e4c8e-5b1b-4a44-9d4a-1f1e7d0c2a11", provider: "openai", name },
  }));
  /** Makes every pending delivery due now (the schedule itself is asserted from the attempt rows). */
  const makeDue = () => db.query(`update webhook_deliveries set next_attempt_at = now() where delivered_at is null and failed_at is null`);
  const attempts = (subscriptionId: string) => db.query<{ status: number | null; excerpt: string | null; error: string | null; delay: number | null; latency: number }>(
    `select status, response_excerpt as excerpt, error, latency_ms as latency, extract(epoch from next_attempt_at - attempted_at)::float8 as delay
       from webhook_attempts where subscription_id = $1 order by id`, [subscriptionId]).then((r) => r.rows);
  const subscription = (id: string) => db.query<{ disabledAt: Date | null; disabledReason: string | null; failingSince: Date | null }>(
    `select disabled_at as "disabledAt", disabled_reason as "disabledReason", failing_since as "failingSince" from webhook_subscriptions where id = $1`, [id],
  ).then((r) => r.rows[0]);
  return {
    db, vault, org, receiver, worker, subscribe, deleted, makeDue, attempts, subscription,
    close: async () => { await receiver.close(); await db.close(); },
  };
}
