import { allowedOrigin, checkPublicHost, isPublicAddress, type Resolver } from "@/lib/net/ssrf";
import { validationContext } from "@/lib/providers/context";
import { createSupabase } from "@/lib/providers/supabase";
import { createTurso } from "@/lib/providers/turso";
import type { ValidationContext } from "@/lib/providers/types";
import { startPlatformFake, type PlatformFake } from "../fakes/platform-fake";

const REF = "abcdefghijklmnopqrst";
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const SUPABASE = { projectUrl: `https://${REF}.supabase.co`, publishableKey: "sb_publishable_Q9pX2vL7kT4mN1bR8cZ3_aW5dE6fG", secretKey: "sb_secret_H3jK9lM2nP5qR8sT1uV4wX7_yZ0aB2cD" };
const TURSO = { databaseUrl: "libsql://orders-acme.turso.io", authToken: `${b64({ alg: "EdDSA" })}.${b64({ iat: 1 })}.c2lnbmF0dXJlLWJ5dGVz` };

const answers = (...addresses: string[]): Resolver => jest.fn(async () => addresses);
const dnsError = (code: string): Resolver => async () => { throw Object.assign(new Error(`queryA ${code}`), { code }); };

/** No override: the provider's real origin, with fetch replaced so nothing leaves the machine. */
const realOriginContext = () => {
  const fetch = jest.fn(async () => new Response(JSON.stringify({ external: {}, results: [{ type: "ok" }] }), { status: 200 }));
  const ctx: ValidationContext = { baseUrl: (origin) => origin, timeoutMs: 2000, fetch, userAgent: "Switchboard/test" };
  return { ctx, fetch };
};

describe("address classification", () => {
  it("allows public IPv4 and IPv6 unicast addresses", () => {
    for (const a of ["104.18.38.10", "8.8.8.8", "2606:4700::6812:260a"]) expect(isPublicAddress(a)).toBe(true);
  });
  it("refuses private, loopback, link-local, CGNAT, unspecified, multicast and reserved IPv4", () => {
    for (const a of ["10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "127.8.8.8", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255"]) {
      expect(isPublicAddress(a)).toBe(false);
    }
  });
  it("refuses IPv6 loopback, unspecified, unique-local, link-local (with or without a zone) and multicast", () => {
    for (const a of ["::1", "::", "fd00:ec2::254", "fc00::1", "fe80::1", "fe80::1%eth0", "ff02::1"]) expect(isPublicAddress(a)).toBe(false);
  });
  it("refuses every IPv4-mapped or IPv4-embedding IPv6 form, whatever address it wraps", () => {
    for (const a of ["::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:8.8.8.8", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "::127.0.0.1"]) {
      expect(isPublicAddress(a)).toBe(false);
    }
  });
  it("refuses anything that is not an IP address", () => {
    expect(isPublicAddress("localhost")).toBe(false);
  });
});

describe("host check through DNS", () => {
  it("refuses a name that resolves to loopback, metadata or an IPv4-mapped private address", async () => {
    for (const a of ["127.0.0.1", "169.254.169.254", "::ffff:10.0.0.1"]) {
      expect(await checkPublicHost(`${REF}.supabase.co`, answers(a))).toMatchObject({ ok: false, outcome: "invalid" });
    }
  });
  it("refuses a name when any one of its answers is private, without quoting the address", async () => {
    const r = await checkPublicHost("orders-acme.turso.io", answers("104.18.38.10", "10.1.2.3"));
    expect(r).toMatchObject({ ok: false, outcome: "invalid" });
    expect(JSON.stringify(r)).not.toContain("10.1.2.3");
  });
  it("allows a name whose answers are all public", async () => {
    expect(await checkPublicHost("orders-acme.turso.io", answers("104.18.38.10", "2606:4700::6812:260a"))).toEqual({ ok: true });
  });
  it("checks IP literals, bracketed IPv6 included, without asking DNS", async () => {
    const resolve = answers("8.8.8.8");
    expect((await checkPublicHost("[::1]", resolve)).ok).toBe(false);
    expect((await checkPublicHost("127.0.0.1", resolve)).ok).toBe(false);
    expect(resolve).not.toHaveBeenCalled();
  });
  it("calls a missing name invalid but a failing resolver an outage", async () => {
    expect(await checkPublicHost("gone.supabase.co", dnsError("ENOTFOUND"))).toMatchObject({ ok: false, outcome: "invalid" });
    expect(await checkPublicHost("x.supabase.co", dnsError("ETIMEOUT"))).toMatchObject({ ok: false, outcome: "provider_outage" });
    expect(await checkPublicHost("x.supabase.co", answers())).toMatchObject({ ok: false, outcome: "invalid" });
  });
});

