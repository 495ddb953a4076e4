import { validationContext } from "@/lib/providers/context";
import { getProvider } from "@/lib/providers";
import { twilio } from "@/lib/providers/twilio";
import { startDevtoolsFake, type DevtoolsBehaviour, type DevtoolsFake } from "../fakes/devtools-fake";

const ACCOUNT = `AC${"0123456789abcdef".repeat(2)}`;
const TOKEN = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
const KEY_SID = `SK${"fedcba9876543210".repeat(2)}`;
const KEY_SECRET = "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe";

const fieldError = (name: string, value: string) => {
  const r = twilio.fields.find((f) => f.name === name)!.schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: DevtoolsFake;
beforeAll(async () => { fake = await startDevtoolsFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (credential: Record<string, string>, behaviour?: DevtoolsBehaviour, timeoutMs = 2000) => {
  const secret = credential.apiKeySecret ?? credential.authToken;
  if (behaviour && secret) fake.keys.set(secret, behaviour);
  const ctx = validationContext({ providerBaseUrls: { twilio: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "twilio");
  return twilio.validate(credential, ctx);
};
const main = { accountSid: ACCOUNT, authToken: TOKEN };
const apiKey = { accountSid: ACCOUNT, apiKeySid: KEY_SID, apiKeySecret: KEY_SECRET };

describe("Twilio credential format", () => {
  it("accepts an Account SID, an Auth Token, an API key SID and its secret", () => {
    expect([fieldError("accountSid", ACCOUNT), fieldError("authToken", TOKEN), fieldError("apiKeySid", KEY_SID), fieldError("apiKeySecret", KEY_SECRET)]).toEqual([null, null, null, null]);
  });
  it("points out an API key SID pasted as the Account SID, and the reverse", () => {
    expect(fieldError("accountSid", KEY_SID)).toMatch(/API key SID field/);
    expect(fieldError("apiKeySid", ACCOUNT)).toMatch(/Account SID field/);
  });
  it("recognises a SendGrid key pasted as the Account SID", () => {
    expect(fieldError("accountSid", `SG.${"a".repeat(22)}.${"b".repeat(43)}`)).toMatch(/looks like a credential for SendGrid/);
  });
  it("requires the Account SID, leaves the other fields optional and refuses a short token", () => {
    expect(fieldError("accountSid", "")).toMatch(/Paste your Account SID/);
    expect(twilio.fields.filter((f) => f.optional).map((f) => f.name)).toEqual(["authToken", "apiKeySid", "apiKeySecret"]);
    expect(fieldError("authToken", "abc")).toMatch(/32 letters and digits/);
  });
});

describe("Twilio validation against the fake", () => {
  it("reads the account's name, status and type with the Auth Token", async () => {
    const r = await check(main, "valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "ada@example.com (Trial)" });
    expect(r.details).toMatchObject({ accountSid: ACCOUNT, credential: "Auth Token", status: "active", type: "Trial" });
    expect(fake.requests[0].path).toBe(`/2010-04-01/Accounts/${ACCOUNT}.json`);
  });
  it("checks an API key on the balance sub-resource, since Standard keys cannot read /Accounts", async () => {
    const r = await check(apiKey, "valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: ACCOUNT, details: { credential: "API key", balance: "12.34 USD" } });
    expect(fake.requests[0].path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Balance.json`);
    expect(fake.requests[0].basic).toEqual({ user: KEY_SID, pass: KEY_SECRET });
  });
  it("rejects a wrong pair (error 20003)", async () => {
    const r = await check(main, "invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/error 20003/);
  });
  it("rejects a suspended account (error 20403) and says so", async () => {
    const r = await check(main, "suspended");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 403 });
    expect(r.reason).toMatch(/suspended/);
  });
  it("rejects credentials of a closed account", async () => {
    expect(await check(main, "closed")).toMatchObject({ outcome: "invalid", reason: expect.stringMatching(/closed/) });
  });
  it("treats error 70051 as a restricted key missing a permission", async () => {
    expect((await check(apiKey, "insufficient")).outcome).toBe("valid_but_insufficient");
  });
  it("reports error 20429 with the Retry-After delay", async () => {
    expect(await check(main, "rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 5xx, a hang and an unreachable host as an outage, and a malformed body as unknown", async () => {
    expect((await check(main, "outage")).outcome).toBe("provider_outage");
    expect((await check(main, "hang", 300)).outcome).toBe("provider_outage");
    expect((await check(main, "malformed")).outcome).toBe("unknown");
    const ctx = validationContext({ providerBaseUrls: { twilio: "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 2000 }, "twilio");
    expect((await twilio.validate(main, ctx)).outcome).toBe("provider_outage");
  });
  it("sends nothing when the fields do not make one complete pair", async () => {
    expect((await check({ accountSid: ACCOUNT })).reason).toMatch(/Enter the Auth Token, or an API key/);
    expect((await check({ accountSid: ACCOUNT, apiKeySid: KEY_SID })).reason).toMatch(/secret as well/);
    expect((await check({ accountSid: ACCOUNT, apiKeySecret: KEY_SECRET })).reason).toMatch(/API key SID/);
    expect((await check({ ...main, ...apiKey })).reason).toMatch(/not both/);
    expect(fake.requests).toHaveLength(0);
  });
  it("sends Basic auth in the header only, never a secret in the URL, with a User-Agent", async () => {
    await check(main, "valid");
    const [req] = fake.requests;
    expect(req.method).toBe("GET");
    expect(req.path).not.toContain(TOKEN);
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString("base64")}`);
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
  });
});

describe("Twilio definition", () => {
  it("is registered with the fallback mark, shows the secret's last four characters and exports TWILIO_*", () => {
    expect(getProvider("twilio")).toBe(twilio);
    expect(twilio).toMatchObject({ oauth: false, iconSlug: null, category: "messaging" });
    expect(twilio.fingerprint(main)).toBe("…1e0f");
    expect(twilio.fingerprint(apiKey)).toBe("…g0Fe");
    expect(twilio.env.map((e) => e.name)).toEqual(["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"]);
  });
});
