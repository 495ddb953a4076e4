import { validationContext } from "@/lib/providers/context";
import { getProvider } from "@/lib/providers";
import { sendgrid } from "@/lib/providers/sendgrid";
import { startDevtoolsFake, type DevtoolsBehaviour, type DevtoolsFake } from "../fakes/devtools-fake";

const KEY = `SG.${"aB3_cD4-eF".repeat(2)}gh.${"Ij5kL6mN7o".repeat(3)}pQrStUvWxwxyz`;

const format = (value: string) => {
  const r = sendgrid.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: DevtoolsFake;
beforeAll(async () => { fake = await startDevtoolsFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (key: string, behaviour?: DevtoolsBehaviour, timeoutMs = 2000) => {
  if (behaviour) fake.keys.set(key, behaviour);
  const ctx = validationContext({ providerBaseUrls: { sendgrid: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "sendgrid");
  return sendgrid.validate({ apiKey: key }, ctx);
};

describe("SendGrid key format", () => {
  it("accepts a 69-character SG. key", () => {
    expect(KEY).toHaveLength(69);
    expect(format(KEY)).toBeNull();
  });
  it("recognises a Resend key pasted into the SendGrid form", () => {
    expect(format(`re_${"a".repeat(30)}`)).toMatch(/looks like a credential for Resend/);
  });
  it("asks for the key when empty, names the SG. prefix and refuses a key missing its second part", () => {
    expect(format("")).toMatch(/Paste/);
    expect(format("x".repeat(69))).toMatch(/starts with SG\./);
    expect(format(KEY.slice(0, 26))).toMatch(/not a whole SendGrid key/);
  });
});

describe("SendGrid validation against the fake", () => {
  it("lists the scopes of a Mail Send key without advice", async () => {
    const r = await check(KEY, "valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "API key (mail send only)" });
    expect(r.details).toEqual({ access: "mail send only", scopeCount: 1, scopes: ["mail.send"] });
  });
  it("advises a restricted Mail Send key when the key has full access", async () => {
    const r = await check(KEY, "broad");
    expect(r.outcome).toBe("valid");
    expect(r.details).toMatchObject({ access: "full access", scopeCount: 10 });
    expect(r.details?.scopes).toContain("api_keys.create");
    expect(String(r.details?.advice)).toMatch(/Restricted Access key with just Mail Send/);
  });
  it("stores a key that cannot send mail with a warning naming mail.send", async () => {
    const r = await check(KEY, "no_send");
    expect(r.outcome).toBe("valid_but_insufficient");
    expect(r.reason).toMatch(/mail\.send/);
  });
  it("rejects an invalid key with SendGrid's message", async () => {
    const r = await check(KEY, "invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/authorization required/);
  });
  it("treats a 403 as a key missing a permission", async () => {
    expect(await check(KEY, "insufficient")).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 403 });
  });
  it("reports a rate limit with the Retry-After delay", async () => {
    expect(await check(KEY, "rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 5xx, a hang and an unreachable host as an outage, and a malformed body as unknown", async () => {
    expect((await check(KEY, "outage")).outcome).toBe("provider_outage");
    expect((await check(KEY, "hang", 300)).outcome).toBe("provider_outage");
    expect((await check(KEY, "malformed")).outcome).toBe("unknown");
    const ctx = validationContext({ providerBaseUrls: { sendgrid: "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 2000 }, "sendgrid");
    expect((await sendgrid.validate({ apiKey: KEY }, ctx)).outcome).toBe("provider_outage");
  });
  it("sends GET /v3/scopes with the key only as a Bearer header and a User-Agent", async () => {
    await check(KEY, "valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/v3/scopes" });
    expect(req.path).not.toContain(KEY);
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
  });
});

describe("SendGrid definition", () => {
  it("is registered with the fallback mark, shows the last four characters and exports SENDGRID_API_KEY", () => {
    expect(getProvider("sendgrid")).toBe(sendgrid);
    expect(sendgrid).toMatchObject({ oauth: false, iconSlug: null, category: "messaging" });
    expect(sendgrid.fingerprint({ apiKey: KEY })).toBe("…wxyz");
    expect(sendgrid.env.map((e) => e.name)).toEqual(["SENDGRID_API_KEY"]);
  });
});
