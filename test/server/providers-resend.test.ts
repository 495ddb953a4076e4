import { validationContext } from "@/lib/providers/context";
import { getProvider } from "@/lib/providers";
import { resend } from "@/lib/providers/resend";
import type { ValidationContext } from "@/lib/providers/types";
import { startDevtoolsFake, type DevtoolsBehaviour, type DevtoolsFake } from "../fakes/devtools-fake";

const KEY = `re_${"Ab12Cd34".repeat(2)}_${"Ef56Gh78".repeat(2)}wxyz`;

const format = (value: string) => {
  const r = resend.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: DevtoolsFake;
beforeAll(async () => { fake = await startDevtoolsFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const context = (timeoutMs = 2000) => validationContext({ providerBaseUrls: { resend: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "resend");
const check = (key: string, behaviour?: DevtoolsBehaviour, timeoutMs?: number) => {
  if (behaviour) fake.keys.set(key, behaviour);
  return resend.validate({ apiKey: key }, context(timeoutMs));
};

describe("Resend key format", () => {
  it("accepts a re_ key", () => {
    expect(format(KEY)).toBeNull();
  });
  it("recognises a SendGrid key pasted into the Resend form", () => {
    expect(format(`SG.${"a".repeat(22)}.${"b".repeat(43)}`)).toMatch(/looks like a credential for SendGrid/);
  });
  it("asks for the key when empty, names the re_ prefix and refuses truncated keys", () => {
    expect(format("")).toMatch(/Paste/);
    expect(format("abcdefghijklmnopqrstuvwxyz")).toMatch(/starts with re_/);
    expect(format("re_abc")).toMatch(/too short/);
  });
});

describe("Resend validation against the fake", () => {
  it("reports a full-access key with its sending domains", async () => {
    const r = await check(KEY, "valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "Full access key (2 domains)" });
    expect(r.details).toEqual({ access: "full", domains: ["example.com (verified)", "mail.example.org (pending)"] });
  });
  it("accepts a sending-only key, which Resend answers with 401 restricted_api_key, as valid", async () => {
    const r = await check(KEY, "sending_only");
    expect(r).toMatchObject({ outcome: "valid", httpStatus: 401, details: { access: "sending only" } });
    expect(r.reason).toMatch(/sending access only/);
  });
  it("rejects a key answered with 403 invalid_api_key", async () => {
    const r = await check(KEY, "invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 403 });
    expect(r.reason).toMatch(/API key is invalid/);
  });
  it("reports rate_limit_exceeded with the Retry-After delay", async () => {
    expect(await check(KEY, "rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 5xx, a hang and an unreachable host as an outage, and a malformed body as unknown", async () => {
    expect((await check(KEY, "outage")).outcome).toBe("provider_outage");
    expect((await check(KEY, "hang", 300)).outcome).toBe("provider_outage");
    expect((await check(KEY, "malformed")).outcome).toBe("unknown");
    const ctx = validationContext({ providerBaseUrls: { resend: "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 2000 }, "resend");
    expect((await resend.validate({ apiKey: KEY }, ctx)).outcome).toBe("provider_outage");
  });
  it("sends GET /domains with the key only as a Bearer header and the User-Agent Resend requires", async () => {
    await check(KEY, "valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/domains" });
    expect(req.path).not.toContain(KEY);
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
  });
  it("never calls a key invalid when a request without User-Agent gets Resend's plain-text 1010", async () => {
    fake.keys.set(KEY, "valid");
    const ctx: ValidationContext = { ...context(), userAgent: "" };
    const r = await resend.validate({ apiKey: KEY }, ctx);
    expect(r.outcome).toBe("unknown");
  });
});

describe("Resend definition", () => {
  it("is registered, shows the last four characters and exports RESEND_API_KEY", () => {
    expect(getProvider("resend")).toBe(resend);
    expect(resend).toMatchObject({ oauth: false, iconSlug: "resend", category: "messaging", keysUrl: "https://resend.com/api-keys" });
    expect(resend.fingerprint({ apiKey: KEY })).toBe("…wxyz");
    expect(resend.env.map((e) => e.name)).toEqual(["RESEND_API_KEY"]);
  });
});
