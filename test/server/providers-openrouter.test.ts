import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { openrouter } from "@/lib/providers/openrouter";
import { startLlmFake, type LlmBehaviour, type LlmFake } from "../fakes/llm-fake";

const KEY = `sk-or-v1-${"0123456789abcdef".repeat(4)}`;
const ANTHROPIC_KEY = `sk-ant-api03-${"x".repeat(93)}AA`;

const format = (value: string) => {
  const r = openrouter.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: LlmFake;
beforeAll(async () => { fake = await startLlmFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const context = (timeoutMs = 2000) => validationContext({ providerBaseUrls: { openrouter: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "openrouter");

const check = (behaviour: LlmBehaviour, timeoutMs?: number) => {
  fake.keys.set(KEY, behaviour);
  return openrouter.validate({ apiKey: KEY }, context(timeoutMs));
};

describe("OpenRouter key format", () => {
  it("accepts sk-or-v1- followed by 64 hex characters, trimming whitespace", () => {
    expect(format(KEY)).toBeNull();
    expect(openrouter.fields[0].schema.parse(` ${KEY}\n`)).toBe(KEY);
  });
  it("says an OpenAI or Anthropic key was pasted into the OpenRouter form", () => {
    expect(format(`sk-${"a".repeat(48)}`)).toMatch(/looks like an OpenAI key/);
    expect(format(ANTHROPIC_KEY)).toMatch(/looks like a credential for Anthropic/);
  });
  it("says a key must start with sk-or-v1- and catches a truncated one", () => {
    expect(format("or-v1-0123456789abcdef")).toMatch(/starts with sk-or-v1-/);
    expect(format(KEY.slice(0, -5))).toMatch(/64 characters/);
  });
  it("asks for the key when empty", () => {
    expect(format("")).toMatch(/^Paste your OpenRouter API key\.$/);
  });
});

describe("OpenRouter validation against the fake", () => {
  it("reports a valid key with its label, credits, limit and expiry", async () => {
    const r = await check("valid");
    expect(r).toMatchObject({ outcome: "valid", httpStatus: 200, accountLabel: "ci-production ($74.50 of $100.00 left)" });
    expect(r.details).toEqual({
      label: "ci-production", keyKind: "API key", isFreeTier: false, usage: 25.5, limit: 100, limitRemaining: 74.5, limitReset: "monthly", expiresAt: "2027-12-31T23:59:59.000Z",
    });
  });
  it("marks a free-tier key and says it is limited to free models", async () => {
    const r = await check("free_tier");
    expect(r.outcome).toBe("valid");
    expect(r.accountLabel).toMatch(/\(free tier\)$/);
    expect(r.details).toMatchObject({ isFreeTier: true, limit: "none" });
    expect(r.details?.expiresAt).toBeUndefined();
    expect(String(r.details?.advice)).toMatch(/:free models/);
    expect(JSON.stringify(r)).not.toContain(KEY);
  });
  it("reports a key whose credit limit is used up as valid but insufficient", async () => {
    const r = await check("insufficient");
    expect(r.outcome).toBe("valid_but_insufficient");
    expect(r.reason).toMatch(/whole credit limit/);
    expect(r.details).toMatchObject({ limit: 10, limitRemaining: 0 });
  });
  it("reports a management key as valid but unable to call models", async () => {
    const r = await check("management");
    expect(r.outcome).toBe("valid_but_insufficient");
    expect(r.reason).toMatch(/management key/);
    expect(r.details).toMatchObject({ keyKind: "management" });
  });
  it("rejects an invalid key with OpenRouter's reason", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/User not found/);
  });
  it("reports a rate limit with the Retry-After delay", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 502 HTML page from the edge as a provider outage", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 502 });
  });
  it("gives up after the timeout and reports an outage when OpenRouter hangs", async () => {
    expect((await check("hang", 300)).outcome).toBe("provider_outage");
  });
  it("reports a malformed body as unknown", async () => {
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("reports a 200 without the key's data as unknown, not valid", async () => {
    const ctx = { ...context(), fetch: async () => Response.json({}) };
    expect((await openrouter.validate({ apiKey: KEY }, ctx)).outcome).toBe("unknown");
  });
  it("sends the key only as a Bearer header, with a User-Agent, to GET /api/v1/key", async () => {
    await check("valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/api/v1/key" });
    expect(req.path).not.toContain(KEY);
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
  });
});

describe("OpenRouter definition", () => {
  it("is registered, shows only the last four characters and exports OPENROUTER_API_KEY", () => {
    expect(getProvider("openrouter")).toBe(openrouter);
    expect(openrouter.fingerprint({ apiKey: KEY })).toBe("…cdef");
    expect(openrouter.env.map((e) => e.name)).toEqual(["OPENROUTER_API_KEY"]);
    expect(openrouter).toMatchObject({ iconSlug: "openrouter", category: "llm", oauth: false, keysUrl: "https://openrouter.ai/settings/keys" });
  });
});
