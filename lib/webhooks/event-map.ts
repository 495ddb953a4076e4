import type { EventData, EventType } from "@/lib/events/types";
import type { WebhookEventType } from "./types";

export interface WebhookEvent { type: WebhookEventType; data: Record<string, unknown> }

type Mapper<T extends EventType> = (data: EventData<T>) => WebhookEvent | null;

/**
 * Which org events go out as which webhook types. The data is the org event's own (strict,
 * small, secret-free: lib/events/types.ts), so nothing reaches a receiver that the org's live
 * stream would not show a member. Org events not listed here are not sent.
 */
const MAP: { [T in EventType]?: Mapper<T> } = {
  // An OAuth connection is recorded as a saved credential too; receivers get it as oauth.connected.
  "credential.saved": (d) => (d.via === "oauth"
    ? { type: "oauth.connected", data: { integrationId: d.integrationId, provider: d.provider, name: d.name } }
    : { type: "credential.saved", data: { integrationId: d.integrationId, provider: d.provider, name: d.name, status: d.status } }),
  "integration.status_changed": (d) => (d.status === "INVALID" && d.previous !== "INVALID"
    ? { type: "credential.invalid", data: { integrationId: d.integrationId, provider: d.provider, name: d.name, previous: d.previous } }
    : null),
  "credential.expiring": (d) => ({ type: "credential.expiring", data: d }),
  "credential.deleted": (d) => ({ type: "credential.deleted", data: d }),
  "request.created": (d) => ({ type: "request.created", data: d }),
  "request.resolved": (d) => ({ type: "request.resolved", data: d }),
  "oauth.refresh_failed": (d) => ({ type: "oauth.refresh_failed", data: d }),
  "oauth.disconnected": (d) => ({ type: "oauth.disconnected", data: d }),
  "deployment.state_changed": (d) => ({ type: "deployment.state_changed", data: d }),
  // Only what verified: forwarding a forged delivery would hand it on to the org's own services.
  "webhook.inbound_received": (d) => (d.verified ? { type: "webhook.inbound_received", data: d } : null),
};

/** The webhook event an org event becomes, if any. */
export function webhookEventFor<T extends EventType>(type: T, data: EventData<T>): WebhookEvent | null {
  const map = MAP[type] as Mapper<T> | undefined;
  return map ? map(data) : null;
}
