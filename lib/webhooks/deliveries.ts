import "server-only";
import { writeAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { TEST_EVENT_TYPE } from "./types";

/** A replay of "everything since" requeues at most this many deliveries, newest first. */
export const MAX_REPLAY = 500;

/**
 * Queues a webhook.test delivery to one subscription, whatever its event types (disabled ones
 * too: it waits until enabled). Null: no such subscription here.
 */
export async function sendTestEvent(db: Db, actor: Actor, orgId: string, subscriptionId: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `insert into webhook_deliveries (org_id, subscription_id, event_type, payload)
       select s.org_id, s.id, $3::text, jsonb_build_object('type', $3::text,
           'timestamp', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'data', jsonb_build_object('subscriptionId', s.id, 'message', 'This is a test event from Switchboard.'))
         from webhook_subscriptions s where s.org_id = $1 and s.id = $2
       returning id`,
      [orgId, subscriptionId, TEST_EVENT_TYPE],
    );
    if (!rows[0]) return null;
    await writeAudit(tx, actor, { orgId, action: "webhook.test", outcome: "queued", metadata: { subscription_id: subscriptionId, delivery_id: rows[0].id } });
    return rows[0].id;
  });
}

/**
 * Sends deliveries again with the same webhook-id and body (receivers deduplicate by the id):
 * each starts a fresh schedule, due now; earlier attempts stay listed. One delivery by id, or
 * every delivery of the subscription created at or after `since` (at most MAX_REPLAY).
 */
export async function replay(db: Db, actor: Actor, orgId: string, subscriptionId: string, which: { deliveryId: string } | { since: Date }): Promise<number | null> {
  return db.transaction(async (tx) => {
    const { rows: sub } = await tx.query(`select 1 from webhook_subscriptions where org_id = $1 and id = $2`, [orgId, subscriptionId]);
    if (!sub[0]) return null;
    const { rows } = "deliveryId" in which
      ? await tx.query<{ id: string }>(
          `update webhook_deliveries set attempts = 0, next_attempt_at = now(), delivered_at = null, failed_at = null
            where org_id = $1 and subscription_id = $2 and id = $3 returning id`,
          [orgId, subscriptionId, which.deliveryId])
      : await tx.query<{ id: string }>(
          `update webhook_deliveries set attempts = 0, next_attempt_at = now(), delivered_at = null, failed_at = null
            where id in (select id from webhook_deliveries where org_id = $1 and subscription_id = $2 and created_at >= $3
                          order by created_at desc limit $4)
            returning id`,
          [orgId, subscriptionId, which.since, MAX_REPLAY]);
    if ("deliveryId" in which && !rows[0]) return null;
    await writeAudit(tx, actor, {
      orgId, action: "webhook.replay", outcome: "queued",
      metadata: { subscription_id: subscriptionId, count: rows.length, ...("deliveryId" in which ? { delivery_id: which.deliveryId } : { since: which.since.toISOString() }) },
    });
    return rows.length;
  });
}
