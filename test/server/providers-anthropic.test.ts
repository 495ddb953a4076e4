import { anthropic } from "@/lib/providers/anthropic";
import { validationContext } from "@/lib/providers/context";
import type { ValidationContext } from "@/lib/providers/types";
import { startProviderFake, type FakeBehaviour, type ProviderFake } from "../fakes/provider-fake";

const KEY = `sk-ant-api03-${"Q7w-E9r_T1".repeat(9)}abcAA`;
const ADMIN = `sk-ant-admin01-${"M3n_B5v-C7".repeat(9)}xyzAA`;
const OPENAI_KEY = `sk-proj-${"a".repeat(74)}T3BlbkFJ${"b".repeat(74)}`;

const format = (value: string) => {
  const r = anthropic.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: ProviderFake;
beforeAll(async () => { fake = await startProviderFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const context = (timeoutMs = 2000) =>
  validationContext({ providerBaseUrls: { anthropic: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "anthropic");

const check = (key: string, behaviour: FakeBehaviour, timeoutMs?: number) => {
  fake.keys.set(key, behaviour);
  return anthropic.validate({ apiKey: key }, context(timeoutMs));
};

describe("Anthropic key format", () => {
  it("accepts API keys and admin keys", () => {
    expect(format(KEY)).toBeNull();
    expect(format(ADMIN)).toBeNull();
  });
  it("says an OpenAI key was pasted into the Anthropic form", () => {
    expect(format(OPENAI_KEY)).toMatch(/OpenAI/);
    expect(format("sk-abcdefghijklmnopqrstuvwxyz")).toMatch(/looks like an OpenAI key/);
  });
  it("says a key must start with sk-ant-", () => {
    expect(format("ant-api03-abcdefghijklmnopqrstuvwxyz")).toMatch(/starts with sk-ant-/);
    expect(format("sk-ant-api03-short")).toMatch(/too short/);
  });
});

describe("Anthropic validation against the fake", () => {
  it("reports a valid key with its models", async () => {
    const r = await check(KEY, "valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "API key (2 models)" });
    expect(r.details).toMatchObject({ keyKind: "API key", modelCount: 2, sampleModels: ["Claude Sonnet 4.5", "Claude Haiku 4.5"] });
  });
  it("checks an admin key on the API-keys endpoint and warns about its power", async () => {
    const r = await check(ADMIN, "valid");
    expect(fake.requests[0].path).toBe("/v1/organizations/api_keys");
    expect(r.outcome).toBe("valid");
    expect(r.details).toMatchObject({ keyKind: "admin", apiKeysVisible: 1 });
    expect(r.accountLabel).toBe("Admin key (1 API key visible)");
    expect(String(r.details?.advice)).toMatch(/every API key/);
  });
  it("rejects an invalid key with Anthropic's reason", async () => {
    const r = await check(KEY, "invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/invalid x-api-key/);
  });
  it("rejects a disabled or deleted key that answers 404", async () => {
    expect(await check(KEY, "disabled")).toMatchObject({ outcome: "invalid", httpStatus: 404 });
  });
  it("reports a 403 permission_error as valid but insufficient", async () => {
    const r = await check(KEY, "insufficient");
    expect(r.outcome).toBe("valid_but_insufficient");
    expect(r.reason).toMatch(/does not have permission/);
  });
  it("reports a rate limit with the Retry-After delay", async () => {
    expect(await check(KEY, "rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports 529 overloaded as a provider outage", async () => {
    expect(await check(KEY, "outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 529 });
  });
  it("reports an empty credit balance as valid but insufficient, never as a bad key", async () => {
    const r = await check(KEY, "quota");
    expect(r).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 400 });
    expect(r.reason).toMatch(/out of credits/);
  });
  it("never reads any other 400 as a bad key", async () => {
    const ctx: ValidationContext = {
      ...context(),
      fetch: async () => Response.json({ type: "error", error: { type: "invalid_request_error", message: "bad request" } }, { status: 400 }),
    };
    expect((await anthropic.validate({ apiKey: KEY }, ctx)).outcome).toBe("unknown");
  });
  it("gives up after the timeout and reports an outage when Anthropic hangs", async () => {
    expect((await check(KEY, "hang", 300)).outcome).toBe("provider_outage");
  });
  it("reports a malformed body as unknown", async () => {
    expect((await check(KEY, "malformed")).outcome).toBe("unknown");
  });
  it("sends the key in x-api-key with anthropic-version and a User-Agent, never in the URL", async () => {
    await check(KEY, "valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "GET", path: "/v1/models" });
    expect(req.path).not.toContain(KEY);
    expect(req.headers["x-api-key"]).toBe(KEY);
    expect(req.headers["anthropic-version"]).toBe("2023-06-01");
    expect(req.headers["user-agent"]).toMatch(/^Switchboard\//);
  });
});

describe("Anthropic definition", () => {
  it("shows only the last four characters and exports ANTHROPIC_API_KEY", () => {
    expect(anthropic.fingerprint({ apiKey: KEY })).toBe("…bcAA");
    expect(anthropic.env.map((e) => e.name)).toEqual(["ANTHROPIC_API_KEY"]);
    expect(anthropic.iconSlug).toBe("anthropic");
  });
});
