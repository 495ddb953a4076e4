import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { stripe } from "@/lib/providers/stripe";
import { startPlatformFake, type PlatformBehaviour, type PlatformFake } from "../fakes/platform-fake";

const SK = `sk_test_${"51Hfake".repeat(14)}9zQw`;
const RK = `rk_live_${"51Hfake".repeat(14)}rkLv`;
const PK = `pk_test_${"51Hfake".repeat(14)}pkTs`;
const PK_LIVE = `pk_live_${"51Hfake".repeat(14)}pkLv`;
const WHSEC = "whsec_5fA9kq2LmN8pR3sT6vW1xY4zB7cD0eF2";

const field = (name: string) => stripe.fields.find((f) => f.name === name)!;
const format = (name: string, value: string) => {
  const r = field(name).schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: PlatformFake;
beforeAll(async () => { fake = await startPlatformFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (behaviour: PlatformBehaviour | undefined, credential: Record<string, string> = {}, timeoutMs = 2000) => {
  const cred = { secretKey: SK, publishableKey: PK, ...credential };
  if (behaviour) fake.keys.set(cred.secretKey, behaviour);
  const ctx = validationContext({ providerBaseUrls: { stripe: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "stripe");
  return stripe.validate(cred, ctx);
};

describe("Stripe key formats", () => {
  it("accepts secret, restricted, publishable and webhook secrets in their own fields", () => {
    expect(format("secretKey", SK)).toBeNull();
    expect(format("secretKey", RK)).toBeNull();
    expect(format("publishableKey", PK)).toBeNull();
    expect(format("webhookSecret", WHSEC)).toBeNull();
    expect(format("webhookSecret", "")).toBeNull();
  });
  it("refuses a publishable key in the secret field, saying where it belongs", () => {
    expect(format("secretKey", PK)).toMatch(/publishable key \(pk_…\).*publishable key field/);
  });
  it("refuses a secret or restricted key in the publishable field, saying it would reach browsers", () => {
    expect(format("publishableKey", SK)).toMatch(/secret key, not a publishable one.*browsers/);
    expect(format("publishableKey", RK)).toMatch(/secret key, not a publishable one/);
  });
  it("refuses a webhook secret in the key field and an API key in the webhook field", () => {
    expect(format("secretKey", WHSEC)).toMatch(/webhook signing secret/);
    expect(format("webhookSecret", SK)).toMatch(/API key, not a webhook signing secret/);
  });
  it("names another provider's key and rejects truncated keys", () => {
    expect(format("secretKey", `sk-ant-api03-${"x".repeat(95)}`)).toMatch(/credential for Anthropic/);
    expect(format("secretKey", "sk_test_abc")).toMatch(/starts with sk_test_ or sk_live_/);
  });
});

describe("Stripe validation against the fake", () => {
  it("reports a valid restricted live key with mode, key type and currencies, without advice", async () => {
    const r = await check("valid", { secretKey: RK, publishableKey: PK_LIVE });
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "Live mode, restricted key" });
    expect(r.details).toMatchObject({ mode: "live", keyType: "restricted", currencies: ["usd", "eur"] });
    expect(r.details?.advice).toBeUndefined();
  });
  it("advises a restricted key when a full secret key is used", async () => {
    const r = await check("valid", { webhookSecret: WHSEC });
    expect(r.details).toMatchObject({ mode: "test", keyType: "secret" });
    expect(String(r.details?.advice)).toMatch(/restricted key \(rk_…\)/);
    expect(String(r.details?.webhookSecret)).toMatch(/^provided/);
  });
  it("refuses a test publishable key with a live secret key before any call", async () => {
    const r = await check("valid", { secretKey: RK, publishableKey: PK });
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/test-mode key but the secret key is a live-mode key/);
    expect(fake.requests).toHaveLength(0);
  });
  it("refuses swapped fields before any call, even if the form was bypassed", async () => {
    const r = await check("valid", { secretKey: PK, publishableKey: SK });
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/publishable key/);
    expect(fake.requests).toHaveLength(0);
  });
  it("rejects an invalid key with Stripe's reason, never quoting the key", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/Invalid API Key provided/);
    expect(r.reason).not.toContain(SK);
  });
  it("rejects an expired key", async () => {
    expect(await check("expired")).toMatchObject({ outcome: "invalid", httpStatus: 401 });
  });
  it("treats a restricted key without Balance: Read as valid but insufficient", async () => {
    const r = await check("insufficient", { secretKey: RK, publishableKey: PK_LIVE });
    expect(r).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 403 });
    expect(r.reason).toMatch(/Balance: Read.*rak_balance_read/);
  });
  it("reports a rate limit with the Retry-After delay", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 500 api_error as an outage", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 500 });
  });
  it("reports a hang as an outage after the timeout, and a malformed body as unknown", async () => {
    expect((await check("hang", {}, 300)).outcome).toBe("provider_outage");
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("sends only the secret key, as a Bearer header with a User-Agent, to GET /v1/balance", async () => {
    await check("valid", { webhookSecret: WHSEC });
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/v1/balance" });
    expect(req.headers.authorization).toBe(`Bearer ${SK}`);
    expect(req.headers["user-agent"]).toMatch(/^Switchboard\//);
    expect(req.path + JSON.stringify(req.headers)).not.toContain(WHSEC);
    expect(req.path).not.toContain(SK);
  });
});

describe("Stripe definition", () => {
  it("is registered, fingerprints the secret key and exports the three conventional names", () => {
    expect(getProvider("stripe")).toBe(stripe);
    expect(stripe.fingerprint({ secretKey: SK, publishableKey: PK })).toBe("…9zQw");
    expect(stripe.env.map((e) => e.name)).toEqual(["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"]);
    expect(stripe).toMatchObject({ iconSlug: "stripe", category: "payments", oauth: false });
  });
});
