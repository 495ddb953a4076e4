import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { mistral } from "@/lib/providers/mistral";
import { startLlmFake, type LlmBehaviour, type LlmFake } from "../fakes/llm-fake";

const KEY = "M1s2t3r4a5l6K7e8y9A0b1C2d3E4f5G6";
const GEMINI_KEY = `AIzaSy${"Ab3_-x".repeat(5)}wxy`;

const format = (value: string) => {
  const r = mistral.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: LlmFake;
beforeAll(async () => { fake = await startLlmFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (behaviour: LlmBehaviour, timeoutMs = 2000) => {
  fake.keys.set(KEY, behaviour);
  const ctx = validationContext({ providerBaseUrls: { mistral: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "mistral");
  return mistral.validate({ apiKey: KEY }, ctx);
};

describe("Mistral key format (no documented prefix, so sanity checks only)", () => {
  it("accepts a 32-character key and does not insist on that length", () => {
    expect(format(KEY)).toBeNull();
    expect(format(`${KEY}Xy12`)).toBeNull();
    expect(mistral.fields[0].schema.parse(` ${KEY}\n`)).toBe(KEY);
  });
  it("recognises keys of other providers pasted into the Mistral form", () => {
    expect(format(GEMINI_KEY)).toMatch(/looks like a credential for Google AI Studio/);
    expect(format(`sk-${"a".repeat(48)}`)).toMatch(/OpenAI-style key/);
  });
  it("refuses a truncated key, a pasted paragraph and quoted text", () => {
    expect(format("abc123")).toMatch(/too short/);
    expect(format("x".repeat(300))).toMatch(/much longer/);
    expect(format(`"${KEY}"`)).toMatch(/characters a Mistral API key never has/);
    expect(format(`${KEY.slice(0, 16)} ${KEY.slice(16)}`)).toMatch(/space or line break/);
  });
  it("asks for the key when empty", () => {
    expect(format("")).toMatch(/^Paste your Mistral API key\.$/);
  });
});

describe("Mistral validation against the fake", () => {
  it("reports a valid key with its model count, model ids and fine-tuned models", async () => {
    const r = await check("valid");
    expect(r).toMatchObject({ outcome: "valid", httpStatus: 200, accountLabel: "Mistral key (4 models)" });
    expect(r.details).toMatchObject({ modelCount: 4, fineTunedModels: 1 });
    expect(r.details?.sampleModels).toContain("mistral-large-latest");
  });
  it("rejects an invalid key with Mistral's reason", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/Mistral said: Unauthorized\./);
  });
  it("reports a 403 as valid but insufficient", async () => {
    expect(await check("insufficient")).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 403 });
  });
  it("reports a rate limit with the Retry-After delay and Mistral's reason", async () => {
    const r = await check("rate_limited");
    expect(r).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
    expect(r.reason).toMatch(/Requests rate limit exceeded/);
  });
  it("reports a 503 as a provider outage, not a bad key", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 503 });
  });
  it("gives up after the timeout and reports an outage when Mistral hangs", async () => {
    expect((await check("hang", 300)).outcome).toBe("provider_outage");
  });
  it("reports a malformed body as unknown", async () => {
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("sends the key only as a Bearer header, with a User-Agent, to GET /v1/models", async () => {
    await check("valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/v1/models" });
    expect(req.path).not.toContain(KEY);
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
  });
});

describe("Mistral definition", () => {
  it("is registered, shows only the last four characters and exports MISTRAL_API_KEY", () => {
    expect(getProvider("mistral")).toBe(mistral);
    expect(mistral.fingerprint({ apiKey: KEY })).toBe("…f5G6");
    expect(mistral.env.map((e) => e.name)).toEqual(["MISTRAL_API_KEY"]);
    expect(mistral).toMatchObject({ iconSlug: "mistralai", category: "llm", oauth: false, keysUrl: "https://console.mistral.ai/api-keys" });
  });
});
