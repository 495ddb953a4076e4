import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { REBIND_CERT, REBIND_HOST, REBIND_KEY } from "./tls-fixture";

export interface Received { path: string; headers: Record<string, string>; body: string }

/**
 * A loopback HTTPS receiver for outgoing webhooks, at https://rebind.example:<port>/ (the
 * pinned-connection certificate). What it answers depends on the path:
 *   /ok 200 · /fail 500 · /gone 410 · /busy 429 with Retry-After: 120 · /unavailable 503 with
 *   Retry-After as an HTTP date 90 s ahead · /hang never answers · /says 400 with the text given to say().
 * Every request is recorded before it is answered.
 */
export async function startWebhookReceiver() {
  const received: Received[] = [];
  const hanging = new Set<import("node:http").ServerResponse>();
  const waiters: { n: number; resolve: () => void }[] = [];
  // The next `holdCount` requests to /ok... are parked unanswered until release(): an attempt in flight, for as long as a test needs.
  let holdCount = 0;
  const held: import("node:http").ServerResponse[] = [];
  let saying = "";
  const server: Server = createServer({ cert: REBIND_CERT, key: REBIND_KEY }, (req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v ?? ""]));
      received.push({ path: req.url ?? "/", headers, body });
      for (const w of waiters.filter((w) => received.length >= w.n)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
      const path = (req.url ?? "/").split("?")[0];
      if (path === "/hang") { hanging.add(res); return; }
      if (path === "/says") return void res.writeHead(400, { "content-type": "text/plain" }).end(saying);
      if ((path === "/ok" || path.startsWith("/ok/")) && holdCount > 0) { holdCount--; held.push(res); return; }
      if (path === "/ok" || path.startsWith("/ok/")) return void res.writeHead(200, { "content-type": "text/plain" }).end("thanks, got it");
      if (path === "/gone") return void res.writeHead(410).end("gone for good");
      if (path === "/busy") return void res.writeHead(429, { "retry-after": "120" }).end("slow down");
      if (path === "/unavailable") return void res.writeHead(503, { "retry-after": new Date(Date.now() + 90_000).toUTCString() }).end();
      res.writeHead(500).end("x".repeat(2000));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path: string) => `https://${REBIND_HOST}:${port}${path}`,
    received,
    hold: (n: number) => { holdCount = n; },
    /** What /says answers from now on. */
    say: (text: string) => { saying = text; },
    release: () => { for (const res of held.splice(0)) res.writeHead(200).end("thanks, got it"); },
    /** Resolves once n requests in all have arrived. */
    waitFor: (n: number) => new Promise<void>((resolve) => (received.length >= n ? resolve() : waiters.push({ n, resolve }))),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
