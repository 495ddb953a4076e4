import { createPublicKey, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from "jose";

/**
 * Loopback stand-in for OpenAI, Anthropic and Google (OAuth token + Resource Manager), answering
 * with the bodies and statuses documented in docs/providers.md. All hosts share one origin, as
 * with the PROVIDER_BASE_URL_<ID> override. Unregistered keys are treated as invalid.
 */
export type FakeBehaviour = "valid" | "invalid" | "insufficient" | "rate_limited" | "outage" | "hang" | "malformed" | "quota" | "disabled";

export interface FakeRequest {
  method: string;
  /** Path and query, exactly as received: tests assert no key ever appears here. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ProviderFake {
  url: string;
  /** Credential → behaviour. For Google the credential is the whole service-account JSON text. */
  keys: Map<string, FakeBehaviour>;
  requests: FakeRequest[];
  /** Sent as Retry-After with every 429. */
  retryAfterSeconds: number;
  close(): Promise<void>;
}

type Reply = { status: number; body?: unknown; raw?: string; type?: string } | "hang";

const GOOGLE_AUDIENCE = "https://oauth2.googleapis.com/token";
const TRUNCATED = '{"object":"list","data":[{"id":"gpt-';
const created = 1_700_000_000;

function openai(b: FakeBehaviour, key: string): Reply {
  const error = (status: number, message: string, type: string, code: string | null): Reply => ({ status, body: { error: { message, type, param: null, code } } });
  if (b === "valid") {
    const data = [["gpt-4o", "system"], ["gpt-4o-mini", "system"], ["text-embedding-3-small", "system"], ["ft:gpt-4o-mini:acme::B1x2", "org-fakeacme"]];
    return { status: 200, body: { object: "list", data: data.map(([id, owned_by]) => ({ id, object: "model", created, owned_by })) } };
  }
  if (b === "insufficient") {
    return error(401, "You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.", "invalid_request_error", null);
  }
  if (b === "rate_limited") return error(429, "Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded");
  if (b === "quota") return error(429, "You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota");
  if (b === "outage") return error(503, "The server is overloaded or not ready yet.", "server_error", null);
  // OpenAI echoes a masked form of the key it rejected.
  const masked = `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
  return error(401, `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`, "invalid_request_error", "invalid_api_key");
}

function anthropic(b: FakeBehaviour, path: string, version: unknown): Reply {
  const error = (status: number, type: string, message: string): Reply => ({ status, body: { type: "error", error: { type, message } } });
  if (version !== "2023-06-01") return error(400, "invalid_request_error", "anthropic-version: header is required");
  if (b === "valid" && path.startsWith("/v1/organizations/api_keys")) {
    const data = [{ id: "apikey_01Fake", type: "api_key", name: "production", status: "active", workspace_id: null, created_at: "2025-01-01T00:00:00Z" }];
    return { status: 200, body: { data, has_more: false, first_id: "apikey_01Fake", last_id: "apikey_01Fake" } };
  }
  if (b === "valid") {
    const models = [["claude-sonnet-4-5-20250929", "Claude Sonnet 4.5"], ["claude-haiku-4-5-20251001", "Claude Haiku 4.5"]];
    const data = models.map(([id, display_name]) => ({ type: "model", id, display_name, created_at: "2025-09-29T00:00:00Z" }));
    return { status: 200, body: { data, has_more: false, first_id: data[0].id, last_id: data[1].id } };
  }
  if (b === "disabled") return error(404, "not_found_error", "Not found");
  if (b === "insufficient") return error(403, "permission_error", "Your API key does not have permission to use the specified resource.");
  if (b === "rate_limited") return error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit.");
  if (b === "quota") return error(400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.");
  if (b === "outage") return error(529, "overloaded_error", "Overloaded");
  return error(401, "authentication_error", "invalid x-api-key");
}

function googleAccount(keys: Map<string, FakeBehaviour>, email: unknown) {
  for (const [text, behaviour] of keys) {
    if (!text.startsWith("{")) continue;
    try {
      const sa = JSON.parse(text) as { client_email?: string; private_key: string; private_key_id?: string; project_id: string };
      if (sa.client_email === email) return { sa, behaviour };
    } catch { /* not a key file: skip */ }
  }
  return undefined;
}

async function googleToken(fake: ProviderFake, tokens: Map<string, string>, form: URLSearchParams): Promise<Reply> {
  const grant = (description: string): Reply => ({ status: 400, body: { error: "invalid_grant", error_description: description } });
  if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") return { status: 400, body: { error: "unsupported_grant_type", error_description: "Invalid grant_type: " } };
  const assertion = form.get("assertion") ?? "";
  let iss: unknown;
  try { iss = decodeJwt(assertion).iss; } catch { return grant("Invalid JWT: Failed to parse."); }
  const found = googleAccount(fake.keys, iss);
  if (!found) return grant("Invalid grant: account not found");
  const { sa, behaviour } = found;
  if (behaviour === "hang") return "hang";
  if (behaviour === "malformed") return { status: 200, raw: '{"access_token": "ya29.', type: "application/json" };
  if (behaviour === "outage") return { status: 503, raw: "<html><body><h1>503 Service Unavailable</h1></body></html>", type: "text/html" };
  if (behaviour === "rate_limited") return { status: 429, body: { error: "rate_limit_exceeded", error_description: "Rate limit exceeded." } };
  try {
    const publicKey = await importSPKI(createPublicKey(sa.private_key).export({ type: "spki", format: "pem" }).toString(), "RS256");
    const { payload } = await jwtVerify(assertion, publicKey, { audience: GOOGLE_AUDIENCE, issuer: sa.client_email, algorithms: ["RS256"] });
    if (sa.private_key_id && decodeProtectedHeader(assertion).kid !== sa.private_key_id) throw new Error("kid");
    if (typeof payload.scope !== "string" || !payload.exp || !payload.iat || payload.exp - payload.iat > 3600) {
      return grant("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
    }
  } catch {
    return grant("Invalid JWT Signature.");
  }
  if (behaviour === "invalid" || behaviour === "disabled") return grant("Invalid JWT Signature.");
  const token = `ya29.fake-${randomUUID()}`;
  tokens.set(token, JSON.stringify(sa));
  return { status: 200, body: { access_token: token, expires_in: 3599, token_type: "Bearer" } };
}

function googleProject(fake: ProviderFake, tokens: Map<string, string>, projectId: string, auth: string | undefined): Reply {
  const error = (code: number, status: string, message: string): Reply => ({ status: code, body: { error: { code, message, status } } });
  const saText = tokens.get((auth ?? "").replace(/^Bearer /, ""));
  if (!saText) return error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token.");
  const sa = JSON.parse(saText) as { project_id: string; private_key: string; client_email: string };
  const behaviour = googleAccount(fake.keys, sa.client_email)?.behaviour;
  if (behaviour === "insufficient" || projectId !== sa.project_id) return error(403, "PERMISSION_DENIED", "The caller does not have permission");
  if (behaviour === "quota") return error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Read requests'.");
  return { status: 200, body: { projectNumber: "123456789012", projectId, lifecycleState: "ACTIVE", name: "Fake Project", createTime: "2024-01-01T00:00:00Z" } };
}

export async function startProviderFake(options: { port?: number; keys?: Record<string, FakeBehaviour> } = {}): Promise<ProviderFake> {
  const tokens = new Map<string, string>();
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const path = req.url ?? "/";
    fake.requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });
    const pathname = new URL(path, "http://fake").pathname;
    const apiKey = req.headers["x-api-key"];
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    let reply: Reply = { status: 404, body: { error: { message: "Not found" } } };
    if (req.method === "POST" && pathname === "/token") reply = await googleToken(fake, tokens, new URLSearchParams(body));
    else if (pathname.startsWith("/v1/projects/")) reply = googleProject(fake, tokens, decodeURIComponent(pathname.slice(13)), req.headers.authorization);
    else {
      const key = typeof apiKey === "string" ? apiKey : bearer;
      const behaviour = fake.keys.get(key) ?? "invalid";
      if (behaviour === "hang") reply = "hang";
      else if (behaviour === "malformed") reply = { status: 200, raw: TRUNCATED, type: "application/json" };
      else if (typeof apiKey === "string") reply = anthropic(behaviour, pathname, req.headers["anthropic-version"]);
      else if (pathname === "/v1/models") reply = openai(behaviour, key);
    }
    send(res, reply, fake.retryAfterSeconds);
  });
  // Real providers keep idle connections open far longer than Node's 5 s default. At 5 s, a
  // loaded machine's late timers let fetch re-use a socket the fake was just closing (ECONNRESET,
  // answered as an outage) when a burst starts about 5 s after the previous call.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const fake: ProviderFake = {
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
  res.writeHead(reply.status, headers).end(reply.raw ?? JSON.stringify(reply.body));
}
