import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { supabase } from "@/lib/providers/supabase";
import { startPlatformFake, type PlatformBehaviour, type PlatformFake } from "../fakes/platform-fake";

const REF = "abcdefghijklmnopqrst";
const URL_ = `https://${REF}.supabase.co`;
const PUBLISHABLE = "sb_publishable_Q9pX2vL7kT4mN1bR8cZ3_aW5dE6fG";
const SECRET = "sb_secret_H3jK9lM2nP5qR8sT1uV4wX7_yZ0aB2cD";
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const legacy = (role: string, ref = REF, exp = 2_000_000_000) =>
  `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ iss: "supabase", ref, role, iat: 1_700_000_000, exp })}.c2lnbmF0dXJlLW5vdC1jaGVja2VkLWxvY2FsbHk`;
const [ANON, SERVICE] = [legacy("anon"), legacy("service_role")];

const field = (name: string) => supabase.fields.find((f) => f.name === name)!;
const format = (name: string, value: string) => {
  const r = field(name).schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: PlatformFake;
beforeAll(async () => { fake = await startPlatformFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (secret: PlatformBehaviour, publishable: PlatformBehaviour = "valid", credential: Record<string, string> = {}, timeoutMs = 2000) => {
  const cred = { projectUrl: URL_, publishableKey: PUBLISHABLE, secretKey: SECRET, ...credential };
  fake.keys.set(cred.secretKey, secret);
  fake.keys.set(cred.publishableKey, publishable);
  const ctx = validationContext({ providerBaseUrls: { supabase: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "supabase");
  return supabase.validate(cred, ctx);
};

describe("Supabase formats", () => {
  it("accepts the project URL (trailing slash allowed) and new or legacy keys in their own fields", () => {
    expect(format("projectUrl", URL_)).toBeNull();
    expect(format("projectUrl", `${URL_}/`)).toBeNull();
    for (const k of [PUBLISHABLE, ANON]) expect(format("publishableKey", k)).toBeNull();
    for (const k of [SECRET, SERVICE]) expect(format("secretKey", k)).toBeNull();
  });
  it("accepts only https://<ref>.supabase.co, explaining each refusal", () => {
    expect(format("projectUrl", `http://${REF}.supabase.co`)).toMatch(/https:\/\//);
    expect(format("projectUrl", "https://db.example.com")).toMatch(/only calls the provider's own domain/);
    expect(format("projectUrl", `https://${REF}.supabase.co.evil.com`)).toMatch(/own domain/);
    expect(format("projectUrl", "https://127.0.0.1")).toMatch(/own domain/);
    expect(format("projectUrl", `https://${REF}.supabase.co:8443`)).toMatch(/Remove the port/);
    expect(format("projectUrl", `https://user:pw@${REF}.supabase.co`)).toMatch(/user name or password/);
    expect(format("projectUrl", `${URL_}/rest/v1`)).toMatch(/without a path/);
  });
  it("refuses a secret or service_role key in the publishable field, naming Row Level Security", () => {
    expect(format("publishableKey", SECRET)).toMatch(/secret key, which bypasses Row Level Security/);
    expect(format("publishableKey", SERVICE)).toMatch(/secret key field/);
  });
  it("refuses a publishable or anon key in the secret field", () => {
    expect(format("secretKey", PUBLISHABLE)).toMatch(/publishable \(anon\) key/);
    expect(format("secretKey", ANON)).toMatch(/publishable key field/);
  });
  it("recognises a Management API token and a JWT that is not a Supabase key", () => {
    expect(format("secretKey", `sbp_${"a1".repeat(20)}`)).toMatch(/Management API/);
    expect(format("secretKey", `${b64({ alg: "HS256" })}.${b64({ sub: "x" })}.sig`)).toMatch(/not a Supabase project key/);
  });
});

describe("Supabase validation against the fake", () => {
  it("checks both keys on /auth/v1/settings and reports project ref, key roles and the RLS warning", async () => {
    const r = await check("valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: `Project ${REF}` });
    expect(r.details).toMatchObject({ projectRef: REF, keyRoles: ["publishable", "secret"], signupsOpen: true, authProviders: ["email", "google", "github"] });
    expect(String(r.details?.warning)).toMatch(/bypasses Row Level Security/);
    expect(fake.requests.map((q) => [q.method, q.path, q.headers.apikey])).toEqual([["GET", "/auth/v1/settings", SECRET], ["GET", "/auth/v1/settings", PUBLISHABLE]]);
  });
  it("accepts matching legacy keys, with their expiry and advice to migrate", async () => {
    const r = await check("valid", "valid", { publishableKey: ANON, secretKey: SERVICE });
    expect(r.details).toMatchObject({ keyRoles: ["anon (legacy JWT)", "service_role (legacy JWT)"], expiresAt: "2033-05-18T03:33:20.000Z" });
    expect(String(r.details?.advice)).toMatch(/deprecated/);
  });
  it("refuses a legacy key of another project before any call", async () => {
    const r = await check("valid", "valid", { publishableKey: legacy("anon", "zyxwvutsrqponmlkjihg"), secretKey: SERVICE });
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/publishable key belongs to project zyxwvutsrqponmlkjihg, but the URL is for project abcdefghijklmnopqrst/);
    expect(fake.requests).toHaveLength(0);
  });
  it("refuses an expired legacy key and swapped keys before any call", async () => {
    expect((await check("valid", "valid", { secretKey: legacy("service_role", REF, 1_600_000_000) })).reason).toMatch(/expired on 2020-09-13/);
    expect((await check("valid", "valid", { publishableKey: SECRET, secretKey: PUBLISHABLE })).outcome).toBe("invalid");
    expect(fake.requests).toHaveLength(0);
  });
  it("rejects a secret key Supabase calls invalid, without checking the publishable one", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/^Checked with the secret key: .*Invalid API key/);
    expect(fake.requests).toHaveLength(1);
  });
  it("rejects an invalid publishable key even when the secret key works", async () => {
    const r = await check("valid", "invalid");
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/^Checked with the publishable key/);
  });
  it("reports rate limits, outages, hangs and malformed answers without rejecting", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 502 });
    expect((await check("hang", "valid", {}, 300)).outcome).toBe("provider_outage");
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("re-checks the domain even under the operator override, calling nothing for a foreign host", async () => {
    const r = await check("valid", "valid", { projectUrl: "https://169.254.169.254" });
    expect(r.outcome).toBe("invalid");
    expect(fake.requests).toHaveLength(0);
  });
  it("sends keys only in the apikey header, with a User-Agent", async () => {
    await check("valid");
    for (const req of fake.requests) {
      expect(req.path).not.toMatch(/sb_|apikey/);
      expect(req.headers["user-agent"]).toMatch(/^Switchboard\//);
      expect(req.headers.authorization).toBeUndefined();
    }
  });
});

describe("Supabase definition", () => {
  it("is registered, fingerprints the secret key and exports URL and both keys", () => {
    expect(getProvider("supabase")).toBe(supabase);
    expect(supabase.fingerprint({ secretKey: SECRET })).toBe("…B2cD");
    expect(supabase.env.map((e) => e.name)).toEqual(["SUPABASE_URL", "SUPABASE_PUBLISHABLE_KEY", "SUPABASE_SECRET_KEY"]);
    expect(supabase).toMatchObject({ iconSlug: "supabase", category: "backend", oauth: false });
  });
});
