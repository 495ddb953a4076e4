import "server-only";
import { writeAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";

import { WEBHOOK_DISABLED } from "./notification-kinds";

/**
 * Disables a subscription the worker gave up on, once (a second call finds it disabled and does
 * nothing), and tells the org's admins through a notification on the integrations page.
 */
export async function disableSubscription(db: Db, orgId: string, id: string, reason: string): Promise<void> {
  const { rows } = await db.query<{ url: string }>(
    `update webhook_subscriptions set disabled_at = now(), disabled_reason = $3 where org_id = $1 and id = $2 and disabled_at is null returning url`,
    [orgId, id, reason],
  );
  if (!rows[0]) return;
  const host = new URL(rows[0].url).host;
  const { rows: raised } = await db.query<{ id: string }>(
    `insert into notifications (org_id, integration_id, kind, message) values ($1, null, $2, $3) returning id`,
    [orgId, WEBHOOK_DISABLED, `Switchboard stopped sending webhooks to ${host}: ${reason} Fix the receiver, then enable it again under Settings, Webhooks.`.slice(0, 1000)],
  );
  await appendEvent(db, { orgId, type: "notification.raised", data: { notificationId: raised[0].id, integrationId: null, kind: WEBHOOK_DISABLED } });
  await writeAudit(db, { userId: null, userAgent: "webhook-worker" }, { orgId, action: "webhook.disable", outcome: "disabled_by_switchboard", metadata: { subscription_id: id, reason } });
}
