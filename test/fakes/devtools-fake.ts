import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as replies from "./devtools-fake-replies";
import type { DevtoolsBehaviour, Reply } from "./devtools-fake-replies";

export type { DevtoolsBehaviour } from "./devtools-fake-replies";

/**
 * Loopback stand-in for GitHub, Vercel, Netlify, Resend, SendGrid, Twilio and Google's OAuth
 * token endpoint. All hosts share one origin, as with the PROVIDER_BASE_URL_<ID> override; the
 * path picks the provider. The behaviour comes from the secret: the Bearer token, the password
 * half of Twilio's Basic auth, or Google's client_secret. Unregistered secrets are invalid.
 */
export interface DevtoolsRequest {
  method: string;
  /** Path and query exactly as received: tests assert no secret ever appears here. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Twilio's Basic auth, decoded, so tests can check which pair was sent. */
  basic?: { user: string; pass: string };
}

export interface DevtoolsFake {
  url: string;
  keys: Map<string, DevtoolsBehaviour>;
  requests: DevtoolsRequest[];
  /** Sent as Retry-After with every 429. */
  retryAfterSeconds: number;
  /** GitHub repositories ("owner/name") a valid token may manage; others answer 404, as GitHub does. */
  repos: Set<string>;
  /** Repository webhooks created through the API, with the secret each was given. */
  repoHooks: { id: number; repo: string; url: string; events: string[]; secret: string; token: string }[];
  close(): Promise<void>;
}

const TRUNCATED = '{"data":[{"id":"';
const OUTAGE: Reply = { status: 503, raw: "<html><body><h1>503 Service Unavailable</h1></body></html>", type: "text/html" };

function decodeBasic(header: string | undefined): DevtoolsRequest["basic"] {
  const m = /^Basic (.+)$/.exec(header ?? "");
  if (!m) return undefined;
  const text = Buffer.from(m[1], "base64").toString("utf8");
  const at = text.indexOf(":");
  return at < 0 ? undefined : { user: text.slice(0, at), pass: text.slice(at + 1) };
}

function route(fake: DevtoolsFake, req: DevtoolsRequest, pathname: string): Reply {
  // Only Google's token endpoint takes a form (its client_secret is the credential); other POSTs carry a Bearer token.
  const form = req.method === "POST" && pathname === "/token" ? new URLSearchParams(req.body) : undefined;
  const secret = form ? (form.get("client_secret") ?? "") : (req.basic?.pass ?? (req.headers.authorization ?? "").replace(/^Bearer /, ""));
  const known = fake.keys.get(secret);
  const b = known ?? "invalid";
  if (b === "hang") return "hang";
  if (b === "malformed") return { status: 200, raw: TRUNCATED, type: "application/json" };
  if (b === "outage") return OUTAGE;
  if (form && pathname === "/token") return replies.googleToken(known, form);
  if (pathname === "/user") return replies.github(b, req.headers["x-github-api-version"]);
  const hooks = /^\/repos\/([^/]+\/[^/]+)\/hooks$/.exec(pathname);
  if (hooks) return repoHooks(fake, req, hooks[1], secret, b);
  if (pathname === "/v2/user" || pathname === "/v5/user/tokens/current") return replies.vercel(b, pathname);
  if (pathname === "/api/v1/user") return replies.netlify(b);
  if (pathname === "/domains") return replies.resend(b, req.headers["user-agent"]);
  if (pathname === "/v3/scopes") return replies.sendgrid(b);
  if (/^\/2010-04-01\/Accounts\/AC[0-9a-fA-F]{32}(\/Balance)?\.json$/.test(pathname)) {
    // Twilio answers 20003 unless the Basic auth carries an SID (AC… or SK…) with the secret.
    return req.basic && /^(AC|SK)[0-9a-fA-F]{32}$/.test(req.basic.user) ? replies.twilio(b, pathname) : replies.twilio("invalid", pathname);
  }
  return { status: 404, body: { message: "Not Found" } };
}

export async function startDevtoolsFake(options: { port?: number; keys?: Record<string, DevtoolsBehaviour> } = {}): Promise<DevtoolsFake> {
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const path = req.url ?? "/";
    const record: DevtoolsRequest = { method: req.method ?? "GET", path, headers: req.headers, body, basic: decodeBasic(req.headers.authorization) };
    fake.requests.push(record);
    send(res, route(fake, record, new URL(path, "http://fake").pathname), fake.retryAfterSeconds);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const fake: DevtoolsFake = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys: new Map(Object.entries(options.keys ?? {})),
    requests: [],
    retryAfterSeconds: 7,
    repos: new Set(),
    repoHooks: [],
    // Hung responses keep their sockets open; closeAllConnections ends them so close() resolves.
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return fake;
}

/** GitHub's repository webhooks API: list (config without the secret) and create (201). */
function repoHooks(fake: DevtoolsFake, req: DevtoolsRequest, repo: string, token: string, b: DevtoolsBehaviour): Reply {
  if (b !== "valid") return { status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" } };
  if (!fake.repos.has(repo)) return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest/repos/webhooks" } };
  const view = (h: DevtoolsFake["repoHooks"][number]) => ({ type: "Repository", id: h.id, name: "web", active: true, events: h.events, config: { url: h.url, content_type: "json", insecure_ssl: "0" } });
  if (req.method === "GET") return { status: 200, body: fake.repoHooks.filter((h) => h.repo === repo).map(view) };
  if (req.method !== "POST") return { status: 404, body: { message: "Not Found" } };
  let input: { name?: string; events?: string[]; config?: { url?: string; secret?: string } };
  try { input = JSON.parse(req.body); } catch { return { status: 400, body: { message: "Problems parsing JSON" } }; }
  const url = input.config?.url;
  if (input.name !== "web" || !url || !Array.isArray(input.events)) return { status: 422, body: { message: "Validation Failed" } };
  if (fake.repoHooks.some((h) => h.repo === repo && h.url === url)) return { status: 422, body: { message: "Validation Failed", errors: [{ message: "Hook already exists on this repository" }] } };
  const hook = { id: 1000 + fake.repoHooks.length, repo, url, events: input.events, secret: input.config?.secret ?? "", token };
  fake.repoHooks.push(hook);
  return { status: 201, body: view(hook) };
}

function send(res: ServerResponse, reply: Reply, retryAfterSeconds: number) {
  if (reply === "hang") return; // Hold the socket: the client's timeout must fire.
  const headers: Record<string, string> = { "content-type": reply.type ?? "application/json", ...reply.headers };
  if (reply.status === 429) headers["retry-after"] = String(retryAfterSeconds);
  res.writeHead(reply.status, headers).end(reply.raw ?? JSON.stringify(reply.body));
}
