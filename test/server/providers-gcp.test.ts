import { generateKeyPairSync } from "node:crypto";
import { validationContext } from "@/lib/providers/context";
import { gcp } from "@/lib/providers/gcp";
import { startProviderFake, type FakeBehaviour, type ProviderFake } from "../fakes/provider-fake";

const pem = () => generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
const [KEY_A, KEY_B] = [pem(), pem()];
const EMAIL = "checker@acme-prod.iam.gserviceaccount.com";

const keyFile = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: "service_account", project_id: "acme-prod", private_key_id: "0123456789abcdef0123456789abcdef0123beef",
    private_key: KEY_A, client_email: EMAIL, client_id: "1234567890", token_uri: "https://oauth2.googleapis.com/token", ...overrides,
  });

const format = (value: string) => {
  const r = gcp.fields[0].schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: ProviderFake;
beforeAll(async () => {
  fake = await startProviderFake();
});
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (behaviour: FakeBehaviour, json = keyFile(), timeoutMs = 2000) => {
  fake.keys.set(keyFile(), behaviour);
  const ctx = validationContext({ providerBaseUrls: { gcp: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "gcp");
  return gcp.validate({ serviceAccountJson: json }, ctx);
};

describe("GCP key-file format", () => {
  it("accepts a service-account key file", () => {
    expect(format(keyFile())).toBeNull();
  });
  it("names every missing field at once", () => {
    expect(format(keyFile({ client_email: undefined, private_key: undefined }))).toMatch(/missing client_email and private_key\./);
  });
  it("says when the text is not JSON, or is a gcloud user credential", () => {
    expect(format("{ not json")).toMatch(/not valid JSON/);
    expect(format(keyFile({ type: "authorized_user" }))).toMatch(/authorized_user/);
  });
  it("says when private_key is not a PEM key", () => {
    expect(format(keyFile({ private_key: "abc" }))).toMatch(/not a PEM private key/);
  });
  it("recognises another provider's key pasted into the JSON field", () => {
    expect(format(`sk-ant-api03-${"x".repeat(95)}`)).toMatch(/credential for Anthropic/);
  });
});

describe("GCP validation against the fake", () => {
  it("reports a valid key with the service account and the project's name, number and state", async () => {
    const r = await check("valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: EMAIL });
    expect(r.details).toEqual({ projectId: "acme-prod", projectName: "Fake Project", projectNumber: "123456789012", lifecycleState: "ACTIVE" });
  });
  it("signs a one-hour, read-only RS256 assertion for Google's token endpoint with the key id", async () => {
    await check("valid");
    const assertion = new URLSearchParams(fake.requests[0].body).get("assertion") ?? "";
    const [header, claims] = assertion.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    expect(header).toEqual({ alg: "RS256", typ: "JWT", kid: "0123456789abcdef0123456789abcdef0123beef" });
    expect(claims).toMatchObject({ iss: EMAIL, aud: "https://oauth2.googleapis.com/token", scope: "https://www.googleapis.com/auth/cloud-platform.read-only" });
    expect(claims.exp - claims.iat).toBe(3600);
  });
  it("rejects a key Google reports as invalid_grant, with Google's description", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 400 });
    expect(r.reason).toMatch(/Invalid JWT Signature\./);
  });
  it("rejects a key file signed by a different private key than Google knows", async () => {
    const r = await check("valid", keyFile({ private_key: KEY_B }));
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/Invalid JWT Signature\./);
  });
  it("rejects an unreadable private key without calling Google", async () => {
    const garbage = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
    const r = await check("valid", keyFile({ private_key: garbage }));
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/cannot be read/);
    expect(fake.requests).toHaveLength(0);
  });
  it("reports a working key without project access as valid but insufficient, naming the role", async () => {
    const r = await check("insufficient");
    expect(r).toMatchObject({ outcome: "valid_but_insufficient", httpStatus: 403, accountLabel: EMAIL });
    expect(r.reason).toMatch(/cannot read project acme-prod.*roles\/browser/);
  });
  it("still reports a proven key as valid when only the project read is throttled", async () => {
    const r = await check("quota");
    expect(r.outcome).toBe("valid");
    expect(r.reason).toMatch(/could not be read/);
  });
  it("reports a rate-limited token endpoint with the Retry-After delay", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
  });
  it("reports a 503 error page as a provider outage", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 503 });
  });
  it("gives up after the timeout and reports an outage when Google hangs", async () => {
    expect((await check("hang", keyFile(), 300)).outcome).toBe("provider_outage");
  });
  it("reports a malformed token response as unknown", async () => {
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("ignores the key file's token_uri and always calls Google's fixed endpoint", async () => {
    const r = await check("valid", keyFile({ token_uri: "http://169.254.169.254/latest/meta-data" }));
    expect(r.outcome).toBe("valid");
    expect(fake.requests.map((q) => `${q.method} ${q.path}`)).toEqual(["POST /token", "GET /v1/projects/acme-prod"]);
  });
  it("never sends the private key and always sends a User-Agent", async () => {
    await check("valid");
    const keyLine = KEY_A.split("\n")[1];
    for (const req of fake.requests) {
      expect(req.path + req.body + JSON.stringify(req.headers)).not.toContain(keyLine);
      expect(req.headers["user-agent"]).toMatch(/^Switchboard\//);
    }
    expect(fake.requests[1].headers.authorization).toMatch(/^Bearer ya29\./);
  });
});

describe("GCP definition", () => {
  it("fingerprints by client_email and the last four characters of private_key_id", () => {
    expect(gcp.fingerprint({ serviceAccountJson: keyFile() })).toBe(`${EMAIL} …beef`);
    expect(gcp.iconSlug).toBe("googlecloud");
  });
});
