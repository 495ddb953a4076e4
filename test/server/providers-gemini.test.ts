import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { gemini } from "@/lib/providers/gemini";
import type { ValidationContext } from "@/lib/providers/types";
import { startLlmFake, type LlmBehaviour, type LlmFake } from "../fakes/llm-fake";

const KEY = `AIzaSy${"Ab3_-x".repeat(5)}wxy`;
const OPENAI_KEY = `sk-proj-${"a".repeat(74)}T3BlbkFJ${"b".repeat(74)}`;

const format = (value: string) => {
  const r = gemini.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: LlmFake;
beforeAll(async () => { fake = await startLlmFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const context = (timeoutMs = 2000) => validationContext({ providerBaseUrls: { gemini: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "gemini");

const check = (behaviour: LlmBehaviour, timeoutMs?: number) => {
  fake.keys.set(KEY, behaviour);
  return gemini.validate({ apiKey: KEY }, context(timeoutMs));
};

/** A context whose fetch answers with one Google error body, for shapes the fake does not cover. */
const answering = (status: number, error: object): ValidationContext => ({ ...context(), fetch: async () => Response.json({ error }, { status }) });

describe("Gemini key format", () => {
  it("accepts a 39-character AIza key, trimming whitespace", () => {
    expect(format(KEY)).toBeNull();
    expect(gemini.fields[0].schema.parse(`  ${KEY}\n`)).toBe(KEY);
  });
  it("says a key must start with AIza and catches a truncated one", () => {
    expect(format("Sy0123456789012345678901234567890123456")).toMatch(/starts with AIza/);
    expect(format("AIzaSyShort")).toMatch(/35 letters/);
  });
  it("recognises an OpenAI key pasted into the Gemini form", () => {
    expect(format(OPENAI_KEY)).toMatch(/looks like a credential for OpenAI/);
  });
  it("asks for the key when empty", () => {
    expect(format("")).toMatch(/^Paste your Gemini API key\.$/);
  });
});

describe("Gemini validation against the fake", () => {
  it("reports a valid key with its model count and model ids", async () => {
    const r = await check("valid");
    expect(r).toMatchObject({ outcome: "valid", httpStatus: 200, accountLabel: "Gemini API key (4 models)" });
    expect(r.details).toMatchObject({ modelCount: 4 });
    expect(r.details?.sampleModels).toEqual(["gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "text-embedding-004"]);
  });
  it("rejects a key Google answers with 400 API_KEY_INVALID, quoting Google's reason", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 400 });
    expect(r.reason).toMatch(/API key not valid/);
  });
  it("reports 403 PERMISSION_DENIED as valid but insufficient, saying to enable the API", async () => {
    const r = await check("insufficient");
    expect(r).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 403 });
    expect(r.reason).toMatch(/Generative Language API is disabled/);
  });
  it("names API restrictions when the key is blocked from the Generative Language API", async () => {
    const ctx = answering(403, { code: 403, status: "PERMISSION_DENIED", message: "Requests to this API are blocked.", details: [{ reason: "API_KEY_SERVICE_BLOCKED" }] });
    const r = await gemini.validate({ apiKey: KEY }, ctx);
    expect(r.outcome).toBe("valid_but_insufficient");
    expect(r.reason).toMatch(/API restrictions/);
  });
  it("reports FAILED_PRECONDITION (no free tier where the server runs) as valid but insufficient", async () => {
    const ctx = answering(400, { code: 400, status: "FAILED_PRECONDITION", message: "User location is not supported for the API use without a billing account linked." });
    const r = await gemini.validate({ apiKey: KEY }, ctx);
    expect(r).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 400 });
    expect(r.reason).toMatch(/billing/);
  });
  it("never reads any other 400 as a bad key", async () => {
    const r = await gemini.validate({ apiKey: KEY }, answering(400, { code: 400, status: "INVALID_ARGUMENT", message: "Invalid page size." }));
    expect(r.outcome).toBe("unknown");
  });
  it("reports RESOURCE_EXHAUSTED as rate limited, taking the wait from RetryInfo", async () => {
    const r = await check("rate_limited");
    expect(r).toMatchObject({ outcome: "rate_limited", httpStatus: 429, retryAfterSeconds: 7 });
    expect(r.reason).toMatch(/try again in 7 s/);
  });
  it("reports a 503 as a provider outage, not a bad key", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 503 });
  });
  it("gives up after the timeout and reports an outage when Google hangs", async () => {
    const started = Date.now();
    const r = await check("hang", 300);
    expect(r.outcome).toBe("provider_outage");
    expect(Date.now() - started).toBeLessThan(2000);
  });
  it("reports a malformed body as unknown", async () => {
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("sends the key only in x-goog-api-key, never as ?key=, with a User-Agent", async () => {
    await check("valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/v1beta/models?pageSize=1000" });
    expect(req.path).not.toContain(KEY);
    expect(req.path).not.toMatch(/[?&]key=/);
    expect(req.headers["x-goog-api-key"]).toBe(KEY);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
  });
});

describe("Gemini definition", () => {
  it("is registered, shows only the last four characters and exports GEMINI_API_KEY and GOOGLE_API_KEY", () => {
    expect(getProvider("gemini")).toBe(gemini);
    expect(gemini.fingerprint({ apiKey: KEY })).toBe("…xwxy");
    expect(gemini.env.map((e) => e.name)).toEqual(["GEMINI_API_KEY", "GOOGLE_API_KEY"]);
    expect(gemini).toMatchObject({ iconSlug: "googlegemini", category: "llm", oauth: false, keysUrl: "https://aistudio.google.com/app/apikey" });
  });
});
