import { request, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { clientIp, type ProxyTrust } from "@/lib/net/client-ip";
import { installPeerHeader, PEER_HEADER } from "@/lib/net/peer-address";
import { parseEnv } from "@/lib/env-schema";

const headers = (h: Record<string, string>) => (n: string) => h[n] ?? null;
const direct: ProxyTrust = { trustProxyHops: 0, vercel: false };

describe("the caller's address", () => {
  it("ignores forwarded headers when no proxy is trusted, and knows no address without the socket's", () => {
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.6", [PEER_HEADER]: "6.6.6.6" }), direct)).toBeNull();
  });

  it("with N trusted proxies takes the Nth X-Forwarded-For entry from the right", () => {
    const xff = { "x-forwarded-for": "6.6.6.6, 198.51.100.2, 10.0.0.5" };
    expect(clientIp(headers(xff), { trustProxyHops: 1, vercel: false })).toBe("10.0.0.5");
    expect(clientIp(headers(xff), { trustProxyHops: 2, vercel: false })).toBe("198.51.100.2");
    expect(clientIp(headers({ "x-forwarded-for": "198.51.100.2" }), { trustProxyHops: 2, vercel: false })).toBe("198.51.100.2");
    expect(clientIp(headers({ "x-forwarded-for": "::ffff:198.51.100.2" }), { trustProxyHops: 1, vercel: false })).toBe("198.51.100.2");
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6, <script>" }), { trustProxyHops: 1, vercel: false })).toBeNull();
    expect(clientIp(headers({}), { trustProxyHops: 1, vercel: false })).toBeNull();
  });

  it("on Vercel takes x-real-ip, which Vercel's edge writes, not X-Forwarded-For", () => {
    const vercel = { trustProxyHops: 0, vercel: true };
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6", "x-real-ip": "198.51.100.9" }), vercel)).toBe("198.51.100.9");
    expect(clientIp(headers({ "x-vercel-forwarded-for": "198.51.100.9, 10.0.0.1" }), vercel)).toBe("198.51.100.9");
  });

  it("reads the operator's setting from the environment, refusing what is not a count", () => {
    expect(parseEnv({}).TRUST_PROXY_HOPS).toBe(0);
    expect(parseEnv({ TRUST_PROXY_HOPS: "2" }).TRUST_PROXY_HOPS).toBe(2);
    expect(parseEnv({ VERCEL: "1" }).VERCEL).toBe(true);
    expect(parseEnv({}).VERCEL).toBe(false);
    expect(() => parseEnv({ TRUST_PROXY_HOPS: "yes" })).toThrow(/TRUST_PROXY_HOPS must be a whole number/);
  });
});

describe("the socket's address under next start", () => {
  let server: Server;
  let uninstall: () => void;
  const seen: (string | null)[] = [];
  beforeAll(async () => {
    uninstall = installPeerHeader();
    server = createServer((req, res) => {
      seen.push(clientIp((n) => {
        const v = req.headers[n];
        return Array.isArray(v) ? v.join(", ") : v;
      }, direct));
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  });
  afterAll(async () => {
    uninstall();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it("is what the audit trail records, whatever the client claims in X-Forwarded-For or in our own header", async () => {
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      request({ host: "127.0.0.1", port, headers: { "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.6", [PEER_HEADER]: "6.6.6.6" } }, (res) => {
        res.resume();
        res.on("end", resolve);
      }).on("error", reject).end();
    });
    expect(seen).toEqual(["127.0.0.1"]);
  });
});
