import { z } from "zod";

/**
 * Every event the org stream carries, with who may receive it and the exact shape of its data.
 * Shapes are strict (an unknown key is refused) and hold ids, names, statuses and kinds only, so
 * nothing a caller passes by mistake, a secret least of all, can ride along into a browser.
 * Imported by the browser too (components/live/): zod only, nothing server-side.
 */
const id = z.uuid();
const provider = z.string().regex(/^[a-z0-9_]{2,40}$/);
const name = z.string().min(1).max(80);
const status = z.enum(["VALID", "INVALID", "PENDING", "NOT_CONFIGURED"]);
const kind = z.string().regex(/^[a-z_]{2,40}$/);
const role = z.enum(["owner", "admin", "member"]);
const deploymentState = z.enum(["queued", "building", "ready", "error", "canceled"]);

export const EVENT_TYPES = {
  /** A check (manual, scheduled, OAuth webhook) moved a credential to another status. */
  "integration.status_changed": { audience: "member", data: z.strictObject({ integrationId: id, provider, name, status, previous: status }) },
  /** A key was stored (new or replacing) or an OAuth connection was recorded. */
  "credential.saved": { audience: "member", data: z.strictObject({ integrationId: id, provider, name, status, via: z.enum(["key", "oauth"]) }) },
  "credential.deleted": { audience: "member", data: z.strictObject({ integrationId: id, provider, name }) },
  /** The provider reported an expiry within the warning window; once per open warning. */
  "credential.expiring": { audience: "member", data: z.strictObject({ integrationId: id, provider, name, expiresAt: z.iso.datetime() }) },
  /** Nango could not refresh an OAuth token (its webhook said so); the credential is now Invalid. */
  "oauth.refresh_failed": { audience: "member", data: z.strictObject({ integrationId: id, provider, name }) },
  /** An OAuth connection was removed (credential.deleted goes with it). */
  "oauth.disconnected": { audience: "member", data: z.strictObject({ integrationId: id, provider, name }) },
  "credential.renamed": { audience: "member", data: z.strictObject({ integrationId: id, provider, name, from: name }) },
  "credential.default_changed": { audience: "member", data: z.strictObject({ integrationId: id, provider, name, previous: name.nullable() }) },
  /** Members read notifications too; the message itself stays in its table (the page reads it). */
  "notification.raised": { audience: "member", data: z.strictObject({ notificationId: id, integrationId: id.nullable(), kind }) },
  /** Closed by an admin (dismissed) or because the credential works again or was replaced. */
  "notification.resolved": { audience: "member", data: z.strictObject({ notificationId: id, integrationId: id.nullable(), kind, dismissed: z.boolean() }) },
  /** Invitations are listed to admins only (RLS: invitations_admins). */
  "invitation.created": { audience: "admin", data: z.strictObject({ invitationId: id, role }) },
  "invitation.revoked": { audience: "admin", data: z.strictObject({ invitationId: id }) },
  /** Open streams re-check their user's membership on these, so a removed member's stream ends at once. */
  "member.joined": { audience: "member", data: z.strictObject({ userId: id, role }) },
  "member.removed": { audience: "member", data: z.strictObject({ userId: id }) },
  /** An owner gave someone another role: their streams reconnect for the audience it now allows. */
  "member.role_changed": { audience: "member", data: z.strictObject({ userId: id, role, previous: role }) },
  /** API keys are listed to admins only (their settings page follows these); never the key or its hash. */
  "api_key.created": { audience: "admin", data: z.strictObject({ apiKeyId: id }) },
  "api_key.revoked": { audience: "admin", data: z.strictObject({ apiKeyId: id }) },
  /**
   * Agents are listed to admins only (Settings, Agents follows these): ids and the provider only,
   * never the token, its hash or a grant's rules.
   */
  "agent.created": { audience: "admin", data: z.strictObject({ agentId: id }) },
  "agent.revoked": { audience: "admin", data: z.strictObject({ agentId: id }) },
  /** A grant given, or an existing one edited in place (edited: same grantId, its uses kept). */
  "agent.granted": { audience: "admin", data: z.strictObject({ agentId: id, grantId: id, provider, edited: z.boolean() }) },
  "agent.grant_revoked": { audience: "admin", data: z.strictObject({ agentId: id, grantId: id, provider }) },
  /** Stripe changed the org's subscription: the plan whose limits now apply, and Stripe's status. */
  "billing.plan_changed": {
    audience: "member",
    data: z.strictObject({ plan: z.enum(["free", "team", "business"]), status: z.string().regex(/^[a-z_]{2,40}$/).nullable() }),
  },
  /**
   * Credential requests (lib/requests/). Members may learn that a request for a provider exists or
   * ended; who asked and why stay in the table, which only admins and the requester read.
   */
  "request.created": { audience: "member", data: z.strictObject({ requestId: id, provider }) },
  "request.resolved": { audience: "member", data: z.strictObject({ requestId: id, provider, state: z.enum(["fulfilled", "declined", "expired", "canceled"]) }) },
  /**
   * Deployments (lib/deployments/): a deployment moved through its one state machine (previous is
   * null when it was just created). Members may watch deployments; the outgoing webhooks carry it.
   */
  "deployment.state_changed": {
    audience: "member",
    data: z.strictObject({ deploymentId: id, kind: z.enum(["vercel", "runpod"]), state: deploymentState, previous: deploymentState.nullable(), name }),
  },
  /**
   * New events (log lines, state changes) up to seq were stored for a deployment. The lines
   * themselves stay in deployment_events: this only wakes the deployment page's stream on every
   * instance, through the same LISTEN as everything else.
   */
  "deployment.progress": { audience: "member", data: z.strictObject({ deploymentId: id, seq: z.number().int().positive() }) },
  /**
   * A provider's webhook reached an inbound endpoint and was stored (lib/webhooks/inbound/), in the
   * same transaction. Admins only, as the endpoints are; the body and headers stay in their table.
   * eventType is the provider's own type string ("invoice.paid", GitHub's "push"), limited to a
   * safe charset. Outgoing subscriptions fan these out.
   */
  "webhook.inbound_received": {
    audience: "admin",
    data: z.strictObject({
      endpointId: id, integrationId: id, provider, deliveryId: id,
      eventType: z.string().regex(/^[A-Za-z0-9_.:/-]{1,100}$/), verified: z.boolean(),
    }),
  },
} as const satisfies Record<string, { audience: Audience; data: z.ZodType }>;

export type Audience = "member" | "admin";
export type EventType = keyof typeof EVENT_TYPES;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_TYPES)[T]["data"]>;

/** One event as stored and as streamed: id is the org's own counter, as a decimal string (bigint). */
export interface OrgEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  audience: Audience;
  data: EventData<T>;
  createdAt: string;
}

/** Whether someone who receives `audience` events may see this one: admins see everything. */
export const reaches = (eventAudience: Audience, viewer: Audience) => eventAudience === "member" || viewer === "admin";
