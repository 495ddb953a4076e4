import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { runpod } from "@/lib/providers/runpod";
import { startPlatformFake, type PlatformBehaviour, type PlatformFake } from "../fakes/platform-fake";

const KEY = `rpa_${"K7Q2M9X4".repeat(5)}wxyz`;
const LEGACY = "ABCDEF0123456789ABCDEF0123456789";

const field = (name: string) => runpod.fields.find((f) => f.name === name)!;
const format = (name: string, value: string) => {
  const r = field(name).schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: PlatformFake;
beforeAll(async () => { fake = await startPlatformFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (behaviour: PlatformBehaviour, credential: Record<string, string> = {}, timeoutMs = 2000) => {
  fake.keys.set(KEY, behaviour);
  const ctx = validationContext({ providerBaseUrls: { runpod: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "runpod");
  return runpod.validate({ apiKey: KEY, ...credential }, ctx);
};

describe("RunPod key format", () => {
  it("accepts rpa_ keys and unprefixed legacy keys, and an optional template id", () => {
    expect(format("apiKey", KEY)).toBeNull();
    expect(format("apiKey", LEGACY)).toBeNull();
    expect(format("templateId", "")).toBeNull();
    expect(format("templateId", "runpod-torch-v240")).toBeNull();
    expect(field("templateId").optional).toBe(true);
  });
  it("asks for the key, and names another provider's key", () => {
    expect(format("apiKey", "")).toMatch(/Paste your RunPod API key\./);
    expect(format("apiKey", `sk-ant-api03-${"x".repeat(95)}`)).toMatch(/credential for Anthropic/);
  });
  it("rejects truncated keys and template ids with odd characters", () => {
    expect(format("apiKey", "rpa_short")).toMatch(/too short/);
    expect(format("templateId", "../../etc")).toMatch(/letters, digits/);
  });
});

describe("RunPod validation against the fake", () => {
  it("reports a valid key with balance, spend per hour, spend limit and GPU counts", async () => {
    const r = await check("valid", { templateId: "runpod-torch-v240" });
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "ops@example.com ($42.50 balance)" });
    expect(r.details).toEqual({ balanceUsd: 42.5, spendPerHourUsd: 1.23, spendLimitUsd: 80, gpuTypes: 3, gpuTypesInStock: 2, templateId: "runpod-torch-v240" });
  });
  it("rejects a key RunPod answers with 401", async () => {
    expect(await check("invalid")).toMatchObject({ outcome: "invalid", httpStatus: 401 });
  });
  it("treats a GraphQL permission error under HTTP 200 as valid but insufficient, quoting it", async () => {
    const r = await check("insufficient");
    expect(r).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 200 });
    expect(r.reason).toMatch(/RunPod said: You are not authorized/);
  });
  it("treats any other GraphQL error under HTTP 200 as unknown, never as valid", async () => {
    const r = await check("query_error");
    expect(r.outcome).toBe("unknown");
    expect(r.reason).toMatch(/Something went wrong/);
  });
  it("reports a rate limit with the Retry-After delay", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 502 page as an outage, a hang as an outage after the timeout", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 502 });
    expect((await check("hang", {}, 300)).outcome).toBe("provider_outage");
  });
  it("reports a malformed body as unknown", async () => {
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("posts one query for myself and gpuTypes with the key as a Bearer header, never ?api_key=", async () => {
    await check("valid");
    expect(fake.requests).toHaveLength(1);
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "POST", path: "/graphql" });
    expect(req.path).not.toContain(KEY);
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers["user-agent"]).toMatch(/^Switchboard\//);
    const { query } = JSON.parse(req.body) as { query: string };
    expect(query).toMatch(/myself \{ id email clientBalance currentSpendPerHr spendLimit \}/);
    expect(query).toMatch(/gpuTypes \{[\s\S]*lowestPrice\(input: \{ gpuCount: 1, secureCloud: true \}\) \{ stockStatus/);
  });
});

describe("RunPod definition", () => {
  it("is registered in the cloud category with the fallback mark and RUNPOD_API_KEY", () => {
    expect(getProvider("runpod")).toBe(runpod);
    expect(runpod.fingerprint({ apiKey: KEY })).toBe("…wxyz");
    expect(runpod.env.map((e) => e.name)).toEqual(["RUNPOD_API_KEY", "RUNPOD_TEMPLATE_ID"]);
    expect(runpod).toMatchObject({ iconSlug: null, category: "cloud", oauth: false });
  });
});
