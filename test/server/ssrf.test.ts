import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { pinnedFetch, pinnedLookup } from "@/lib/net/pinned-fetch";
import { allowedOrigin, checkPublicHost, isPublicAddress, SPECIAL_PURPOSE, type Resolver } from "@/lib/net/ssrf";
import { validationContext } from "@/lib/providers/context";
import { createSupabase } from "@/lib/providers/supabase";
import { createTurso } from "@/lib/providers/turso";
import type { ValidationContext } from "@/lib/providers/types";
import { startPlatformFake, type PlatformFake } from "../fakes/platform-fake";
import { REBIND_CERT, REBIND_HOST, REBIND_KEY } from "../fakes/tls-fixture";

const REF = "abcdefghijklmnopqrst";
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const SUPABASE = { projectUrl: `https://${REF}.supabase.co`, publishableKey: "sb_publishable_Q9pX2vL7kT4mN1bR8cZ3_aW5dE6fG", secretKey: "sb_secret_H3jK9lM2nP5qR8sT1uV4wX7_yZ0aB2cD" };
const TURSO = { databaseUrl: "libsql://orders-acme.turso.io", authToken: `${b64({ alg: "EdDSA" })}.${b64({ iat: 1 })}.c2lnbmF0dXJlLWJ5dGVz` };

const answers = (...addresses: string[]): Resolver => jest.fn(async () => addresses);
const dnsError = (code: string): Resolver => async () => { throw Object.assign(new Error(`queryA ${code}`), { code }); };

/**
 * No override: the provider's real origin, with both transports replaced so nothing leaves the
 * machine. `fetch` is the unpinned one, which a user-supplied origin must never be called through.
 */
