import "server-only";
import type { Db } from "@/lib/db/types";
import { displayUrl } from "./subscriptions";

export interface AttemptView {
  id: string;
  deliveryId: string;
  eventType: string;
  attemptedAt: string;
  status: number | null;
  latencyMs: number;
  excerpt: string | null;
  error: string | null;
  nextAttemptAt: string | null;
}

export interface SubscriptionView {
  id: string;
  url: string;
  eventTypes: string[];
  secretFingerprint: string;
  previousFingerprint: string | null;
  previousExpiresAt: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  pending: number;
  attempts: AttemptView[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * The subscriptions page: each subscription (never its sealed secret: call it under RLS, whose
 * column grants leave those out) with its latest attempts and how many deliveries wait.
 */
export async function outgoingPageData(db: Db, orgId: string, attemptsEach = 20): Promise<SubscriptionView[]> {
  const { rows } = await db.query<Omit<SubscriptionView, "attempts" | "pending"> & { pending: number }>(
    `select s.id, s.url, s.event_types as "eventTypes", s.secret_fingerprint as "secretFingerprint",
        case when s.previous_expires_at > now() then s.previous_fingerprint end as "previousFingerprint",
        case when s.previous_expires_at > now() then s.previous_expires_at end as "previousExpiresAt",
        s.disabled_at as "disabledAt", s.disabled_reason as "disabledReason", s.failing_since as "failingSince",
        (select count(*)::int from webhook_deliveries d where d.subscription_id = s.id and d.delivered_at is null and d.failed_at is null) as pending
       from webhook_subscriptions s where s.org_id = $1 order by s.created_at`,
    [orgId],
  );
  const { rows: attempts } = await db.query<AttemptView & { subscriptionId: string }>(
    `select a.id::text, a.subscription_id as "subscriptionId", a.delivery_id as "deliveryId", d.event_type as "eventType",
        a.attempted_at as "attemptedAt", a.status, a.latency_ms as "latencyMs", a.response_excerpt as excerpt, a.error,
        a.next_attempt_at as "nextAttemptAt"
       from webhook_subscriptions s
       cross join lateral (select * from webhook_attempts a where a.subscription_id = s.id order by a.id desc limit $2) a
       join webhook_deliveries d on d.id = a.delivery_id
      where s.org_id = $1
      order by a.id desc`,
    [orgId, attemptsEach],
  );
  return rows.map((s) => ({
    ...s,
    url: displayUrl(s.url),
    previousExpiresAt: iso(s.previousExpiresAt),
    disabledAt: iso(s.disabledAt),
    failingSince: iso(s.failingSince),
    attempts: attempts.filter((a) => a.subscriptionId === s.id).map(({ subscriptionId: _, ...a }) => ({
      ...a, attemptedAt: iso(a.attemptedAt)!, nextAttemptAt: iso(a.nextAttemptAt),
    })),
  }));
}
