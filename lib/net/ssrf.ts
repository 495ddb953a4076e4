import "server-only";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import type { CheckResult, ValidationContext } from "@/lib/providers/types";

/**
 * Guard for validation calls that go to a user-supplied URL (Supabase, Turso). The provider's
 * domain allowlist comes first; resolving the host then catches names under that domain whose DNS
 * answers point inside our network, which the name alone cannot reveal.
 */

/** Every address a hostname resolves to. Injectable so tests can play a hostile DNS server. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

// One list per family: Node matches IPv4 addresses against IPv6 rules in the IPv4-mapped range,
// which would make ::ffff:0:0/96 refuse every IPv4 address.
const blocked = { ipv4: new BlockList(), ipv6: new BlockList() };
/**
 * Every entry of the IANA IPv4 and IPv6 special-purpose address registries, whatever its
 * "globally reachable" column says (none is where a provider's API lives), plus multicast and the
 * reserved blocks. Exported for the test that walks the table.
 */
export const SPECIAL_PURPOSE: readonly [network: string, prefix: number, family: "ipv4" | "ipv6", what: string][] = [
  ["0.0.0.0", 8, "ipv4", "this network (0.0.0.0 reaches localhost on Linux)"],
  ["10.0.0.0", 8, "ipv4", "private use"],
  ["100.64.0.0", 10, "ipv4", "shared address space (CGNAT, internal networks of several clouds)"],
  ["127.0.0.0", 8, "ipv4", "loopback"],
  ["169.254.0.0", 16, "ipv4", "link-local, home of the metadata service 169.254.169.254"],
  ["172.16.0.0", 12, "ipv4", "private use"],
  ["192.0.0.0", 24, "ipv4", "IETF protocol assignments"],
  ["192.0.2.0", 24, "ipv4", "documentation (TEST-NET-1)"],
  ["192.31.196.0", 24, "ipv4", "AS112-v4"],
  ["192.52.193.0", 24, "ipv4", "AMT"],
  ["192.88.99.0", 24, "ipv4", "deprecated 6to4 relay anycast"],
  ["192.168.0.0", 16, "ipv4", "private use"],
  ["192.175.48.0", 24, "ipv4", "direct delegation AS112 service"],
  ["198.18.0.0", 15, "ipv4", "benchmarking"],
  ["198.51.100.0", 24, "ipv4", "documentation (TEST-NET-2)"],
  ["203.0.113.0", 24, "ipv4", "documentation (TEST-NET-3)"],
  ["224.0.0.0", 4, "ipv4", "multicast"],
  ["240.0.0.0", 4, "ipv4", "reserved, and the limited broadcast 255.255.255.255"],
  // IPv6 global unicast is 2000::/3; these three cover everything else, among it ::/128, ::1,
  // ::/96 (IPv4-compatible), ::ffff:0:0/96 (IPv4-mapped, refused whatever it wraps: public DNS
  // never answers with it), ::ffff:0:0:0/96 (IPv4-translated), 64:ff9b::/96 and 64:ff9b:1::/48
  // (NAT64, which would reach an IPv4 address of the translator's choosing), 100::/64 (discard),
  // 5f00::/16 (SRv6), fc00::/7 (unique local; AWS metadata is fd00:ec2::254), fe80::/10, fec0::/10
  // and ff00::/8.
  ["::", 3, "ipv6", "outside global unicast 2000::/3"],
  ["4000::", 2, "ipv6", "outside global unicast 2000::/3"],
  ["8000::", 1, "ipv6", "outside global unicast 2000::/3"],
  ["2001::", 23, "ipv6", "IETF protocol assignments (Teredo 2001::/32 embeds an IPv4 address)"],
  ["2001:db8::", 32, "ipv6", "documentation"],
  ["2002::", 16, "ipv6", "6to4, which embeds an IPv4 address"],
  ["2620:4f:8000::", 48, "ipv6", "direct delegation AS112 service"],
  ["3fff::", 20, "ipv6", "documentation"],
];
for (const [network, prefix, family] of SPECIAL_PURPOSE) blocked[family].addSubnet(network, prefix, family);

