import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { groq } from "@/lib/providers/groq";
import { startLlmFake, type LlmBehaviour, type LlmFake } from "../fakes/llm-fake";

const KEY = `gsk_${"Gq7Rt9Wx2Z".repeat(5)}ab`;
const OPENROUTER_KEY = `sk-or-v1-${"0123456789abcdef".repeat(4)}`;

const format = (value: string) => {
  const r = groq.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: LlmFake;
beforeAll(async () => { fake = await startLlmFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (behaviour: LlmBehaviour, timeoutMs = 2000) => {
  fake.keys.set(KEY, behaviour);
  const ctx = validationContext({ providerBaseUrls: { groq: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "groq");
  return groq.validate({ apiKey: KEY }, ctx);
};

describe("Groq key format", () => {
  it("accepts gsk_ followed by 52 letters and digits, trimming whitespace", () => {
    expect(format(KEY)).toBeNull();
    expect(groq.fields[0].schema.parse(`\t${KEY} `)).toBe(KEY);
  });
  it("recognises an OpenRouter key pasted into the Groq form", () => {
    expect(format(OPENROUTER_KEY)).toMatch(/looks like a credential for OpenRouter/);
  });
  it("says a key must start with gsk_ and catches a truncated one", () => {
    expect(format("gsk-abcdefghijklmnopqrstuvwxyz")).toMatch(/starts with gsk_/);
    expect(format(KEY.slice(0, 30))).toMatch(/52 letters and digits/);
  });
  it("asks for the key when empty", () => {
    expect(format("")).toMatch(/^Paste your Groq API key\.$/);
  });
});

describe("Groq validation against the fake", () => {
  it("reports a valid key with its model count, model ids and model owners", async () => {
    const r = await check("valid");
    expect(r).toMatchObject({ outcome: "valid", httpStatus: 200, accountLabel: "Groq key (4 models)" });
    expect(r.details).toEqual({
      modelCount: 4,
      sampleModels: ["llama-3.3-70b-versatile", "llama-3.1-8b-instant", "openai/gpt-oss-120b", "whisper-large-v3"],
      modelOwners: ["Meta", "OpenAI"],
    });
  });
  it("rejects an invalid key with Groq's reason", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/Invalid API Key/);
  });
  it("reports a 403 as valid but insufficient", async () => {
    expect(await check("insufficient")).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 403 });
  });
  it("reports rate_limit_exceeded with the Retry-After delay", async () => {
    const r = await check("rate_limited");
    expect(r).toMatchObject({ outcome: "rate_limited", httpStatus: 429, retryAfterSeconds: 7 });
    expect(r.reason).toMatch(/try again in 7 s/);
  });
  it("reports a 503 as a provider outage, not a bad key", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 503 });
  });
  it("gives up after the timeout and reports an outage when Groq hangs", async () => {
    const r = await check("hang", 300);
    expect(r.outcome).toBe("provider_outage");
    expect(r.reason).toMatch(/did not answer within 0.3 s/);
  });
  it("reports a malformed body as unknown", async () => {
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("sends the key only as a Bearer header, with a User-Agent, to GET /openai/v1/models", async () => {
    await check("valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/openai/v1/models" });
    expect(req.path).not.toContain(KEY);
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
  });
});

describe("Groq definition", () => {
  it("is registered, shows only the last four characters, exports GROQ_API_KEY and uses the fallback mark", () => {
    expect(getProvider("groq")).toBe(groq);
    expect(groq.fingerprint({ apiKey: KEY })).toBe("…2Zab");
    expect(groq.env.map((e) => e.name)).toEqual(["GROQ_API_KEY"]);
    expect(groq).toMatchObject({ iconSlug: null, category: "llm", oauth: false, keysUrl: "https://console.groq.com/keys" });
  });
});
