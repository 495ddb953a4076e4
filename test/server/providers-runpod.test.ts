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

describe("RunPod validation against the fake (REST v2: the key's serverless endpoints)", () => {
  it("reports a valid key with how many serverless endpoints it sees and the template id, reading no endpoint's env", async () => {
    const r = await check("valid", { templateId: "runpod-torch-v240" });
    expect(r).toMatchObject({ outcome: "valid", httpStatus: 200, reason: "RunPod accepted the key." });
    expect(r.details).toEqual({ serverlessEndpoints: 2, templateId: "runpod-torch-v240" });
    expect(JSON.stringify(r)).not.toContain("hf_notforthepage");
  });
  it("rejects a key RunPod answers with 401", async () => {
    expect(await check("invalid")).toMatchObject({ outcome: "invalid", httpStatus: 401, reason: expect.stringMatching(/RunPod rejected the key/) });
  });
  it("treats a 403 as valid but insufficient, naming the permissions Switchboard needs", async () => {
    const r = await check("insufficient");
    expect(r).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 403 });
    expect(r.reason).toMatch(/read and write access to serverless endpoints and read access to templates/);
  });
  it("treats any other refusal as unknown, never as valid", async () => {
    expect((await check("query_error")).outcome).toBe("unknown");
  });
  it("reports a rate limit with the Retry-After delay", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 502 page as an outage, a hang as an outage after the timeout", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 502 });
    const hung = await check("hang", {}, 300);
    expect(hung.outcome).toBe("provider_outage");
    expect(hung.reason).toMatch(/RunPod did not answer within 0\.3 s, so the key could not be verified/);
  });
  it("reports a malformed body as unknown", async () => {
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("makes one GET of /v2/serverless with the key as a Bearer header, never in the URL, and no GraphQL", async () => {
    await check("valid");
    expect(fake.requests).toHaveLength(1);
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/v2/serverless" });
    expect(req.path).not.toContain(KEY);
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers["user-agent"]).toMatch(/^Switchboard\//);
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
