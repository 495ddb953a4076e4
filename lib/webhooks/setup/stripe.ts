import "server-only";
import { createHash } from "node:crypto";
import Stripe from "stripe";
import type { Actor, AuditOutcome } from "@/lib/audit";
import { writeAudit } from "@/lib/audit";
import { stripeApiSettings } from "@/lib/billing/config";
import { parseOpenedCredential } from "@/lib/integrations/credential";
import { getIntegration } from "@/lib/integrations/queries";
import type { Deps } from "@/lib/integrations/service";
import { readSecret } from "@/lib/vault/secrets";
import { setCredentialField } from "../inbound/credential-field";
import { listEndpoints } from "../inbound/endpoints";
import { createInboundEndpoint } from "../inbound/service";

export type StripeTarget = { kind: "inbound" } | { kind: "app"; url: string };

export type SetupResult =
  | { kind: "created"; url: string; remoteId: string }
  | { kind: "exists"; url: string; remoteId: string; hasSecret: boolean }
  | { kind: "refused"; status: number; error: string };

const refused = (status: number, error: string): SetupResult => ({ kind: "refused", status, error });

/**
 * Setup after save for Stripe: a webhook endpoint at Stripe, through the stripe SDK with the org's
 * own key, to the admin's app or to this credential's Switchboard inbound endpoint (reused, or
 * made now), for the chosen events; the signing secret Stripe returns (once, at creation) becomes
 * the credential's webhook signing secret. Idempotent: an endpoint Stripe already has for the URL
 * is reported, not duplicated, and the create call carries an idempotency key, so a retried
 * click within Stripe's 24 hours returns the same endpoint.
 */
export async function setupStripeWebhook(
  deps: Deps, actor: Actor, input: { orgId: string; integrationId: string; target: StripeTarget; events: string[]; origin: string },
): Promise<SetupResult> {
  const row = await getIntegration(deps.db, input.orgId, input.integrationId);
  if (!row || row.provider !== "stripe" || row.authType !== "api_key") return refused(404, "That Stripe credential does not exist in this organization.");
  if (row.status !== "VALID") return refused(409, "Verify this key first: setup runs only with a key Stripe has accepted.");
  const url = input.target.kind === "app" ? input.target.url : await inboundUrl(deps, actor, input.orgId, row.id, input.origin);
  if (typeof url !== "string") return url;

  const ref = { orgId: input.orgId, integrationId: row.id, provider: "stripe" };
  const sealed = await readSecret(deps.db, ref);
  if (!sealed) return refused(404, "That Stripe credential does not exist in this organization.");
  const fields = parseOpenedCredential(await deps.vault.open(deps.db, ref, sealed));
  const ctx = deps.context("stripe");
  const stripe = new Stripe(fields.secretKey, {
    ...stripeApiSettings(ctx.baseUrl("https://api.stripe.com")), timeout: ctx.timeoutMs, maxNetworkRetries: 1, telemetry: false,
  });
  const audit = (outcome: AuditOutcome, metadata: Record<string, string>) => writeAudit(deps.db, actor, {
    orgId: input.orgId, action: "webhook.provider_setup", provider: "stripe", integrationId: row.id, outcome,
    metadata: { name: row.name, kind: "stripe_webhook_endpoint", target: input.target.kind, host: new URL(url).host, ...metadata },
  });

  try {
    const existing = (await stripe.webhookEndpoints.list({ limit: 100 })).data.find((e) => e.url === url);
    if (existing) {
      await audit("exists", { remote_id: existing.id });
      return { kind: "exists", url, remoteId: existing.id, hasSecret: Boolean(fields.webhookSecret) };
    }
    const events = [...input.events].sort();
    const idempotencyKey = createHash("sha256").update(JSON.stringify([input.orgId, row.id, url, events])).digest("hex");
    const created = await stripe.webhookEndpoints.create(
      { url, enabled_events: events as Stripe.WebhookEndpointCreateParams.EnabledEvent[], description: "Created by Switchboard", metadata: { switchboard_org: input.orgId } },
      { idempotencyKey },
    );
    if (!created.secret) return refused(502, "Stripe created the endpoint but returned no signing secret; reveal it in the Dashboard and paste it here.");
    await deps.db.transaction(async (tx) => {
      const set = await setCredentialField(tx, deps.vault, actor, ref, "webhookSecret", created.secret!);
      if (!set.ok) throw new Error(set.error);
      await writeAudit(tx, actor, {
        orgId: input.orgId, action: "webhook.provider_setup", provider: "stripe", integrationId: row.id, outcome: "created",
        metadata: { name: row.name, kind: "stripe_webhook_endpoint", target: input.target.kind, host: new URL(url).host, remote_id: created.id, events: events.join(",") },
      });
    });
    return { kind: "created", url, remoteId: created.id };
  } catch (err) {
    if (!(err instanceof Stripe.errors.StripeError)) throw err;
    // Fixed sentences: Stripe's own messages can quote part of the key.
    await audit("failed", { stripe_error: err.type });
    if (err.statusCode === 401) return refused(502, "Stripe refused this key. Re-validate it, or paste a new one.");
    if (err.statusCode === 403) return refused(502, "This restricted key may not create webhook endpoints: allow Webhook Endpoints, Write on the key's page at Stripe.");
    if (err.statusCode === 400) return refused(400, "Stripe refused this URL or these events. Check the address (Stripe calls public https addresses only).");
    return refused(503, "Stripe could not be reached or had an error; nothing was created. Try again in a minute.");
  }
}

/** This credential's Stripe inbound endpoint (the first, when there are several), created when it has none. */
async function inboundUrl(deps: Deps, actor: Actor, orgId: string, integrationId: string, origin: string): Promise<string | SetupResult> {
  const found = (await listEndpoints(deps.db, orgId)).find((e) => e.integrationId === integrationId && e.scheme === "stripe");
  if (found) return `${origin}/api/hooks/${found.token}`;
  const made = await createInboundEndpoint(deps.db, deps.vault, actor, { orgId, integrationId, scheme: "stripe", name: "Stripe events", hmac: null });
  if (made.kind !== "created") return refused(409, made.error);
  return `${origin}/api/hooks/${made.endpoint.token}`;
}
