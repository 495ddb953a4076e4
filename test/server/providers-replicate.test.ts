import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { replicate } from "@/lib/providers/replicate";
import { startLlmFake, type LlmBehaviour, type LlmFake } from "../fakes/llm-fake";

const TOKEN = `r8_${"Rp1_cT2-k3".repeat(3)}Ab4Cd5Z`;
const HF_TOKEN = `hf_${"AbCdEfGhIj".repeat(3)}KlMn`;

const format = (value: string) => {
  const r = replicate.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: LlmFake;
beforeAll(async () => { fake = await startLlmFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (behaviour: LlmBehaviour, timeoutMs = 2000) => {
  fake.keys.set(TOKEN, behaviour);
  const ctx = validationContext({ providerBaseUrls: { replicate: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "replicate");
  return replicate.validate({ apiToken: TOKEN }, ctx);
};

describe("Replicate token format", () => {
  it("accepts r8_ followed by 37 characters, trimming whitespace", () => {
    expect(format(TOKEN)).toBeNull();
    expect(replicate.fields[0].schema.parse(`  ${TOKEN}\n`)).toBe(TOKEN);
  });
  it("recognises a Hugging Face token pasted into the Replicate form", () => {
    expect(format(HF_TOKEN)).toMatch(/looks like a credential for Hugging Face/);
  });
  it("says a token must start with r8_ and catches a truncated one", () => {
    expect(format("Token abcdefghijklmnopqrstuvwxyz")).toMatch(/starts with r8_/);
    expect(format(TOKEN.slice(0, 20))).toMatch(/37 letters/);
  });
  it("asks for the token when empty", () => {
    expect(format("")).toMatch(/^Paste your Replicate API token\.$/);
  });
});

describe("Replicate validation against the fake", () => {
  it("reports a valid token with the user account it acts for", async () => {
    const r = await check("valid");
    expect(r).toMatchObject({ outcome: "valid", httpStatus: 200, accountLabel: "alice" });
    expect(r.details).toEqual({ username: "alice", accountType: "user", name: "Alice Example", githubUrl: "https://github.com/alice" });
  });
  it("labels an organization's token as such", async () => {
    const r = await check("organization");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "acme (organization)" });
    expect(r.details).toEqual({ username: "acme", accountType: "organization", name: "Acme Inc." });
  });
  it("rejects an invalid token with Replicate's problem detail", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/You did not pass a valid authentication token/);
  });
  it("reports a 403 as valid but insufficient, with Replicate's detail", async () => {
    const r = await check("insufficient");
    expect(r).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 403 });
    expect(r.reason).toMatch(/do not have permission/);
  });
  it("reports a throttled request with the Retry-After delay", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 503 as a provider outage, not a bad token", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 503 });
  });
  it("gives up after the timeout and reports an outage when Replicate hangs", async () => {
    expect((await check("hang", 300)).outcome).toBe("provider_outage");
  });
  it("reports a malformed body as unknown", async () => {
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("sends the token only as a Bearer header, with a User-Agent, to GET /v1/account", async () => {
    await check("valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/v1/account" });
    expect(req.path).not.toContain(TOKEN);
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
  });
});

describe("Replicate definition", () => {
  it("is registered, shows only the last four characters and exports REPLICATE_API_TOKEN", () => {
    expect(getProvider("replicate")).toBe(replicate);
    expect(replicate.fingerprint({ apiToken: TOKEN })).toBe("…Cd5Z");
    expect(replicate.env.map((e) => e.name)).toEqual(["REPLICATE_API_TOKEN"]);
    expect(replicate).toMatchObject({ iconSlug: "replicate", category: "llm", oauth: false, keysUrl: "https://replicate.com/account/api-tokens" });
  });
});