/** True only for a unicast address on the public internet. */
export function isPublicAddress(address: string): boolean {
  // A zone id (fe80::1%eth0) only exists on scoped, hence local, addresses.
  if (address.includes("%")) return false;
  const family = isIP(address);
  if (family === 0) return false;
  const name = family === 4 ? "ipv4" : "ipv6";
  return !blocked[name].check(address, name);
}

const noAddress = (host: string) => `No address was found for ${host}; check the spelling.`;

export type HostCheck = { ok: true; addresses: string[] } | { ok: false; outcome: "invalid" | "provider_outage"; reason: string };

/** Refuses the host unless every answer is public: the connection may use any of them. */
export async function checkPublicHost(hostname: string, resolve: Resolver = systemResolver): Promise<HostCheck> {
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    // ENOTFOUND (getaddrinfo's EAI_NONAME and EAI_NODATA) and ENODATA say the answer was "no
    // address", which is all we know: the sentence must not claim the name does not exist, since a
    // resolver that cannot reach the internet can answer the same way. Anything else (EAI_AGAIN,
    // ETIMEOUT, ESERVFAIL, a refused resolver) is a lookup that failed, not an answer.
    if (code === "ENOTFOUND" || code === "ENODATA") return { ok: false, outcome: "invalid", reason: noAddress(host) };
    return { ok: false, outcome: "provider_outage", reason: `The name ${host} could not be looked up right now; try again in a moment.` };
  }
  if (addresses.length === 0) return { ok: false, outcome: "invalid", reason: noAddress(host) };
  // The address is not quoted: with split-horizon DNS it would disclose our internal network.
  if (!addresses.every(isPublicAddress)) {
    return { ok: false, outcome: "invalid", reason: `${host} resolves to a private or reserved network address, so Switchboard will not call it.` };
  }
  return { ok: true, addresses };
}

/**
 * The origin of a user-supplied URL when it is plain https on a host the provider owns, else the
 * sentence saying why not. No credentials, ports, paths or queries: they could reroute the call.
 */
export function allowedOrigin(text: string, hostPattern: RegExp, example: string): { origin: string; hostname: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Said the same way as a webhook URL that does not parse (lib/requests/callback.ts).
    return { problem: `The URL should be a full address, like ${example}.` };
  }
  if (url.protocol !== "https:") return { problem: `Use the https:// address, like ${example}.` };
  if (url.username || url.password) return { problem: `Remove the user name or password from the URL; it should look like ${example}.` };
  if (!hostPattern.test(url.hostname)) {
    return { problem: `Switchboard only calls the provider's own domain; the URL should look like ${example}.` };
  }
  if (url.port) return { problem: `Remove the port from the URL; it should look like ${example}.` };
  if (url.pathname !== "/" || url.search || url.hash) return { problem: `Paste only the address, without a path or query, like ${example}.` };
  return { origin: url.origin, hostname: url.hostname };
}

/**
 * Where and how to send a check whose origin the user supplied (already through allowedOrigin):
 * the returned context's fetch connects only to the addresses that were checked, so a rebinding
 * DNS server cannot answer a public address here and a private one when the call connects.
 */
export async function userOriginTarget(
  ctx: ValidationContext, userOrigin: string, resolve: Resolver = systemResolver,
): Promise<{ origin: string; ctx: ValidationContext } | { failure: CheckResult }> {
  const origin = ctx.baseUrl(userOrigin);
  // Under the operator override PROVIDER_BASE_URL_<ID> the request goes to the operator's origin
  // and never to the user's host, so that host's DNS answers cannot steer it; resolving it anyway
  // would only make the loopback tests depend on real DNS.
  if (origin !== userOrigin) return { origin, ctx };
  const hostname = new URL(userOrigin).hostname;
  const host = await checkPublicHost(hostname, resolve);
  // A failed lookup is not the credential's fault: say that it was neither checked nor rejected.
  if (!host.ok && host.outcome === "provider_outage") {
    return { failure: { outcome: host.outcome, reason: `The name ${hostname} could not be looked up right now, so the credential was not checked. It was not rejected; try again in a moment.` } };
  }
  if (!host.ok) return { failure: { outcome: host.outcome, reason: host.reason } };
  return { origin, ctx: { ...ctx, fetch: ctx.pinnedFetch(hostname, host.addresses) } };
}
