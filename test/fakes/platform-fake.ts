import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as replies from "./platform-replies";
import type { PlatformBehaviour, Reply } from "./platform-replies";

export type { PlatformBehaviour } from "./platform-replies";

/**
 * Loopback stand-in for RunPod (REST v2's endpoint list, the key check), AWS STS (query protocol, XML), Cloudflare, Stripe,
 * Supabase and Turso, all on one origin as with PROVIDER_BASE_URL_<ID>. A request is matched to
 * its credential the way the provider reads it (Bearer, apikey, the SigV4 Credential key id);
 * credentials not registered in `keys` are invalid.
 */
export interface PlatformRequest {
  method: string;
  /** Path and query, exactly as received: tests assert no credential ever appears here. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface PlatformFake {
  url: string;
  keys: Map<string, PlatformBehaviour>;
  requests: PlatformRequest[];
  /** Sent as Retry-After with every 429. */
  retryAfterSeconds: number;
  close(): Promise<void>;
}

const TRUNCATED_JSON = '{"data":{"myself":{"id":"user_';
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]{20})\/\d{8}\/us-east-1\/sts\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/;
const CF_VERIFY = /^\/client\/v4\/(user|accounts\/[0-9a-f]{32})\/tokens\/verify$/;

type Route = { credential: string | undefined; answer: (b: PlatformBehaviour, credential: string) => Reply };

function route(method: string, pathname: string, headers: IncomingHttpHeaders, body: string): Route | undefined {
  const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? "")?.[1];
  if (method === "GET" && pathname === "/v2/serverless") return { credential: bearer, answer: (b) => replies.runpod(b) };
  if (method === "POST" && pathname === "/" && body === "Action=GetCallerIdentity&Version=2011-06-15") {
    const keyId = SIGV4.exec(headers.authorization ?? "")?.[1];
    // Temporary (ASIA) keys are unknown to STS without their session token.
    const token = headers["x-amz-security-token"];
    const missingToken = keyId?.startsWith("ASIA") && !token;
    return { credential: missingToken ? undefined : keyId, answer: (b) => replies.sts(b, keyId ?? "") };
  }
  // GetSessionToken and AssumeRole (agents' derived reveals): the same SigV4 check, parameters in the form body.
  const form = method === "POST" && pathname === "/" ? new URLSearchParams(body) : null;
  if (form && (form.get("Action") === "GetSessionToken" || form.get("Action") === "AssumeRole") && form.get("Version") === "2011-06-15") {
    const keyId = SIGV4.exec(headers.authorization ?? "")?.[1];
    const missingToken = keyId?.startsWith("ASIA") && !headers["x-amz-security-token"];
    return { credential: missingToken ? undefined : keyId, answer: (b) => replies.stsSession(b, form) };
  }
  if (method === "GET" && CF_VERIFY.test(pathname)) return { credential: bearer, answer: (b) => replies.cloudflare(b) };
  if (method === "GET" && pathname === "/v1/balance") return { credential: bearer, answer: (b, key) => replies.stripe(b, key) };
  if (method === "GET" && pathname === "/auth/v1/settings") {
    const apikey = typeof headers.apikey === "string" ? headers.apikey : undefined;
    return { credential: apikey, answer: (b) => replies.supabase(b, apikey) };
  }
  if (method === "POST" && pathname === "/v2/pipeline") return { credential: bearer, answer: (b) => replies.turso(b, body) };
  return undefined;
}

export async function startPlatformFake(options: { keys?: Record<string, PlatformBehaviour> } = {}): Promise<PlatformFake> {
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const path = req.url ?? "/";
    const method = req.method ?? "GET";
    fake.requests.push({ method, path, headers: req.headers, body });
    const pathname = new URL(path, "http://fake").pathname;
    const found = route(method, pathname, req.headers, body);
    if (!found) return send(res, { status: 404, body: { message: "Not found" } }, fake.retryAfterSeconds);
    const credential = found.credential ?? "";
    const behaviour = fake.keys.get(credential) ?? "invalid";
    let reply: Reply;
    if (behaviour === "hang") reply = "hang";
    else if (behaviour === "redirect") reply = { status: 302, location: `${fake.url}/leak`, raw: "" };
    else if (behaviour === "malformed" && pathname !== "/") reply = { status: 200, raw: TRUNCATED_JSON, type: "application/json" };
    else reply = found.answer(behaviour, credential);
    send(res, reply, fake.retryAfterSeconds);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const fake: PlatformFake = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys: new Map(Object.entries(options.keys ?? {})),
    requests: [],
    retryAfterSeconds: 7,
    // Hung responses keep their sockets open; closeAllConnections ends them so close() resolves.
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return fake;
}

function send(res: ServerResponse, reply: Reply, retryAfterSeconds: number) {
  if (reply === "hang") return; // Hold the socket: the client's timeout must fire.
  const headers: Record<string, string> = { "content-type": reply.type ?? "application/json" };
  if (reply.status === 429) headers["retry-after"] = String(retryAfterSeconds);
  if (reply.location) headers.location = reply.location;
  res.writeHead(reply.status, headers).end(reply.raw ?? JSON.stringify(reply.body));
}
