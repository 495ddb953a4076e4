import { parseEnv } from "@/lib/env-schema";
import { billingConfig } from "@/lib/billing/config";
import { checkPlanLimit } from "@/lib/billing/limits";
import { getBilling } from "@/lib/billing/stripe";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { apiWorld, openaiKey } from "../helpers/api";

// No STRIPE_ variables: the embedded default (this file's process environment has none).
describe("billing off", () => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  beforeAll(async () => { world = await apiWorld("pglite", "nobill"); });
  afterAll(() => world.close());

  it("is off without Stripe configuration, and then no org has a limit", async () => {
    expect(getBilling()).toBeNull();
    expect(await checkPlanLimit(world.db, world.a.orgId, "members")).toBeNull();
    for (let i = 0; i < 8; i++) {
      const r = await setupIntegration(world.deps, { userId: world.a.users.admin }, {
        orgId: world.a.orgId, provider: getProvider("openai")!, name: `k${i}`, credential: { apiKey: openaiKey(`k${i}`) }, skipValidation: true });
      expect(r.kind).toBe("stored");
    }
  });

  it("the environment takes Stripe all together or not at all, and STRIPE_API_BASE becomes the SDK's host, port and protocol", () => {
    const whole = { STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_x", STRIPE_PRICE_TEAM: "price_t", STRIPE_PRICE_BUSINESS: "price_b" };
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_test_x" })).toThrow(/STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set/);
    expect(() => parseEnv({ STRIPE_PRICE_TEAM: "price_t" })).toThrow(/STRIPE_SECRET_KEY is required/);
    expect(() => parseEnv({ ...whole, STRIPE_PRICE_BUSINESS: "price_t" })).toThrow(/must differ from STRIPE_PRICE_TEAM/);
    expect(() => parseEnv({ ...whole, STRIPE_SECRET_KEY: "pk_test_x" })).toThrow(/must start with sk_ or rk_/);
    expect(billingConfig(parseEnv(whole))).toMatchObject({ plans: { price_t: "team", price_b: "business" }, api: undefined });
    expect(billingConfig(parseEnv({ ...whole, STRIPE_API_BASE: "http://127.0.0.1:12111" }))!.api).toEqual({ host: "127.0.0.1", port: 12111, protocol: "http" });
    expect(() => parseEnv({ ...whole, STRIPE_API_BASE: "http://stripe.internal.example" })).toThrow(/STRIPE_API_BASE must be https/);
    expect(billingConfig(parseEnv({ ...whole, STRIPE_API_BASE: "https://stripe-proxy.example" }))!.api).toEqual({ host: "stripe-proxy.example", port: 443, protocol: "https" });
    expect(billingConfig(parseEnv({}))).toBeNull();
  });
});
