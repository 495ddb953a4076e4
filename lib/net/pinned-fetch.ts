import "server-only";
import { request } from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { Readable } from "node:stream";

/**
 * A fetch whose connections go only to addresses already checked (lib/net/ssrf.ts): the name in
 * the URL is never looked up again, so a DNS server that answers a public address for the check
 * and a private one a moment later (DNS rebinding) cannot move the call. Built on node:https,
 * whose `lookup` option replaces name resolution for the socket while TLS still verifies the
 * certificate against the URL's host name (SNI and identity check use the host, not the address).
 * Node 20's bundled fetch takes no custom lookup without the separate undici package.
 *
 * Covers what provider checks use: https only, a string body, no redirects followed (a 3xx is
 * returned as it is, like redirect: "manual"), nothing cached, AbortSignal honoured.
 */
export function pinnedFetch(hostname: string, addresses: readonly string[], tls: { ca?: string } = {}): typeof fetch {
  if (addresses.length === 0 || !addresses.every((a) => isIP(a))) throw new Error("pinnedFetch needs checked IP addresses.");
  const lookup = pinnedLookup(hostname, addresses);
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.protocol !== "https:") return reject(new TypeError("pinnedFetch calls https URLs only."));
      if (url.hostname !== hostname) return reject(new TypeError("pinnedFetch calls only the host whose addresses were checked."));
      const headers = Object.fromEntries(new Headers(init.headers));
      const body = typeof init.body === "string" ? init.body : init.body == null ? undefined : null;
      if (body === null) return reject(new TypeError("pinnedFetch sends string bodies only."));
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      const req = request(url, {
        method: init.method ?? "GET",
        headers,
        lookup,
        // A fresh socket per call: a pooled one could have been opened for another checked host.
        agent: false,
        ca: tls.ca,
        signal: init.signal ?? undefined,
      }, (res) => {
        const status = res.statusCode ?? 0;
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, v);
        }
        const empty = status === 204 || status === 205 || status === 304 || init.method === "HEAD";
        try {
          if (empty) res.resume();
          resolve(new Response(empty ? null : (Readable.toWeb(res) as ReadableStream), { status, headers: responseHeaders }));
        } catch (error) {
          // A status outside 200-599 cannot be a Response; the caller treats it as unreachable.
          res.destroy();
          reject(error);
        }
      });
      req.on("error", reject);
      req.end(body);
    });
}

/**
 * A lookup that answers the checked host's name with its checked addresses, in both forms node
 * calls it (one address, or all of them when it tries each family in turn), and refuses any other name.
 */
export function pinnedLookup(hostname: string, addresses: readonly string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  return (name, options, callback) => {
    const asked = typeof options === "object" && options ? options.family : undefined;
    const family = asked === "IPv4" ? 4 : asked === "IPv6" ? 6 : asked;
    const wanted = family === 4 || family === 6 ? entries.filter((e) => e.family === family) : entries;
    if (name !== hostname || wanted.length === 0) {
      callback(Object.assign(new Error(`No checked address for ${name}.`), { code: "ENOTFOUND" }), "", 0);
      return;
    }
    if (typeof options === "object" && options?.all) (callback as unknown as (e: null, a: typeof wanted) => void)(null, wanted);
    else callback(null, wanted[0].address, wanted[0].family);
  };
}
