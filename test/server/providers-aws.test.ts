import { getProvider } from "@/lib/providers";
import { aws } from "@/lib/providers/aws";
import { validationContext } from "@/lib/providers/context";
import { startPlatformFake, type PlatformBehaviour, type PlatformFake } from "../fakes/platform-fake";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const TEMP_ID = "ASIAIOSFODNN7EXAMPL2";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN = `IQoJb3JpZ2luX2VjEFAKE${"aGVsbG8".repeat(30)}==`;

const field = (name: string) => aws.fields.find((f) => f.name === name)!;
const format = (name: string, value: string) => {
  const r = field(name).schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: PlatformFake;
beforeAll(async () => { fake = await startPlatformFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (behaviour: PlatformBehaviour, credential: Record<string, string> = {}, timeoutMs = 2000) => {
  const cred = { accessKeyId: KEY_ID, secretAccessKey: SECRET, region: "eu-west-3", ...credential };
  fake.keys.set(cred.accessKeyId, behaviour);
  const ctx = validationContext({ providerBaseUrls: { aws: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "aws");
  return aws.validate(cred, ctx);
};

describe("AWS key formats", () => {
  it("accepts long-term and temporary key ids, a 40-character secret, a token and a region", () => {
    expect(format("accessKeyId", KEY_ID)).toBeNull();
    expect(format("accessKeyId", TEMP_ID)).toBeNull();
    expect(format("secretAccessKey", SECRET)).toBeNull();
    expect(format("sessionToken", TOKEN)).toBeNull();
    expect(format("region", "us-gov-west-1")).toBeNull();
    expect(field("sessionToken").optional).toBe(true);
  });
  it("says which field a swapped key id and secret belong in", () => {
    expect(format("accessKeyId", SECRET)).toMatch(/looks like the secret access key/);
    expect(format("secretAccessKey", KEY_ID)).toMatch(/This is the access key ID/);
  });
  it("explains the shape of a key id, a secret and a region", () => {
    expect(format("accessKeyId", "AKIA123")).toMatch(/20 characters starting with AKIA/);
    expect(format("secretAccessKey", "short")).toMatch(/40 characters/);
    expect(format("region", "Europe (Paris)")).toMatch(/us-east-1/);
  });
});

describe("AWS validation against the fake STS", () => {
  it("reports a valid key with account, ARN, user id and region, noting permissions are unchecked", async () => {
    const r = await check("valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "arn:aws:iam::123456789012:user/switchboard-check" });
    expect(r.details).toMatchObject({ account: "123456789012", userId: "AIDAFAKEUSERID234567", keyType: "long-term", region: "eu-west-3" });
    expect(String(r.details?.permissions)).toMatch(/identity only/);
    expect(r.details?.advice).toBeUndefined();
  });
  it("advises replacing root user keys", async () => {
    const r = await check("root");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "arn:aws:iam::123456789012:root" });
    expect(String(r.details?.advice)).toMatch(/root user's access keys.*IAM user or role/);
  });
  it("sends temporary keys with their session token", async () => {
    const r = await check("valid", { accessKeyId: TEMP_ID, sessionToken: TOKEN });
    expect(r.details).toMatchObject({ keyType: "temporary" });
    expect(fake.requests[0].headers["x-amz-security-token"]).toBe(TOKEN);
  });
  it("refuses a temporary key without its session token, and a token with a long-term key, before any call", async () => {
    expect((await check("valid", { accessKeyId: TEMP_ID })).reason).toMatch(/ASIA are temporary.*session token/);
    expect((await check("valid", { sessionToken: TOKEN })).outcome).toBe("invalid");
    expect(fake.requests).toHaveLength(0);
  });
  it("rejects an unknown key id (InvalidClientTokenId) and a wrong secret (SignatureDoesNotMatch)", async () => {
    expect(await check("invalid")).toMatchObject({ outcome: "invalid", httpStatus: 403 });
    const r = await check("wrong_secret");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 403 });
    expect(r.reason).toMatch(/secret access key does not belong/);
  });
  it("rejects expired temporary credentials (ExpiredToken)", async () => {
    const r = await check("expired", { accessKeyId: TEMP_ID, sessionToken: TOKEN });
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/expired/);
  });
  it("reports a 400 Throttling error as rate limited, not invalid", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", httpStatus: 400 });
  });
  it("reports 503 ServiceUnavailable, a hang and an unreachable endpoint as outages", async () => {
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 503 });
    expect((await check("hang", {}, 300)).reason).toMatch(/did not answer within 0.3 s/);
    const ctx = validationContext({ providerBaseUrls: { aws: "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 2000 }, "aws");
    expect((await aws.validate({ accessKeyId: KEY_ID, secretAccessKey: SECRET, region: "us-east-1" }, ctx)).outcome).toBe("provider_outage");
  });
  it("reports unreadable XML as unknown", async () => {
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("signs one GetCallerIdentity POST for us-east-1 sts with a User-Agent, never sending the secret", async () => {
    await check("valid");
    expect(fake.requests).toHaveLength(1);
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "POST", path: "/", body: "Action=GetCallerIdentity&Version=2011-06-15" });
    expect(req.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${KEY_ID}/\\d{8}/us-east-1/sts/aws4_request`));
    expect(req.headers["user-agent"]).toMatch(/Switchboard\/0\.1/);
    expect(req.path + req.body + JSON.stringify(req.headers)).not.toContain(SECRET);
  });
});

describe("AWS definition", () => {
  it("is registered, fingerprints the secret and exports the SDK's env names", () => {
    expect(getProvider("aws")).toBe(aws);
    expect(aws.fingerprint({ accessKeyId: KEY_ID, secretAccessKey: SECRET })).toBe("…EKEY");
    expect(aws.env.map((e) => e.name)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION"]);
    expect(aws).toMatchObject({ iconSlug: null, category: "cloud", oauth: false });
  });
});
