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
const ranges: [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"], // "this network": 0.0.0.0 reaches localhost on Linux
  ["10.0.0.0", 8, "ipv4"], ["172.16.0.0", 12, "ipv4"], ["192.168.0.0", 16, "ipv4"], // RFC 1918
  ["100.64.0.0", 10, "ipv4"], // CGNAT, used for internal networks by several clouds
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"], // link-local, home of the cloud metadata service 169.254.169.254
  ["192.0.0.0", 24, "ipv4"], ["198.18.0.0", 15, "ipv4"], ["224.0.0.0", 3, "ipv4"], // IETF, benchmarking, multicast, reserved
  ["::", 96, "ipv6"], // unspecified, loopback and the deprecated IPv4-compatible form
  ["::ffff:0:0", 96, "ipv6"], // IPv4-mapped: refused whatever it wraps, public DNS never needs it
  ["64:ff9b::", 96, "ipv6"], ["64:ff9b:1::", 48, "ipv6"], // NAT64 would reach an IPv4 address of the translator's choosing
  ["2002::", 16, "ipv6"], ["2001::", 32, "ipv6"], // 6to4 and Teredo embed IPv4 addresses too
  ["fc00::", 7, "ipv6"], // unique local (AWS metadata is fd00:ec2::254)
  ["fe80::", 10, "ipv6"], ["fec0::", 10, "ipv6"], ["ff00::", 8, "ipv6"], // link-local, site-local, multicast
];
for (const [network, prefix, family] of ranges) blocked[family].addSubnet(network, prefix, family);

/** True only for a unicast address on the public internet. */
export function isPublicAddress(address: string): boolean {
  // A zone id (fe80::1%eth0) only exists on scoped, hence local, addresses.
  if (address.includes("%")) return false;
  const family = isIP(address);
  if (family === 0) return false;
  const name = family === 4 ? "ipv4" : "ipv6";
  return !blocked[name].check(address, name);
}

export type HostCheck = { ok: true } | { ok: false; outcome: "invalid" | "provider_outage"; reason: string };

/** Refuses the host unless every answer is public: the connection may use any of them. */
export async function checkPublicHost(hostname: string, resolve: Resolver = systemResolver): Promise<HostCheck> {
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ENOTFOUND" || code === "ENODATA") return { ok: false, outcome: "invalid", reason: `${host} does not exist; check the URL.` };
    return { ok: false, outcome: "provider_outage", reason: `${host} could not be looked up just now, so the credential was not checked. It was not rejected; try again later.` };
  }
  if (addresses.length === 0) return { ok: false, outcome: "invalid", reason: `${host} does not exist; check the URL.` };
  // The address is not quoted: with split-horizon DNS it would disclose our internal network.
  if (!addresses.every(isPublicAddress)) {
    return { ok: false, outcome: "invalid", reason: `${host} resolves to a private or reserved network address, so Switchboard will not call it.` };
  }
  return { ok: true };
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
    return { problem: `This is not a URL. It should look like ${example}.` };
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
 * Where to send a check whose origin the user supplied (already through allowedOrigin).
 * fetch resolves the name again, so a rebinding DNS server could still answer differently; that
 * needs control of the provider's own zone, as only its domains pass allowedOrigin.
 */
export async function userOriginTarget(
  ctx: ValidationContext, userOrigin: string, resolve: Resolver = systemResolver,
): Promise<{ origin: string } | { failure: CheckResult }> {
  const origin = ctx.baseUrl(userOrigin);
  // Under the operator override PROVIDER_BASE_URL_<ID> the request goes to the operator's origin
  // and never to the user's host, so that host's DNS answers cannot steer it; resolving it anyway
  // would only make the loopback tests depend on real DNS.
  if (origin !== userOrigin) return { origin };
  const host = await checkPublicHost(new URL(userOrigin).hostname, resolve);
  return host.ok ? { origin } : { failure: { outcome: host.outcome, reason: host.reason } };
}
