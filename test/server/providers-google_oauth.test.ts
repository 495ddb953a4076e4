import { validationContext } from "@/lib/providers/context";
import { getProvider } from "@/lib/providers";
import { googleOAuth } from "@/lib/providers/google_oauth";
import { startDevtoolsFake, type DevtoolsBehaviour, type DevtoolsFake } from "../fakes/devtools-fake";

const CLIENT_ID = "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com";
const SECRET = "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";

const fieldError = (name: string, value: string) => {
  const r = googleOAuth.fields.find((f) => f.name === name)!.schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: DevtoolsFake;
beforeAll(async () => { fake = await startDevtoolsFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (behaviour?: DevtoolsBehaviour, timeoutMs = 2000) => {
  if (behaviour) fake.keys.set(SECRET, behaviour);
  const ctx = validationContext({ providerBaseUrls: { google_oauth: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "google_oauth");
  return googleOAuth.validate({ clientId: CLIENT_ID, clientSecret: SECRET }, ctx);
};

describe("Google OAuth client format", () => {
  it("accepts a client ID and a GOCSPX- secret, and a 24-character secret of an older client", () => {
    expect(fieldError("clientId", CLIENT_ID)).toBeNull();
    expect(fieldError("clientSecret", SECRET)).toBeNull();
    expect(fieldError("clientSecret", "aB3dE5gH7jK9mN1pQ3sT5vWx")).toBeNull();
  });
  it("says which field a swapped ID and secret belong in", () => {
    expect(fieldError("clientId", SECRET)).toMatch(/client secret/);
    expect(fieldError("clientSecret", CLIENT_ID)).toMatch(/client ID/);
  });
  it("recognises an AI Studio key pasted as the client secret", () => {
    expect(fieldError("clientSecret", `AIza${"x".repeat(35)}`)).toMatch(/looks like a credential for Google AI Studio/);
  });
  it("asks for both fields when empty and shows the client ID's shape", () => {
    expect(fieldError("clientId", "")).toMatch(/Paste/);
    expect(fieldError("clientSecret", "")).toMatch(/Paste/);
    expect(fieldError("clientId", "my-client")).toMatch(/apps\.googleusercontent\.com/);
  });
});

describe("Google OAuth validation against the fake", () => {
  it("treats invalid_grant for the bogus code as proof that the ID and secret match", async () => {
    const r = await check("valid");
    expect(r).toMatchObject({ outcome: "valid", httpStatus: 400, accountLabel: "OAuth client of project 123456789012" });
    expect(r.details).toMatchObject({ clientId: CLIENT_ID, projectNumber: "123456789012" });
  });
  it("rejects an unknown client or a wrong secret (invalid_client)", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/invalid_client/);
  });
  it("rejects unauthorized_client and a deleted client", async () => {
    expect((await check("insufficient")).outcome).toBe("invalid");
    expect(await check("revoked")).toMatchObject({ outcome: "invalid", reason: expect.stringMatching(/deleted/) });
  });
  it("reports a rate limit with the Retry-After delay", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 5xx, a hang and an unreachable host as an outage, and a malformed body as unknown", async () => {
    expect((await check("outage")).outcome).toBe("provider_outage");
    expect((await check("hang", 300)).outcome).toBe("provider_outage");
    expect((await check("malformed")).outcome).toBe("unknown");
    const ctx = validationContext({ providerBaseUrls: { google_oauth: "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 2000 }, "google_oauth");
    expect((await googleOAuth.validate({ clientId: CLIENT_ID, clientSecret: SECRET }, ctx)).outcome).toBe("provider_outage");
  });
  it("posts an authorization_code grant with a bogus code, the secret in the form body and never in the URL", async () => {
    await check("valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "POST", path: "/token" });
    expect(req.path).not.toContain(SECRET);
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
    const form = new URLSearchParams(req.body);
    expect(Object.fromEntries(form)).toMatchObject({ grant_type: "authorization_code", client_id: CLIENT_ID, client_secret: SECRET });
    expect(form.get("code")).toBeTruthy();
    expect(form.get("redirect_uri")).toMatch(/^https:\/\//);
  });
});

describe("Google OAuth definition", () => {
  it("is registered, not Nango-connected, and exports GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET", () => {
    expect(getProvider("google_oauth")).toBe(googleOAuth);
    expect(googleOAuth).toMatchObject({ oauth: false, iconSlug: "google" });
    expect(googleOAuth.fingerprint({ clientId: CLIENT_ID, clientSecret: SECRET })).toBe("…wxyz");
    expect(googleOAuth.env.map((e) => e.name)).toEqual(["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"]);
  });
  it("tells the user which redirect URIs to register, for their app and for Nango", () => {
    const steps = googleOAuth.setupSteps.map((s) => s.text).join("\n");
    expect(steps).toContain("https://<your-app>/api/auth/callback/google");
    expect(steps).toContain("https://api.nango.dev/oauth/callback");
    expect(steps).toMatch(/Authorized redirect URIs/);
  });
});