const realOriginContext = () => {
  const reply = async () => new Response(JSON.stringify({ external: {}, results: [{ type: "ok" }] }), { status: 200 });
  const fetch = jest.fn(reply);
  const pinned = jest.fn(reply);
  const pinnedFetchFor = jest.fn((_host: string, _addresses: readonly string[]) => pinned as unknown as typeof globalThis.fetch);
  const ctx: ValidationContext = { baseUrl: (origin) => origin, timeoutMs: 2000, fetch, pinnedFetch: pinnedFetchFor, userAgent: "Switchboard/test" };
  return { ctx, fetch, pinned, pinnedFetchFor };
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

  // One address inside each entry of the IANA special-purpose registries (and multicast, reserved,
  // site-local), written out rather than derived from the table, so a missing entry fails here.
  it.each([
    ["0.0.0.0/8", "0.1.2.3"], ["10.0.0.0/8", "10.255.255.254"], ["100.64.0.0/10", "100.127.255.1"], ["127.0.0.0/8", "127.255.0.1"],
    ["169.254.0.0/16", "169.254.169.254"], ["172.16.0.0/12", "172.31.255.1"], ["192.0.0.0/24", "192.0.0.9"], ["192.0.2.0/24", "192.0.2.1"],
    ["192.31.196.0/24", "192.31.196.1"], ["192.52.193.0/24", "192.52.193.1"], ["192.88.99.0/24", "192.88.99.1"], ["192.168.0.0/16", "192.168.255.255"],
    ["192.175.48.0/24", "192.175.48.1"], ["198.18.0.0/15", "198.19.255.1"], ["198.51.100.0/24", "198.51.100.7"], ["203.0.113.0/24", "203.0.113.7"],
    ["224.0.0.0/4", "239.255.255.250"], ["240.0.0.0/4", "240.0.0.1"], ["255.255.255.255/32", "255.255.255.255"],
    ["::/128", "::"], ["::1/128", "::1"], ["::ffff:0:0/96", "::ffff:8.8.8.8"], ["::ffff:0:0:0/96", "::ffff:0:808:808"],
    ["64:ff9b::/96", "64:ff9b::808:808"], ["64:ff9b:1::/48", "64:ff9b:1:ffff::1"], ["100::/64", "100::1"], ["100:0:0:1::/64", "100:0:0:1::1"],
    ["2001::/23", "2001:1ff::1"], ["2001::/32 (Teredo)", "2001:0:4136:e378::1"], ["2001:2::/48", "2001:2::1"], ["2001:20::/28", "2001:2f::1"],
    ["2001:db8::/32", "2001:db8:85a3::8a2e:370:7334"], ["2002::/16", "2002:808:808::1"], ["2620:4f:8000::/48", "2620:4f:8000::1"],
    ["3fff::/20", "3fff:fff::1"], ["5f00::/16", "5f00::1"], ["fc00::/7", "fdff::1"], ["fe80::/10", "febf::1"], ["fec0::/10", "fec0::1"], ["ff00::/8", "ff0e::1"],
  ])("refuses %s (%s)", (_range, address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it("allows public addresses right beside the special-purpose ranges", () => {
    for (const a of ["192.0.3.1", "192.88.98.255", "198.51.101.1", "203.0.114.1", "198.20.0.1", "100.128.0.1", "223.255.255.254", "2001:200::1", "2001:dc8::1", "2003::1", "2620:4f:8001::1", "3fff:1000::1", "2a00:1450:4001::1"]) {
      expect([a, isPublicAddress(a)]).toEqual([a, true]);
    }
  });

  it("has a working rule for every row of its table", () => {
    for (const [network, , family] of SPECIAL_PURPOSE) {
      const inside = family === "ipv4" ? network : network.replace(/::$/, "::1");
      expect([network, isPublicAddress(inside)]).toEqual([network, false]);
    }
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
    expect(await checkPublicHost("orders-acme.turso.io", answers("104.18.38.10", "2606:4700::6812:260a"))).toEqual({ ok: true, addresses: ["104.18.38.10", "2606:4700::6812:260a"] });
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
  it("says what the lookup found, not that the name does not exist: an offline resolver answers the same", async () => {
    expect(await checkPublicHost("gone.supabase.co", dnsError("ENOTFOUND"))).toMatchObject({ reason: "No address was found for gone.supabase.co; check the spelling." });
    expect(await checkPublicHost("x.supabase.co", dnsError("EAI_AGAIN"))).toMatchObject({ outcome: "provider_outage", reason: "The name x.supabase.co could not be looked up right now; try again in a moment." });
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
  it("asks for a full address, with the example, when the text does not parse", () => {
    expect(allowedOrigin(`${REF}.supabase.co`, host, "https://<project-ref>.supabase.co")).toEqual({ problem: "The URL should be a full address, like https://<project-ref>.supabase.co." });
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
  it("Supabase says a failed lookup left the credential unchecked, not rejected", async () => {
    const { ctx, fetch } = realOriginContext();
    const r = await createSupabase(dnsError("EAI_AGAIN")).validate(SUPABASE, ctx);
    expect(r).toMatchObject({ outcome: "provider_outage", reason: `The name ${REF}.supabase.co could not be looked up right now, so the credential was not checked. It was not rejected; try again in a moment.` });
    expect(fetch).not.toHaveBeenCalled();
  });
  it("Turso calls nothing when the database host resolves to a metadata address", async () => {
    const { ctx, fetch } = realOriginContext();
    expect((await createTurso(answers("169.254.169.254")).validate(TURSO, ctx)).outcome).toBe("invalid");
    expect(fetch).not.toHaveBeenCalled();
  });
  it("calls the user's https origin once its host resolves publicly, connecting only to the address it checked", async () => {
    const { ctx, fetch, pinned, pinnedFetchFor } = realOriginContext();
    await createTurso(answers("104.18.38.10")).validate(TURSO, ctx);
    expect(pinnedFetchFor).toHaveBeenCalledWith("orders-acme.turso.io", ["104.18.38.10"]);
    expect(pinned).toHaveBeenCalledWith("https://orders-acme.turso.io/v2/pipeline", expect.objectContaining({ redirect: "manual" }));
    expect(fetch).not.toHaveBeenCalled();
  });

  it("is not moved by a DNS server that answers public for the check and loopback afterwards (rebinding)", async () => {
    let asked = 0;
    const rebinding: Resolver = async () => (asked++ === 0 ? ["104.18.38.10"] : ["127.0.0.1"]);
    const { ctx, fetch, pinned, pinnedFetchFor } = realOriginContext();
    const r = await createSupabase(rebinding).validate(SUPABASE, ctx);
    expect(r.outcome).toBe("valid");
    // Two calls (one per key), one lookup: both connect to the address the check saw.
    expect(asked).toBe(1);
    expect(pinnedFetchFor.mock.calls).toEqual([[`${REF}.supabase.co`, ["104.18.38.10"]]]);
    expect(pinned).toHaveBeenCalledTimes(2);
    expect(fetch).not.toHaveBeenCalled();
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

describe("the pinned connection", () => {
  let server: Server;
  let port: number;
  const seen: { host?: string; servername?: string | false; path?: string; body: string }[] = [];
  beforeAll(async () => {
    server = createServer({ cert: REBIND_CERT, key: REBIND_KEY }, (req, res) => {
      let body = "";
      req.on("data", (c) => { body += c; });
      req.on("end", () => {
        seen.push({ host: req.headers.host, servername: (req.socket as unknown as { servername?: string | false }).servername, path: req.url, body });
        res.writeHead(req.url === "/moved" ? 302 : 200, { "content-type": "application/json", location: "https://elsewhere.example/" });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("goes to the checked address for a name DNS does not know, with the name as SNI and Host", async () => {
    const res = await pinnedFetch(REBIND_HOST, ["127.0.0.1"], { ca: REBIND_CERT })(`https://${REBIND_HOST}:${port}/v2/pipeline`, {
      method: "POST", headers: { "content-type": "application/json" }, body: "{\"q\":1}",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen.at(-1)).toEqual({ host: `${REBIND_HOST}:${port}`, servername: REBIND_HOST, path: "/v2/pipeline", body: "{\"q\":1}" });
  });

  it("still verifies the certificate against the host name, and refuses other hosts", async () => {
    const other = pinnedFetch("other.example", ["127.0.0.1"], { ca: REBIND_CERT });
    await expect(other(`https://other.example:${port}/`)).rejects.toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
    const untrusted = pinnedFetch(REBIND_HOST, ["127.0.0.1"]);
    await expect(untrusted(`https://${REBIND_HOST}:${port}/`)).rejects.toThrow();
    await expect(pinnedFetch(REBIND_HOST, ["127.0.0.1"], { ca: REBIND_CERT })(`https://other.example:${port}/`)).rejects.toThrow(/only the host/);
  });

  it("returns a redirect as it is, without following it", async () => {
    const res = await pinnedFetch(REBIND_HOST, ["127.0.0.1"], { ca: REBIND_CERT })(`https://${REBIND_HOST}:${port}/moved`);
    expect([res.status, res.headers.get("location")]).toEqual([302, "https://elsewhere.example/"]);
  });

  it("answers node's lookup in both forms with the checked addresses only", () => {
    const lookup = pinnedLookup("x.example", ["104.18.38.10", "2606:4700::1"]);
    const calls: unknown[][] = [];
    lookup("x.example", { all: true }, (...a: unknown[]) => calls.push(a));
    lookup("x.example", { family: 6 }, (...a: unknown[]) => calls.push(a));
    lookup("y.example", {}, (...a: unknown[]) => calls.push(a));
    expect(calls[0]).toEqual([null, [{ address: "104.18.38.10", family: 4 }, { address: "2606:4700::1", family: 6 }]]);
    expect(calls[1]).toEqual([null, "2606:4700::1", 6]);
    expect(calls[2][0]).toMatchObject({ code: "ENOTFOUND" });
  });
});
