/**
 * The event types a webhook subscription can ask for, as receivers see them. Imported by the
 * browser (the subscription form): plain data only. Each comes from an org event
 * (lib/events/types.ts) through lib/webhooks/event-map.ts; the data is that event's own small,
 * strict shape, which never holds a secret.
 */
export const WEBHOOK_EVENT_TYPES = {
  "credential.saved": "A key was stored, new or replacing one.",
  "credential.invalid": "A check found a credential no longer works.",
  "credential.expiring": "The provider says a key expires within 14 days.",
  "credential.deleted": "A credential was deleted (keys and OAuth connections).",
  "request.created": "Someone asked for a missing credential.",
  "request.resolved": "A credential request ended: fulfilled, declined, expired or canceled.",
  "oauth.connected": "An OAuth connection was made.",
  "oauth.refresh_failed": "The provider refused to refresh an OAuth token.",
  "oauth.disconnected": "An OAuth connection was removed.",
  "deployment.state_changed": "A deployment moved on: queued, building, ready, error or canceled.",
  "webhook.inbound_received": "A provider's webhook (Stripe, GitHub, ...) arrived at an inbound endpoint and its signature verified.",
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;

/** Sent by "Send test event" to one subscription, whatever it subscribed to. */
export const TEST_EVENT_TYPE = "webhook.test";

export const isWebhookEventType = (t: string): t is WebhookEventType => Object.hasOwn(WEBHOOK_EVENT_TYPES, t);