describe("allowed origins", () => {
  const host = /^[a-z0-9]+\.supabase\.co$/;
  it("refuses hosts hidden behind credentials, encodings or numeric forms", () => {
    for (const url of [`https://${REF}.supabase.co@127.0.0.1`, `https://${REF}.supabase.co%2f@evil.com`, "https://2130706433", "https://0x7f.0.0.1", "https://[::ffff:7f00:1]"]) {
      expect(allowedOrigin(url, host, "x")).toHaveProperty("problem");
    }
    expect(allowedOrigin(`https://${REF}.supabase.co\\@evil.com`, host, "x")).toHaveProperty("problem");
  });
  it("returns the bare origin of an allowed URL", () => {
    expect(allowedOrigin(`https://${REF.toUpperCase()}.supabase.co/`, host, "x")).toEqual({ origin: `https://${REF}.supabase.co`, hostname: `${REF}.supabase.co` });
  });
});

describe("provider calls to user-supplied URLs", () => {
  it.each([["127.0.0.1"], ["169.254.169.254"], ["::ffff:10.0.0.1"]])("Supabase calls nothing when the project host resolves to %s", async (address) => {
    const { ctx, fetch } = realOriginContext();
    const r = await createSupabase(answers(address)).validate(SUPABASE, ctx);
    expect(r.outcome).toBe("invalid");
    expect(r.reason).toMatch(/private or reserved network address/);
    expect(fetch).not.toHaveBeenCalled();
  });
  it("Turso calls nothing when the database host resolves to a metadata address", async () => {
    const { ctx, fetch } = realOriginContext();
    expect((await createTurso(answers("169.254.169.254")).validate(TURSO, ctx)).outcome).toBe("invalid");
    expect(fetch).not.toHaveBeenCalled();
  });
  it("calls the user's https origin once its host resolves publicly", async () => {
    const { ctx, fetch } = realOriginContext();
    await createTurso(answers("104.18.38.10")).validate(TURSO, ctx);
    expect(fetch).toHaveBeenCalledWith("https://orders-acme.turso.io/v2/pipeline", expect.objectContaining({ redirect: "manual" }));
  });
  it("skips DNS only under the operator override, and still refuses foreign domains there", async () => {
    const resolve = answers("127.0.0.1");
    const ctx = validationContext({ providerBaseUrls: { supabase: "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 500 }, "supabase");
    await createSupabase(resolve).validate(SUPABASE, ctx);
    expect(resolve).not.toHaveBeenCalled();
    expect((await createSupabase(resolve).validate({ ...SUPABASE, projectUrl: "https://metadata.google.internal" }, ctx)).reason).toMatch(/own domain/);
  });
});

describe("redirects", () => {
  let fake: PlatformFake;
  beforeAll(async () => { fake = await startPlatformFake(); });
  afterAll(() => fake.close());

  it("are never followed, so a provider's 302 cannot send the key elsewhere", async () => {
    fake.keys.set(SUPABASE.secretKey, "redirect");
    fake.keys.set(TURSO.authToken, "redirect");
    const supabase = await createSupabase().validate(SUPABASE, validationContext({ providerBaseUrls: { supabase: fake.url }, PROVIDER_TIMEOUT_MS: 2000 }, "supabase"));
    const turso = await createTurso().validate(TURSO, validationContext({ providerBaseUrls: { turso: fake.url }, PROVIDER_TIMEOUT_MS: 2000 }, "turso"));
    expect([supabase.outcome, turso.outcome]).toEqual(["unknown", "unknown"]);
    expect(fake.requests.map((r) => r.path)).toEqual(["/auth/v1/settings", "/v2/pipeline"]);
  });
});
