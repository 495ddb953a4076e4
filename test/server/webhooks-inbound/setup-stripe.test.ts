import { parseOpenedCredential } from "@/lib/integrations/credential";
import { readSecret } from "@/lib/vault/secrets";
import { listEndpoints } from "@/lib/webhooks/inbound/endpoints";
import { setupStripeWebhook } from "@/lib/webhooks/setup/stripe";
import { startStripeFake, type StripeFake } from "../../fakes/stripe-fake";
import { dbKinds } from "../../helpers/db";
import { inboundEnv, stripeKeys } from "../../helpers/inbound";

const ORIGIN = "http://127.0.0.1:3999";
const EVENTS = ["invoice.paid", "checkout.session.completed"];

describe.each(dbKinds)("setup after save, Stripe, on %s", (kind) => {
  let env: Awaited<ReturnType<typeof inboundEnv>>;
  let stripe: StripeFake;
  let verified: string;
  const keys = stripeKeys("v");
  const setup = (target: { kind: "inbound" } | { kind: "app"; url: string }, integrationId = verified) =>
    setupStripeWebhook(env.deps as never, env.actor, { orgId: env.org.orgId, integrationId, target, events: EVENTS, origin: ORIGIN });
  const webhookSecretOf = async (integrationId: string) => {
    const ref = { orgId: env.org.orgId, integrationId, provider: "stripe" };
    return parseOpenedCredential(await env.vault.open(env.db, ref, (await readSecret(env.db, ref))!)).webhookSecret;
  };

  beforeAll(async () => {
    stripe = await startStripeFake();
    stripe.apiKeys.add(keys.secretKey);
    // The org's key is verified against the same loopback Stripe (PROVIDER_BASE_URL_STRIPE), then used for setup.
    env = await inboundEnv(kind, `setup-stripe-${kind}`, { stripeBaseUrl: stripe.url });
    verified = await env.store("stripe", "live", keys, false);
  });
  afterAll(async () => {
    await stripe.close();
    await env.close();
  });

  it("creates the endpoint at Stripe to a new Switchboard inbound endpoint, stores the returned secret, and deliveries signed with it verify", async () => {
    expect(await webhookSecretOf(verified)).toBeUndefined();
    const res = await setup({ kind: "inbound" });
    expect(res).toMatchObject({ kind: "created", url: expect.stringMatching(new RegExp(`^${ORIGIN}/api/hooks/[A-Za-z0-9_-]{43}$`)) });
    const [remote] = [...stripe.webhookEndpoints.values()];
    expect(remote).toMatchObject({ url: (res as { url: string }).url, enabled_events: EVENTS.sort(), key: keys.secretKey });
    expect(await webhookSecretOf(verified)).toBe(remote.secret);
    // The secret Stripe returned signs for the endpoint it points at.
    const [endpoint] = (await listEndpoints(env.db, env.org.orgId)).filter((e) => e.integrationId === verified);
    const body = JSON.stringify(stripe.event("invoice.paid", { id: "in_9" }));
    expect(await env.post(endpoint.token, body, { "stripe-signature": stripe.sign(body, { secret: remote.secret }) })).toMatchObject({ status: 200 });
    const audit = (await env.db.query<{ action: string; outcome: string; metadata: object }>(
      `select action, outcome, metadata from audit_events where org_id = $1 and integration_id = $2 and action in ('webhook.provider_setup', 'integration.store') order by id`,
      [env.org.orgId, verified])).rows;
    expect(audit.slice(-2)).toEqual([
      { action: "integration.store", outcome: "field_set", metadata: expect.objectContaining({ field: "webhookSecret" }) },
      { action: "webhook.provider_setup", outcome: "created", metadata: expect.objectContaining({ remote_id: remote.id, target: "inbound" }) },
    ]);
    expect(JSON.stringify(audit)).not.toContain(remote.secret);
  });

  it("is idempotent: a second click finds Stripe's endpoint for that URL and changes nothing", async () => {
    const secret = await webhookSecretOf(verified);
    const res = await setup({ kind: "inbound" });
    expect(res).toMatchObject({ kind: "exists", hasSecret: true });
    expect(stripe.webhookEndpoints.size).toBe(1);
    expect((await listEndpoints(env.db, env.org.orgId)).filter((e) => e.integrationId === verified && e.scheme === "stripe")).toHaveLength(1);
    expect(await webhookSecretOf(verified)).toBe(secret);
  });

  it("points Stripe at the admin's own app instead, and that secret replaces the stored one", async () => {
    const res = await setup({ kind: "app", url: "https://app.example.com/api/stripe/webhook" });
    expect(res).toMatchObject({ kind: "created", url: "https://app.example.com/api/stripe/webhook" });
    const remote = [...stripe.webhookEndpoints.values()].find((e) => e.url === "https://app.example.com/api/stripe/webhook")!;
    expect(await webhookSecretOf(verified)).toBe(remote.secret);
  });

  it("refuses a key that is not verified, and one Stripe rejects, without storing anything", async () => {
    const pending = await env.store("stripe", "pending", stripeKeys("p"));
    expect(await setup({ kind: "inbound" }, pending)).toMatchObject({ kind: "refused", status: 409 });
    stripe.apiKeys.delete(keys.secretKey);
    const before = await webhookSecretOf(verified);
    expect(await setup({ kind: "app", url: "https://other.example.com/hook" })).toMatchObject({ kind: "refused", status: 502, error: "Stripe refused this key. Re-validate it, or paste a new one." });
    expect(await webhookSecretOf(verified)).toBe(before);
    stripe.apiKeys.add(keys.secretKey);
  });
});
