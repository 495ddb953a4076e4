import { getProvider } from "@/lib/providers";
import { cloudflare } from "@/lib/providers/cloudflare";
import { validationContext } from "@/lib/providers/context";
import { startPlatformFake, type PlatformBehaviour, type PlatformFake } from "../fakes/platform-fake";

const USER_TOKEN = `cfut_${"Ab3dEf6hIj".repeat(4)}0123cafe`;
const ACCOUNT_TOKEN = `cfat_${"Zy9xWv8uTs".repeat(4)}89abbeef`;
const LEGACY = `${"Lg7_kQ-2mN".repeat(4)}`;
const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";

const field = (name: string) => cloudflare.fields.find((f) => f.name === name)!;
const format = (name: string, value: string) => {
  const r = field(name).schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: PlatformFake;
beforeAll(async () => { fake = await startPlatformFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (behaviour: PlatformBehaviour, credential: Record<string, string> = {}, timeoutMs = 2000) => {
  const cred = { apiToken: USER_TOKEN, ...credential };
  fake.keys.set(cred.apiToken, behaviour);
  const ctx = validationContext({ providerBaseUrls: { cloudflare: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "cloudflare");
  return cloudflare.validate(cred, ctx);
};

describe("Cloudflare token format", () => {
  it("accepts user, account and legacy tokens and an optional 32-hex account id", () => {
    for (const t of [USER_TOKEN, ACCOUNT_TOKEN, LEGACY]) expect(format("apiToken", t)).toBeNull();
    expect(format("accountId", ACCOUNT)).toBeNull();
    expect(format("accountId", "")).toBeNull();
  });
  it("refuses the Global API Key, pointing to a scoped token", () => {
    expect(format("apiToken", "c2547eb745079dac9320b638f5e225cf483cc")).toMatch(/Global API Key.*API token/);
  });
  it("explains a malformed token and account id", () => {
    expect(format("apiToken", "cfut_short")).toMatch(/starts with cfut_ or cfat_/);
    expect(format("accountId", "acme")).toMatch(/32 characters/);
  });
});

describe("Cloudflare validation against the fake", () => {
  it("verifies a user token on /user/tokens/verify and reports its id, status and expiry", async () => {
    const r = await check("valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "User API token ed17574386854bf78a67040be0a770b0" });
    expect(r.details).toMatchObject({ status: "active", expiresAt: "2027-06-30T23:59:59Z", notBefore: "2026-01-01T00:00:00Z" });
    expect(fake.requests[0].path).toBe("/client/v4/user/tokens/verify");
  });
  it("verifies an account token against its account", async () => {
    const r = await check("valid", { apiToken: ACCOUNT_TOKEN, accountId: ACCOUNT });
    expect(r.outcome).toBe("valid");
    expect(r.details).toMatchObject({ tokenType: "Account API token", accountId: ACCOUNT });
    expect(fake.requests[0].path).toBe(`/client/v4/accounts/${ACCOUNT}/tokens/verify`);
  });
  it("requires the account id for an account token before any call", async () => {
    const r = await check("valid", { apiToken: ACCOUNT_TOKEN });
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/cfat_.*Account ID/);
    expect(fake.requests).toHaveLength(0);
  });
  it("refuses an account id that could change the path, before any call", async () => {
    expect((await check("valid", { apiToken: ACCOUNT_TOKEN, accountId: "../user" })).outcome).toBe("invalid");
    expect(fake.requests).toHaveLength(0);
  });
  it("treats a disabled or expired token as invalid even though verify answers 200", async () => {
    expect(await check("disabled")).toMatchObject({ outcome: "invalid", httpStatus: 200 });
    const r = await check("expired");
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/expired/);
  });
  it("rejects an unknown token with Cloudflare's error message", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/Invalid API Token/);
  });
  it("reports a rate limit with the Retry-After delay", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 502 page and a hang as outages, a malformed body as unknown", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 502 });
    expect((await check("hang", {}, 300)).outcome).toBe("provider_outage");
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("sends the token only as a Bearer header, with a User-Agent", async () => {
    await check("valid");
    const [req] = fake.requests;
    expect(req.method).toBe("GET");
    expect(req.path).not.toContain(USER_TOKEN);
    expect(req.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    expect(req.headers["user-agent"]).toMatch(/^Switchboard\//);
  });
});

describe("Cloudflare definition", () => {
  it("is registered, fingerprints the token and exports CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID", () => {
    expect(getProvider("cloudflare")).toBe(cloudflare);
    expect(cloudflare.fingerprint({ apiToken: USER_TOKEN })).toBe("…cafe");
    expect(cloudflare.env.map((e) => e.name)).toEqual(["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"]);
    expect(cloudflare).toMatchObject({ iconSlug: "cloudflare", category: "cloud", oauth: false });
  });
});
