import { setupIntegrationAction } from "@/actions/integrations/setup-integration";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { readSecret } from "@/lib/vault/secrets";
import { createInboundEndpoint } from "@/lib/webhooks/inbound/service";
import type { EndpointRow } from "@/lib/webhooks/inbound/endpoints";
import { startStripeFake, type StripeFake } from "../../fakes/stripe-fake";
import { dbKinds } from "../../helpers/db";
import { inboundEnv, stripeKeys } from "../../helpers/inbound";

// The setup action runs with a signed-in admin and this test's database; everything else is real.
const mockCurrent = { env: undefined as undefined | Awaited<ReturnType<typeof inboundEnv>>, user: { id: "", email: "admin@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.env!.db }));
jest.mock("@/lib/integrations/deps", () => ({ integrationDeps: async () => mockCurrent.env!.deps }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const now = () => Math.floor(Date.now() / 1000);

describe.each(dbKinds)("replacing a credential keeps the optional secrets left blank, on %s", (kind) => {
  let env: Awaited<ReturnType<typeof inboundEnv>>;
  let stripe: StripeFake;
  let endpoint: EndpointRow;

  const stored = async (provider: string, name: string) => {
    const { rows } = await env.db.query<{ id: string }>(`select id from integrations where org_id = $1 and provider = $2 and name = $3`, [env.org.orgId, provider, name]);
    const ref = { orgId: env.org.orgId, integrationId: rows[0].id, provider };
    return JSON.parse(await env.vault.open(env.db, ref, (await readSecret(env.db, ref))!)) as Record<string, string>;
  };
  // The Stripe page's form, re-submitted with a new secret key of the same account and mode (the
  // publishable key as stored): the webhook secret field as the admin left it.
  const replaceStripe = (tag: string, extra: Record<string, string> = {}) => setupIntegrationAction(null, {
    orgSlug: env.org.slug, provider: "stripe", name: "default", skipValidation: "true",
    "field.publishableKey": stripeKeys("a").publishableKey, "field.secretKey": stripeKeys(tag).secretKey, "field.webhookSecret": "", ...extra,
  });
  const deliver = async () => {
    const body = JSON.stringify(stripe.event("invoice.paid", { id: `in_${crypto.randomUUID()}`, object: "invoice" }));
    return env.post(endpoint.token, body, { "stripe-signature": stripe.sign(body, { timestamp: now() }) });
  };

  beforeAll(async () => {
    stripe = await startStripeFake();
    env = mockCurrent.env = await inboundEnv(kind, `replace-${kind}`, { stripeWebhookSecret: stripe.webhookSecret });
    mockCurrent.user.id = env.org.users.admin;
    const res = await createInboundEndpoint(env.db, env.vault, env.actor, { orgId: env.org.orgId, integrationId: env.credentials.stripe, scheme: "stripe", name: "stripe", hmac: null });
    if (res.kind !== "created") throw new Error(res.error);
    endpoint = res.endpoint;
  });
  afterAll(async () => {
    await stripe.close();
    await env.close();
  });

  it("Stripe: a new key with the webhook secret left blank keeps the stored secret, so deliveries still verify", async () => {
    expect((await deliver()).status).toBe(200);
    expect(await replaceStripe("b")).toMatchObject({ ok: true });
    const fields = await stored("stripe", "default");
    expect(fields).toMatchObject({ secretKey: stripeKeys("b").secretKey, webhookSecret: stripe.webhookSecret });
    expect(await deliver()).toMatchObject({ status: 200, body: { received: true } });
    const { rows } = await env.db.query<{ metadata: Record<string, unknown> }>(
      `select metadata from audit_events where org_id = $1 and action = 'integration.store' order by id desc limit 1`, [env.org.orgId]);
    expect(rows[0].metadata).toMatchObject({ kept: "webhookSecret" });
    expect(JSON.stringify(rows[0].metadata)).not.toContain(stripe.webhookSecret);
  });

  it("Stripe: a new webhook secret typed in replaces the stored one", async () => {
    const other = `whsec_${"ab12".repeat(8)}`;
    expect(await replaceStripe("c", { "field.webhookSecret": other })).toMatchObject({ ok: true });
    expect((await stored("stripe", "default")).webhookSecret).toBe(other);
    expect((await deliver()).status).toBe(400);
    expect(await replaceStripe("d", { "field.webhookSecret": stripe.webhookSecret })).toMatchObject({ ok: true });
    expect((await deliver()).status).toBe(200);
  });

  it.each([
    ["live-mode keys", { publishableKey: `pk_live_a${"51Hf".repeat(8)}`, secretKey: `rk_live_a${"51Hx".repeat(8)}` }],
    ["another account's keys", stripeKeys("x")],
  ])("Stripe: %s with the webhook secret left blank keep nothing: the old secret signs another account's or mode's endpoints", async (_, keys) => {
    expect(await setupIntegrationAction(null, {
      orgSlug: env.org.slug, provider: "stripe", name: "default", skipValidation: "true",
      "field.publishableKey": keys.publishableKey, "field.secretKey": keys.secretKey, "field.webhookSecret": "",
    })).toMatchObject({ ok: true });
    expect(await stored("stripe", "default")).toEqual(keys);
    expect(await deliver()).toMatchObject({ status: 409 });
    expect(await replaceStripe("f", { "field.webhookSecret": stripe.webhookSecret })).toMatchObject({ ok: true });
    expect((await deliver()).status).toBe(200);
  });

  it("Stripe: the ticked 'remove the stored webhook signing secret' box is the one way to drop it", async () => {
    expect(await stored("stripe", "default")).toHaveProperty("webhookSecret");
    expect(await replaceStripe("e", { "clear.webhookSecret": "on" })).toMatchObject({ ok: true });
    expect(await stored("stripe", "default")).not.toHaveProperty("webhookSecret");
    // The audit names what was removed, never its value.
    const { rows } = await env.db.query<{ metadata: Record<string, unknown> }>(
      `select metadata from audit_events where org_id = $1 and action = 'integration.store' order by id desc limit 1`, [env.org.orgId]);
    expect(rows[0].metadata).toMatchObject({ cleared: "webhookSecret" });
    expect(rows[0].metadata).not.toHaveProperty("kept");
    expect(JSON.stringify(rows[0].metadata)).not.toContain(stripe.webhookSecret);
    expect(await deliver()).toMatchObject({ status: 409 });
  });

  const save = async (provider: string, name: string, credential: Record<string, string>) => {
    const res = await setupIntegration(env.deps, { userId: env.org.users.admin }, { orgId: env.org.orgId, provider: getProvider(provider)!, name, credential, skipValidation: true });
    expect(res.kind).toBe("stored");
    return stored(provider, name);
  };

  it("a credential deleted while its replacement was being checked leaves the new one nothing to keep", async () => {
    const twilio = getProvider("twilio")!;
    const account = { accountSid: `AC${"4".repeat(32)}` };
    await save("twilio", "gone", { ...account, authToken: "C".repeat(32) });
    // The check (a provider call) is the window: the row goes while it runs.
    const deleting: typeof twilio = { ...twilio, validate: async () => {
      await env.db.query(`delete from integrations where org_id = $1 and provider = 'twilio' and name = 'gone'`, [env.org.orgId]);
      return { outcome: "valid", reason: "Twilio accepted the credentials." };
    } };
    const res = await setupIntegration(env.deps, { userId: env.org.users.admin }, { orgId: env.org.orgId, provider: deleting, name: "gone", credential: account, skipValidation: false });
    expect(res.kind).toBe("stored");
    expect(await stored("twilio", "gone")).toEqual(account);
  });

  it("AWS: the session token is kept only while the temporary key id stays the same", async () => {
    const key = { accessKeyId: "ASIAABCDEFGHIJKLMNOP", secretAccessKey: "a".repeat(40), region: "us-east-1" };
    const token = "FwoGZXIvYXdzE" + "A".repeat(40);
    await save("aws", "temp", { ...key, sessionToken: token });
    expect((await save("aws", "temp", { ...key, secretAccessKey: "b".repeat(40) })).sessionToken).toBe(token);
    // A new key (here a long-term one) never inherits the old key's session token.
    expect(await save("aws", "temp", { ...key, accessKeyId: "AKIAABCDEFGHIJKLMNOP" })).not.toHaveProperty("sessionToken");
  });

  it("Twilio: the Auth Token is kept for the same account, and dropped when switching to an API key", async () => {
    const account = { accountSid: `AC${"1".repeat(32)}` };
    const authToken = "A".repeat(32);
    await save("twilio", "sms", { ...account, authToken });
    expect((await save("twilio", "sms", account)).authToken).toBe(authToken);
    const apiKey = { apiKeySid: `SK${"2".repeat(32)}`, apiKeySecret: "B".repeat(32) };
    expect(await save("twilio", "sms", { ...account, ...apiKey })).toEqual({ ...account, ...apiKey });
    // The same API key re-saved without its secret keeps it; another account keeps nothing.
    expect((await save("twilio", "sms", { ...account, apiKeySid: apiKey.apiKeySid })).apiKeySecret).toBe(apiKey.apiKeySecret);
    expect(await save("twilio", "sms", { accountSid: `AC${"3".repeat(32)}`, apiKeySid: apiKey.apiKeySid })).not.toHaveProperty("apiKeySecret");
  });
});
