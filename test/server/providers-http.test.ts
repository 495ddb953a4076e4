import { validationContext } from "@/lib/providers/context";
import { classifyStatus, retryAfter, safeCheck, scrub } from "@/lib/providers/http";

const SECRET = "sk-proj-Zq8wX2vB7nM4kL1pR6tY9uI3oA5sD0fG";
const res = (status: number, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers), json: null });

describe("generic classification (providers.md section 0)", () => {
  it.each([
    [200, "valid"], [204, "valid"], [401, "invalid"], [403, "valid_but_insufficient"], [429, "rate_limited"],
    [500, "provider_outage"], [503, "provider_outage"], [529, "provider_outage"], [400, "unknown"], [404, "unknown"], [302, "unknown"],
  ])("maps HTTP %i to %s", (status, outcome) => {
    expect(classifyStatus(res(status), "Acme").outcome).toBe(outcome);
  });
  it("quotes the provider's own message in the reason", () => {
    expect(classifyStatus(res(401), "Acme", "Token revoked").reason).toBe("Acme rejected the key. Acme said: Token revoked.");
  });
  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(classifyStatus(res(429, { "retry-after": "12" }), "Acme").retryAfterSeconds).toBe(12);
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(retryAfter(new Headers({ "retry-after": inAMinute }))).toBeGreaterThanOrEqual(58);
    expect(retryAfter(new Headers({ "retry-after": "soon" }))).toBeUndefined();
  });
});

describe("secret scrubbing", () => {
  it("removes a full or partial echo of the secret but keeps public prefixes", () => {
    expect(scrub(`Bad key ${SECRET} given`, [SECRET])).toBe("Bad key [redacted] given");
    expect(scrub(`key ${SECRET.slice(0, 20)}*****`, [SECRET])).toBe("key [redacted]*****");
    expect(scrub("Keys start with sk-proj-", [SECRET])).toBe("Keys start with sk-proj-");
  });
  it("scrubs every string of a check result and turns a throw into unknown", async () => {
    const echoed = await safeCheck("Acme", [SECRET], async () => ({
      outcome: "invalid", reason: `no ${SECRET}`, accountLabel: SECRET, details: { ids: [SECRET], n: 1 },
    }));
    expect(JSON.stringify(echoed)).not.toContain(SECRET.slice(8));
    const thrown = await safeCheck("Acme", [SECRET], async () => { throw new Error(SECRET); });
    expect(thrown.outcome).toBe("unknown");
    expect(thrown.reason).not.toContain(SECRET);
  });
});

describe("validation context", () => {
  it("sends every origin of a provider to its operator override and leaves others alone", () => {
    const config = { providerBaseUrls: { gcp: "http://127.0.0.1:4010", hugging_face: "http://127.0.0.1:4011/" }, PROVIDER_TIMEOUT_MS: 5000 };
    const ctx = validationContext(config, "gcp");
    expect(ctx.baseUrl("https://oauth2.googleapis.com")).toBe("http://127.0.0.1:4010");
    expect(ctx.baseUrl("https://cloudresourcemanager.googleapis.com")).toBe("http://127.0.0.1:4010");
    expect(validationContext(config, "hugging-face").baseUrl("https://huggingface.co")).toBe("http://127.0.0.1:4011");
    expect(validationContext(config, "openai").baseUrl("https://api.openai.com")).toBe("https://api.openai.com");
    expect(ctx).toMatchObject({ timeoutMs: 5000, userAgent: "Switchboard/0.1 (+credential-check)" });
  });
});
