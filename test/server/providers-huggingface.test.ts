import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { huggingface } from "@/lib/providers/huggingface";
import { startLlmFake, type LlmBehaviour, type LlmFake } from "../fakes/llm-fake";

const TOKEN = `hf_${"AbCdEfGhIj".repeat(3)}KlMn`;
const REPLICATE_TOKEN = `r8_${"Rp1_cT2-k3".repeat(3)}Ab4Cd5Z`;

const format = (value: string) => {
  const r = huggingface.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: LlmFake;
beforeAll(async () => { fake = await startLlmFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const context = (timeoutMs = 2000) => validationContext({ providerBaseUrls: { huggingface: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "huggingface");

const check = (behaviour: LlmBehaviour, timeoutMs?: number) => {
  fake.keys.set(TOKEN, behaviour);
  return huggingface.validate({ token: TOKEN }, context(timeoutMs));
};

/** whoami-v2 answered directly, for token kinds the fake does not serve. */
const whoami = (auth: object) => huggingface.validate({ token: TOKEN }, { ...context(), fetch: async () => Response.json({ type: "user", name: "bob", orgs: [], auth }) });

describe("Hugging Face token format", () => {
  it("accepts hf_ followed by 34 letters, trimming whitespace", () => {
    expect(format(TOKEN)).toBeNull();
    expect(huggingface.fields[0].schema.parse(` ${TOKEN}\n`)).toBe(TOKEN);
  });
  it("explains that legacy api_org_ tokens are no longer accepted", () => {
    expect(format(`api_org_${"a".repeat(34)}`)).toMatch(/legacy organization API token/);
  });
  it("recognises a Replicate token pasted into the Hugging Face form", () => {
    expect(format(REPLICATE_TOKEN)).toMatch(/looks like a credential for Replicate/);
  });
  it("says a token must start with hf_ and catches a truncated one", () => {
    expect(format("abcdefghijklmnopqrstuvwxyzabcdefghij")).toMatch(/starts with hf_/);
    expect(format(TOKEN.slice(0, 20))).toMatch(/34 letters/);
  });
  it("asks for the token when empty", () => {
    expect(format("")).toMatch(/^Paste your Hugging Face access token\.$/);
  });
});

describe("Hugging Face validation against the fake", () => {
  it("reports a write token with its user and orgs, and advises a read token where downloads suffice", async () => {
    const r = await check("write");
    expect(r).toMatchObject({ outcome: "valid", httpStatus: 200, accountLabel: "alice (write token)" });
    expect(r.details).toMatchObject({ user: "alice", accountType: "user", tokenName: "write-token", tokenRole: "write", orgs: ["acme (admin)"], canUpload: true });
    expect(String(r.details?.advice)).toMatch(/read token/);
    expect(r.details?.expiresAt).toBeUndefined();
  });
  it("says a read token cannot upload", async () => {
    const r = await check("read");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "alice (read token)" });
    expect(r.details).toMatchObject({ tokenRole: "read", canUpload: false });
    expect(String(r.details?.advice)).toMatch(/cannot upload/);
  });
  it("lists what a fine-grained token may do, where it may upload, and when it expires", async () => {
    const r = await check("fine_grained");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "alice (fine-grained token)" });
    expect(r.details).toMatchObject({
      tokenRole: "fineGrained", canUpload: true, uploadTo: ["acme"], canCallInference: true, expiresAt: "2027-01-31T00:00:00.000Z",
      permissions: ["discussion.write", "inference.serverless.write", "repo.content.read", "repo.write"],
    });
    expect(String(r.details?.advice)).toMatch(/can upload only to acme/);
  });
  it("says a fine-grained token without repo.write or inference.serverless.write can do neither", async () => {
    const r = await whoami({ type: "access_token", accessToken: { displayName: "ro", role: "fineGrained", fineGrained: { global: [], scoped: [{ entity: { name: "bob/m" }, permissions: ["repo.content.read"] }] } } });
    expect(r.details).toMatchObject({ canUpload: false, canCallInference: false, uploadTo: [] });
    expect(String(r.details?.advice)).toMatch(/cannot upload.*cannot call serverless inference/);
  });
  it("takes the expiry of an OAuth token from auth.expiresAt, which carries no role", async () => {
    const r = await whoami({ type: "oauth", expiresAt: "2026-12-01T08:00:00Z" });
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "bob" });
    expect(r.details).toMatchObject({ tokenRole: "unknown", expiresAt: "2026-12-01T08:00:00.000Z" });
    expect(r.details?.advice).toBeUndefined();
  });
  it("rejects an invalid token with the Hub's reason", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/Invalid credentials in Authorization header/);
  });
  it("reports a 403 as valid but insufficient", async () => {
    expect(await check("insufficient")).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 403 });
  });
  it("reports a rate-limited whoami with the Retry-After delay", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 500 as a provider outage, not a bad token", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 500 });
  });
  it("gives up after the timeout and reports an outage when the Hub hangs", async () => {
    expect((await check("hang", 300)).outcome).toBe("provider_outage");
  });
  it("reports a malformed body as unknown", async () => {
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("sends the token only as a Bearer header, with a User-Agent, to GET /api/whoami-v2", async () => {
    await check("valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/api/whoami-v2" });
    expect(req.path).not.toContain(TOKEN);
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers["user-agent"]).toBe("Switchboard/0.1 (+credential-check)");
  });
});

describe("Hugging Face definition", () => {
  it("is registered, shows only the last four characters and exports HF_TOKEN", () => {
    expect(getProvider("huggingface")).toBe(huggingface);
    expect(huggingface.fingerprint({ token: TOKEN })).toBe("…KlMn");
    expect(huggingface.env.map((e) => e.name)).toEqual(["HF_TOKEN"]);
    expect(huggingface).toMatchObject({ iconSlug: "huggingface", category: "llm", oauth: false, keysUrl: "https://huggingface.co/settings/tokens" });
  });
});
