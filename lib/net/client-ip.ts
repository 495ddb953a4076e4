import { isIP } from "node:net";
import { env } from "@/lib/env";
import { PEER_HEADER, peerHeaderInstalled } from "./peer-address";

/** Which request headers may name the caller: set by the operator (TRUST_PROXY_HOPS), or Vercel's own. */
export interface ProxyTrust {
  /** Proxies of the operator's in front of Switchboard, each appending to X-Forwarded-For; 0 for none. */
  trustProxyHops: number;
  /** On Vercel, whose edge sets x-real-ip itself and overwrites what a client sent. */
  vercel: boolean;
}

const fromEnv = (): ProxyTrust => ({ trustProxyHops: env.TRUST_PROXY_HOPS, vercel: env.VERCEL });

/**
 * The caller's address for the audit trail and per-address limits, or null when it cannot be known
 * (an unforgeable null rather than a forgeable address). Without a trusted proxy it is the socket's
 * own address, which lib/net/peer-address.ts copies into a header no client can set; with N trusted
 * proxies it is the Nth X-Forwarded-For entry from the right: the right-most was added by the
 * nearest proxy, and entries further left than the Nth came from the client and can say anything.
 */
export function clientIp(header: (name: string) => string | null | undefined, trust: ProxyTrust = fromEnv()): string | null {
  if (trust.vercel) return address(header("x-real-ip")) ?? address(header("x-vercel-forwarded-for")?.split(",")[0]);
  if (trust.trustProxyHops > 0) {
    const hops = header("x-forwarded-for")?.split(",").map((h) => h.trim()).filter(Boolean) ?? [];
    // Fewer entries than proxies: the left-most was still written by one of the operator's proxies.
    return address(hops[Math.max(0, hops.length - trust.trustProxyHops)]);
  }
  return peerHeaderInstalled() ? address(header(PEER_HEADER)) : null;
}

/** An IP address in one spelling (an IPv4 client of a dual-stack socket is ::ffff:a.b.c.d), else null. */
function address(value: string | null | undefined): string | null {
  const v = value?.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1") ?? "";
  return isIP(v) ? v.toLowerCase() : null;
}
