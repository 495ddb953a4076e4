import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { turso } from "@/lib/providers/turso";
import { startPlatformFake, type PlatformBehaviour, type PlatformFake } from "../fakes/platform-fake";

const DB_URL = "libsql://orders-acme.aws-eu-west-1.turso.io";
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const jwt = (claims: object) => `${b64({ alg: "EdDSA", typ: "JWT" })}.${b64({ iat: 1_750_000_000, id: "db-id", ...claims })}.ZmFrZS1lZDI1NTE5LXNpZ25hdHVyZS0wMTIzNDU2Nzg5`;
const TOKEN = jwt({ exp: 2_000_000_000 });
const FOREVER = jwt({});

const field = (name: string) => turso.fields.find((f) => f.name === name)!;
const format = (name: string, value: string) => {
  const r = field(name).schema.safeParse(value);
  return r.success ? null : r.error.issues[0].message;
};

let fake: PlatformFake;
beforeAll(async () => { fake = await startPlatformFake(); });
afterAll(() => fake.close());
beforeEach(() => { fake.keys.clear(); fake.requests.length = 0; });

const check = (behaviour: PlatformBehaviour, credential: Record<string, string> = {}, timeoutMs = 2000) => {
  const cred = { databaseUrl: DB_URL, authToken: TOKEN, ...credential };
  fake.keys.set(cred.authToken, behaviour);
  const ctx = validationContext({ providerBaseUrls: { turso: fake.url }, PROVIDER_TIMEOUT_MS: timeoutMs }, "turso");
  return turso.validate(cred, ctx);
};

describe("Turso formats", () => {
  it("accepts libsql:// and https:// URLs on turso.io, with or without a region label", () => {
    expect(format("databaseUrl", DB_URL)).toBeNull();
    expect(format("databaseUrl", "https://orders-acme.turso.io")).toBeNull();
    expect(format("authToken", TOKEN)).toBeNull();
  });
  it("refuses other domains, other schemes, ports and IP addresses", () => {
    expect(format("databaseUrl", "libsql://db.example.com")).toMatch(/only calls the provider's own domain/);
    expect(format("databaseUrl", "libsql://orders-acme.turso.io.evil.net")).toMatch(/own domain/);
    expect(format("databaseUrl", "http://orders-acme.turso.io")).toMatch(/libsql:\/\/ or https:\/\//);
    expect(format("databaseUrl", "libsql://orders-acme.turso.io:8080")).toMatch(/Remove the port/);
    expect(format("databaseUrl", "libsql://[::1]")).toMatch(/own domain/);
  });
  it("refuses a token pasted into the URL, asking for it in the token field", () => {
    expect(format("databaseUrl", `${DB_URL}?authToken=${TOKEN}`)).toMatch(/Remove \?authToken=/);
  });
  it("refuses a token that is not a JWT, or that has expired", () => {
    expect(format("authToken", "not-a-token")).toMatch(/starts with eyJ/);
    expect(format("authToken", jwt({ exp: 1_600_000_000 }))).toMatch(/expired on 2020-09-13/);
  });
});

describe("Turso validation against the fake", () => {
  it("runs SELECT 1 then closes the stream, and reports the database and the token's expiry", async () => {
    const r = await check("valid");
    expect(r).toMatchObject({ outcome: "valid", accountLabel: "orders-acme.aws-eu-west-1.turso.io" });
    expect(r.details).toEqual({ database: "orders-acme", host: "orders-acme.aws-eu-west-1.turso.io", expiresAt: "2033-05-18T03:33:20.000Z" });
    expect(JSON.parse(fake.requests[0].body)).toEqual({ requests: [{ type: "execute", stmt: { sql: "SELECT 1" } }, { type: "close" }] });
  });
  it("reports a token without exp as never expiring", async () => {
    expect((await check("valid", { authToken: FOREVER })).details).toMatchObject({ expiresAt: "never" });
  });
  it("rejects a token Turso answers with 401, quoting its error string", async () => {
    const r = await check("invalid");
    expect(r).toMatchObject({ outcome: "invalid", httpStatus: 401 });
    expect(r.reason).toMatch(/The JWT is invalid/);
  });
  it("reports a statement error inside a 200 as unknown, not valid", async () => {
    const r = await check("query_error");
    expect(r.outcome).toBe("unknown");
    expect(r.reason).toMatch(/SQLite error/);
  });
  it("reports rate limits, outages, hangs and malformed answers without rejecting", async () => {
    expect(await check("rate_limited")).toMatchObject({ outcome: "rate_limited", retryAfterSeconds: 7 });
    expect(await check("outage")).toMatchObject({ outcome: "provider_outage", httpStatus: 502 });
    expect((await check("hang", {}, 300)).outcome).toBe("provider_outage");
    expect((await check("malformed")).outcome).toBe("unknown");
  });
  it("re-checks the domain even under the operator override, calling nothing for a foreign host", async () => {
    expect((await check("valid", { databaseUrl: "libsql://localhost" })).outcome).toBe("invalid");
    expect(fake.requests).toHaveLength(0);
  });
  it("posts to /v2/pipeline with the token as a Bearer header and a User-Agent, never in the URL", async () => {
    await check("valid");
    const [req] = fake.requests;
    expect(req).toMatchObject({ method: "POST", path: "/v2/pipeline" });
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers["user-agent"]).toMatch(/^Switchboard\//);
    expect(req.path).not.toContain(TOKEN.slice(0, 20));
  });
});

describe("Turso definition", () => {
  it("is registered, fingerprints the token and exports TURSO_DATABASE_URL and TURSO_AUTH_TOKEN", () => {
    expect(getProvider("turso")).toBe(turso);
    expect(turso.fingerprint({ authToken: TOKEN })).toBe(`…${TOKEN.slice(-4)}`);
    expect(turso.env.map((e) => e.name)).toEqual(["TURSO_DATABASE_URL", "TURSO_AUTH_TOKEN"]);
    expect(turso).toMatchObject({ iconSlug: "turso", category: "backend", oauth: false });
  });
});
