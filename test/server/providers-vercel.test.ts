import { validationContext } from "@/lib/providers/context";
import { getProvider } from "@/lib/providers";
import { vercel } from "@/lib/providers/vercel";
import { startDevtoolsFake, type DevtoolsBehaviour, type DevtoolsFake } from "../fakes/devtools-fake";

const LEGACY = "aB3dE5gH7jK9mN1pQ3sT5vWx";
const TOKEN = `vcp_${"R2d2C3po".repeat(5)}wxyz`;

const format = (value: string) => {
  const r = vercel.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: DevtoolsFake;
beforeAll(async () => { fake = await startDevtoolsFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (token: string, behaviour?: DevtoolsBehaviour, timeoutMs = 2000) => {
  if (behaviour) fake.keys.set(token, behaviour);
  const ctx = validationContext({ providerBaseUrls: { vercel: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "vercel");
  return vercel.validate({ token }, ctx);
};

describe("Vercel token format", () => {
  it("accepts legacy 24-character tokens and prefixed ones", () => {
    expect(format(LEGACY)).toBeNull();
    expect(format(TOKEN)).toBeNull();
  });
  it("recognises a GitHub token pasted into the Vercel form", () => {
    expect(format(`ghp_${"a".repeat(36)}`)).toMatch(/looks like a credential for GitHub/);
  });
  it("asks for the token when empty and refuses short or spaced values", () => {
    expect(format("")).toMatch(/Paste/);
    expect(format("abc123")).toMatch(/at least 24/);
    expect(format(`${LEGACY.slice(0, 12)} ${LEGACY.slice(12)}`)).toMatch(/space/);
  });
});

describe("Vercel validation against the fake", () => {
  it("reports the username, default team, token scopes and expiry from two calls", async () => {
    const r = await check(TOKEN, "valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "ada" });
    expect(r.details).toMatchObject({
      username: "ada", email: "ada@example.com", defaultTeam: "team_acme123", tokenName: "switchboard",
      tokenScopes: ["user (personal account)", "team team_acme123"], expiresAt: "2027-01-31T00:00:00.000Z",
    });
    expect(fake.requests.map((q) => q.path)).toEqual(["/v2/user", "/v5/user/tokens/current"]);
  });
  it("stays valid when the token-metadata call fails, only without scopes and expiry", async () => {
    const r = await check(TOKEN, "meta_fails");
    expect(r.outcome).toBe("valid");
    expect(r.reason).toMatch(/scopes and expiry could not be read/);
    expect(r.details).toMatchObject({ username: "ada", defaultTeam: "team_acme123" });
    expect(r.details?.tokenScopes).toBeUndefined();
  });
  it("rejects a token answered with 403 invalidToken, without a second call", async () => {
    expect(await check(TOKEN, "invalid")).toMatchObject({ outcome: "invalid", httpStatus: 403 });
    expect(fake.requests).toHaveLength(1);
  });
  it("rejects a token answered with 401", async () => {
    expect(await check(TOKEN, "revoked")).toMatchObject({ outcome: "invalid", httpStatus: 401 });
  });
  it("treats a 403 without invalidToken as a token lacking permission", async () => {
    expect(await check(TOKEN, "insufficient")).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 403 });
  });
  it("reports a rate limit with the Retry-After delay", async () => {
    expect(await check(TOKEN, "rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 5xx, a hang and an unreachable host as an outage, and a malformed body as unknown", async () => {
    expect((await check(TOKEN, "outage")).outcome).toBe("provider_outage");
    expect((await check(TOKEN, "hang", 300)).outcome).toBe("provider_outage");
    expect((await check(TOKEN, "malformed")).outcome).toBe("unknown");
    const ctx = validationContext({ providerBaseUrls: { vercel: "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 2000 }, "vercel");
    expect((await vercel.validate({ token: TOKEN }, ctx)).outcome).toBe("provider_outage");
  });
  it("sends the token only as a Bearer header, with a User-Agent, on both calls", async () => {
    await check(TOKEN, "valid");
    for (const req of fake.requests) {
      expect(req.method).toBe("GET");
      expect(req.path).not.toContain(TOKEN);
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
    }
  });
});

describe("Vercel definition", () => {
  it("is registered for Nango OAuth, shows the last four characters and exports VERCEL_TOKEN", () => {
    expect(getProvider("vercel")).toBe(vercel);
    expect(vercel).toMatchObject({ oauth: true, iconSlug: "vercel", category: "devtools", keysUrl: "https://vercel.com/account/tokens" });
    expect(vercel.fingerprint({ token: TOKEN })).toBe("…wxyz");
    expect(vercel.env.map((e) => e.name)).toEqual(["VERCEL_TOKEN"]);
  });
});
