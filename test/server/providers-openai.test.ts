import { validationContext } from "@/lib/providers/context";
import { getProvider } from "@/lib/providers";
import { openai } from "@/lib/providers/openai";
import { startProviderFake, type ProviderFake } from "../fakes/provider-fake";

const KEY = `sk-proj-${"a1B2c3D4e5".repeat(7)}T3BlbkFJ${"f6G7h8".repeat(10)}wxyz`;
const ADMIN = `sk-admin-${"Zz9".repeat(25)}T3BlbkFJ${"Yy8".repeat(20)}adm1`;
const ANTHROPIC_KEY = `sk-ant-api03-${"x".repeat(93)}AA`;

const format = (value: string) => {
  const r = openai.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: ProviderFake;
beforeAll(async () => { fake = await startProviderFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (key: string, behaviour?: Parameters<ProviderFake["keys"]["set"]>[1], timeoutMs = 2000) => {
  if (behaviour) fake.keys.set(key, behaviour);
  const ctx = validationContext({ providerBaseUrls: { openai: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "openai");
  return openai.validate({ apiKey: key }, ctx);
};

describe("OpenAI key format", () => {
  it("accepts project, service-account, admin and legacy keys, trimming whitespace", () => {
    expect(format(KEY)).toBeNull();
    expect(format(`sk-svcacct-${"b".repeat(40)}`)).toBeNull();
    expect(format(ADMIN)).toBeNull();
    expect(openai.fields[0].schema.parse(`  ${KEY}\n`)).toBe(KEY);
  });
  it("says a key must start with sk-", () => {
    expect(format("proj-123456789012345678901234")).toMatch(/starts with sk-/);
  });
  it("recognises an Anthropic key pasted into the OpenAI form", () => {
    expect(format(ANTHROPIC_KEY)).toMatch(/looks like a credential for Anthropic/);
  });
  it("asks for the key when empty and rejects truncated keys", () => {
    expect(format("")).toMatch(/Paste/);
    expect(format("sk-proj-short")).toMatch(/too short/);
  });
});

describe("OpenAI validation against the fake", () => {
  it("reports a valid key with its model count, sample ids and owning org", async () => {
    const r = await check(KEY, "valid");
    expect(r.outcome).toBe("valid");
    expect(r.accountLabel).toBe("org-fakeacme (4 models)");
    expect(r.details).toMatchObject({ keyKind: "project", modelCount: 4, ownedBy: ["system", "org-fakeacme"] });
    expect(r.details?.sampleModels).toContain("gpt-4o");
  });
  it("rejects an invalid key with OpenAI's reason, never quoting the key", async () => {
    const r = await check(KEY, "invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/Incorrect API key provided/);
    expect(r.reason).not.toContain(KEY);
  });
  it("treats a restricted key missing Models: Read as valid but insufficient, not invalid", async () => {
    const r = await check(KEY, "insufficient");
    expect(r.outcome).toBe("valid_but_insufficient");
    expect(r.reason).toMatch(/Models: Read/);
  });
  it("reports an account out of credits as valid but insufficient", async () => {
    const r = await check(KEY, "quota");
    expect(r.outcome).toBe("valid_but_insufficient");
    expect(r.reason).toMatch(/out of credits/);
  });
  it("reports a rate limit with the Retry-After delay", async () => {
    expect(await check(KEY, "rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 5xx as a provider outage, not a bad key", async () => {
    expect(await check(KEY, "outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 503 });
  });
  it("gives up after the timeout and reports an outage when OpenAI hangs", async () => {
    const started = Date.now();
    const r = await check(KEY, "hang", 300);
    expect(r.outcome).toBe("provider_outage");
    expect(r.reason).toMatch(/did not answer within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
  it("reports a malformed body as unknown", async () => {
    expect((await check(KEY, "malformed")).outcome).toBe("unknown");
  });
  it("reports an unreachable host as an outage", async () => {
    const ctx = validationContext({ providerBaseUrls: { openai: "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 2000 }, "openai");
    expect((await openai.validate({ apiKey: KEY }, ctx)).outcome).toBe("provider_outage");
  });
  it("advises least privilege for admin keys", async () => {
    const r = await check(ADMIN, "valid");
    expect(r.details).toMatchObject({ keyKind: "admin" });
    expect(String(r.details?.advice)).toMatch(/project key/);
  });
  it("sends the key only as a Bearer header, with a User-Agent, to GET /v1/models", async () => {
    await check(KEY, "valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/v1/models" });
    expect(req.path).not.toContain(KEY);
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
  });
});

describe("OpenAI definition", () => {
  it("is registered, shows only the last four characters and exports OPENAI_API_KEY", () => {
    expect(getProvider("openai")).toBe(openai);
    expect(openai.fingerprint({ apiKey: KEY })).toBe("…wxyz");
    expect(openai.env.map((e) => e.name)).toEqual(["OPENAI_API_KEY"]);
    expect(openai.iconSlug).toBeNull();
  });
});
