import { validationContext } from "@/lib/providers/context";
import { getProvider } from "@/lib/providers";
import { github, githubExpiry } from "@/lib/providers/github";
import { startDevtoolsFake, type DevtoolsBehaviour, type DevtoolsFake } from "../fakes/devtools-fake";

const CLASSIC = `ghp_${"A1b2C3d4E5".repeat(3)}f6G7h8`;
const FINE = `github_pat_11ABCDEFG0${"x".repeat(72)}`;
const APP = `ghs_${"Q9w8E7r6T5".repeat(3)}y4U3i2`;

const format = (value: string) => {
  const r = github.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: DevtoolsFake;
beforeAll(async () => { fake = await startDevtoolsFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (token: string, behaviour?: DevtoolsBehaviour, timeoutMs = 2000) => {
  if (behaviour) fake.keys.set(token, behaviour);
  const ctx = validationContext({ providerBaseUrls: { github: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "github");
  return github.validate({ token }, ctx);
};

describe("GitHub token format", () => {
  it("accepts classic, fine-grained, OAuth, App and pre-2021 40-hex tokens", () => {
    for (const t of [CLASSIC, FINE, APP, `gho_${"z".repeat(36)}`, "0123456789abcdef0123456789abcdef01234567"]) expect(format(t)).toBeNull();
  });
  it("explains that a refresh token cannot call the API", () => {
    expect(format(`ghr_${"r".repeat(36)}`)).toMatch(/refresh token/);
  });
  it("recognises a SendGrid key pasted into the GitHub form", () => {
    expect(format(`SG.${"a".repeat(22)}.${"b".repeat(43)}`)).toMatch(/looks like a credential for SendGrid/);
  });
  it("asks for the token when empty and names the expected prefixes otherwise", () => {
    expect(format("")).toMatch(/Paste/);
    expect(format("ghp_short")).toMatch(/github_pat_.*ghp_/);
  });
});

describe("GitHub expiry header", () => {
  it("reads both the UTC and the offset forms as ISO 8601", () => {
    expect(githubExpiry("2027-01-31 12:00:00 UTC")).toBe("2027-01-31T12:00:00.000Z");
    expect(githubExpiry("2027-01-31 05:00:00 -0700")).toBe("2027-01-31T12:00:00.000Z");
    expect(githubExpiry(null)).toBeUndefined();
    expect(githubExpiry("soon")).toBeUndefined();
  });
});

describe("GitHub validation against the fake", () => {
  it("reports a classic token with its login, scopes and expiry, and no advice for narrow scopes", async () => {
    const r = await check(CLASSIC, "valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "octocat (The Octocat)" });
    expect(r.details).toMatchObject({ login: "octocat", tokenKind: "classic personal access token", scopes: ["read:user", "user:email"], expiresAt: "2027-01-31T12:00:00.000Z" });
    expect(r.details?.advice).toBeUndefined();
  });
  it("advises a fine-grained token when a classic token carries broad scopes", async () => {
    const r = await check(CLASSIC, "broad");
    expect(r.outcome).toBe("valid");
    expect(r.details).toMatchObject({ scopes: ["admin:org", "read:user", "repo", "workflow"], expiresAt: "never" });
    expect(String(r.details?.advice)).toMatch(/admin:org, repo, workflow.*fine-grained token/);
  });
  it("describes a fine-grained token, which sends no X-OAuth-Scopes, as such", async () => {
    const r = await check(FINE, "fine_grained");
    expect(r.outcome).toBe("valid");
    expect(r.reason).toMatch(/fine-grained/);
    expect(r.details).toMatchObject({ tokenKind: "fine-grained personal access token", scopes: [], expiresAt: "2027-01-31T12:00:00.000Z" });
    expect(String(r.details?.permissions)).toMatch(/repositories and permissions/);
  });
  it("rejects a bad token with GitHub's reason", async () => {
    expect(await check(CLASSIC, "invalid")).toMatchObject({ outcome: "invalid", httpStatus: 401, reason: expect.stringMatching(/Bad credentials/) });
  });
  it("treats a 403 with x-ratelimit-remaining: 0 as rate limited, waiting until the reset", async () => {
    const r = await check(CLASSIC, "exhausted");
    expect(r).toMatchObject({ outcome: "rate_limited", httpStatus: 403 });
    expect(r.retryAfterSeconds).toBeGreaterThanOrEqual(58);
  });
  it("treats a 429 secondary limit as rate limited with the Retry-After delay", async () => {
    expect(await check(CLASSIC, "rate_limited")).toMatchObject({ outcome: "rate_limited", httpStatus: 429, retryAfterSeconds: 7 });
  });
  it("treats a 403 with quota left as a token lacking permission", async () => {
    expect(await check(APP, "insufficient")).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 403 });
  });
  it("reports a 5xx, a hang and an unreachable host as an outage, and a malformed body as unknown", async () => {
    expect((await check(CLASSIC, "outage")).outcome).toBe("provider_outage");
    expect((await check(CLASSIC, "hang", 300)).reason).toMatch(/did not answer within 0.3 s/);
    expect((await check(CLASSIC, "malformed")).outcome).toBe("unknown");
    const ctx = validationContext({ providerBaseUrls: { github: "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 2000 }, "github");
    expect((await github.validate({ token: CLASSIC }, ctx)).outcome).toBe("provider_outage");
  });
  it("sends GET /user with the token only as a Bearer header, the REST API version, Accept and a User-Agent", async () => {
    await check(CLASSIC, "valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/user" });
    expect(req.path).not.toContain(CLASSIC);
    expect(req.headers).toMatchObject({
      authorization: `Bearer ${CLASSIC}`,
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
      "user-agent": "Switchboard/0.1 (+credential-check)",
    });
  });
});

describe("GitHub definition", () => {
  it("is registered for Nango OAuth, shows the last four characters and exports GITHUB_TOKEN", () => {
    expect(getProvider("github")).toBe(github);
    expect(github).toMatchObject({ oauth: true, iconSlug: "github", category: "devtools" });
    expect(github.fingerprint({ token: CLASSIC })).toBe("…G7h8");
    expect(github.env.map((e) => e.name)).toEqual(["GITHUB_TOKEN", "GH_TOKEN"]);
  });
});
