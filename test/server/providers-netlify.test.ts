import { validationContext } from "@/lib/providers/context";
import { getProvider } from "@/lib/providers";
import { netlify } from "@/lib/providers/netlify";
import { startDevtoolsFake, type DevtoolsBehaviour, type DevtoolsFake } from "../fakes/devtools-fake";

const TOKEN = `nfp_${"Zx9Yw8Vu7T".repeat(3)}abcdef`;
const LEGACY = "0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u";

const format = (value: string) => {
  const r = netlify.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: DevtoolsFake;
beforeAll(async () => { fake = await startDevtoolsFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (token: string, behaviour?: DevtoolsBehaviour, timeoutMs = 2000) => {
  if (behaviour) fake.keys.set(token, behaviour);
  const ctx = validationContext({ providerBaseUrls: { netlify: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "netlify");
  return netlify.validate({ token }, ctx);
};

describe("Netlify token format", () => {
  it("accepts nfp_ tokens and older unprefixed ones", () => {
    expect(format(TOKEN)).toBeNull();
    expect(format(LEGACY)).toBeNull();
  });
  it("recognises a Resend key pasted into the Netlify form", () => {
    expect(format(`re_${"a".repeat(30)}`)).toMatch(/looks like a credential for Resend/);
  });
  it("asks for the token when empty and names the nfp_ prefix otherwise", () => {
    expect(format("")).toMatch(/Paste/);
    expect(format("nfp_short")).toMatch(/nfp_/);
  });
});

describe("Netlify validation against the fake", () => {
  it("reports the full name, email and site count", async () => {
    const r = await check(TOKEN, "valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "ada@example.com (3 sites)" });
    expect(r.details).toEqual({ fullName: "Ada Lovelace", email: "ada@example.com", siteCount: 3 });
  });
  it("rejects an invalid or expired token", async () => {
    const r = await check(TOKEN, "invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/invalid or expired/);
  });
  it("treats a 403 as a token lacking permission", async () => {
    expect((await check(TOKEN, "insufficient")).outcome).toBe("valid_but_insufficient");
  });
  it("reports a rate limit with the Retry-After delay", async () => {
    expect(await check(TOKEN, "rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 5xx, a hang and an unreachable host as an outage, and a malformed body as unknown", async () => {
    expect((await check(TOKEN, "outage")).outcome).toBe("provider_outage");
    expect((await check(TOKEN, "hang", 300)).outcome).toBe("provider_outage");
    expect((await check(TOKEN, "malformed")).outcome).toBe("unknown");
    const ctx = validationContext({ providerBaseUrls: { netlify: "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 2000 }, "netlify");
    expect((await netlify.validate({ token: TOKEN }, ctx)).outcome).toBe("provider_outage");
  });
  it("sends GET /api/v1/user with the token only as a Bearer header and a User-Agent", async () => {
    await check(TOKEN, "valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/api/v1/user" });
    expect(req.path).not.toContain(TOKEN);
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
  });
});

describe("Netlify definition", () => {
  it("is registered for Nango OAuth, shows the last four characters and exports NETLIFY_AUTH_TOKEN", () => {
    expect(getProvider("netlify")).toBe(netlify);
    expect(netlify).toMatchObject({ oauth: true, iconSlug: "netlify", category: "devtools" });
    expect(netlify.fingerprint({ token: TOKEN })).toBe("…cdef");
    expect(netlify.env.map((e) => e.name)).toEqual(["NETLIFY_AUTH_TOKEN"]);
  });
});
