import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback provider API for the agent proxy, reached through the operator override
 * PROVIDER_BASE_URL_<ID> as every provider fake is. Besides OpenAI's GET /v1/models (Bearer key)
 * (and Anthropic's 400 for a call without `anthropic-version`) it answers what a proxy must survive: a redirect to another host, a provider echoing the key in
 * a header and the body, a session cookie, a large streamed body, a body echoed back.
 */
export interface UpstreamRequest {
  method: string;
  /** Path and query exactly as received. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface UpstreamFake {
  url: string;
  requests: UpstreamRequest[];
  /** Bearer tokens (or x-api-key values) the fake accepts. */
  keys: Set<string>;
  close(): Promise<void>;
}

export const STREAM_CHUNKS = 64;
export const STREAM_CHUNK = "x".repeat(16 * 1024);

export async function startUpstreamFake(): Promise<UpstreamFake> {
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const path = req.url ?? "/";
    fake.requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });
    const pathname = new URL(path, "http://fake").pathname;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? (typeof req.headers["x-api-key"] === "string" ? req.headers["x-api-key"] : "");
    if (!fake.keys.has(bearer)) {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Incorrect API key provided.", code: "invalid_api_key" } }));
      return;
    }
    if (typeof req.headers["x-api-key"] === "string" && !req.headers["anthropic-version"]) {
      // Anthropic's API refuses every call that does not name a version.
      res.writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ type: "error", error: { type: "invalid_request_error", message: "anthropic-version: header is required" } }));
    } else if (pathname === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_fake" })
        .end(JSON.stringify({ object: "list", data: [{ id: "gpt-4o", object: "model", owned_by: "system" }] }));
    } else if (pathname === "/v1/redirect") {
      res.writeHead(302, { location: "http://elsewhere.example/steal" }).end();
    } else if (pathname === "/v1/echo") {
      // A provider that quotes the credential back (debug endpoints, some error messages do).
      res.writeHead(200, { "content-type": "application/json", "x-echo-key": bearer, "set-cookie": "session=abc; HttpOnly" })
        .end(JSON.stringify({ you_sent: req.headers.authorization, key: bearer, method: req.method, body }));
    } else if (pathname === "/v1/stream") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      for (let i = 0; i < STREAM_CHUNKS; i++) {
        // Split the key across a chunk boundary in the middle of the stream.
        if (i === STREAM_CHUNKS / 2) {
          res.write(bearer.slice(0, 5));
          await new Promise((r) => setTimeout(r, 1));
          res.write(bearer.slice(5));
        }
        res.write(STREAM_CHUNK);
      }
      res.end();
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Not found" } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const fake: UpstreamFake = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: [],
    keys: new Set(),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return fake;
}
