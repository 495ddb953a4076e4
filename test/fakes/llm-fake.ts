import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeRequest } from "./provider-fake";

/**
 * Loopback stand-in for Gemini, OpenRouter, Groq, Mistral, Replicate and Hugging Face, answering each
 * one's validation call with the bodies and error shapes of docs/providers.md. Each has its own path,
 * so one origin serves all (as PROVIDER_BASE_URL_<ID> does). Unknown keys are invalid.
 */
export type LlmBehaviour =
  | "valid" | "invalid" | "insufficient" | "rate_limited" | "outage" | "hang" | "malformed"
  | "free_tier" | "management" | "organization" // OpenRouter ("insufficient": credit limit used up); Replicate
  | "read" | "write" | "fine_grained"; // Hugging Face ("valid" = a write token)

export interface LlmFake {
  url: string;
  keys: Map<string, LlmBehaviour>;
  /** As received; tests assert no key ever appears in a path. */
  requests: FakeRequest[];
  /** Sent as Retry-After with every 429 (Gemini: as RetryInfo.retryDelay in the body instead). */
  retryAfterSeconds: number;
  close(): Promise<void>;
}

type Answer = { status: number; body?: unknown; raw?: string; type?: string; noRetryHeader?: boolean };
const ok = (body: unknown): Answer => ({ status: 200, body });
const created = 1_733_447_754;

function gemini(b: LlmBehaviour, _key: string, wait: number): Answer {
  const error = (code: number, status: string, message: string, ...details: object[]): Answer => ({ status: code, body: { error: { code, message, status, details } } });
  const info = (reason: string) => ({ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } });
  const ids = ["gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "text-embedding-004"];
  if (b === "valid") return ok({ models: ids.map((id) => ({ name: `models/${id}`, version: "001", displayName: id, inputTokenLimit: 1_048_576, outputTokenLimit: 65_536, supportedGenerationMethods: ["generateContent", "countTokens"] })) });
  if (b === "insufficient") return error(403, "PERMISSION_DENIED", "Generative Language API has not been used in project 123456789012 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/generativelanguage.googleapis.com/overview?project=123456789012 then retry.", info("SERVICE_DISABLED"));
  // Google sends no Retry-After header; the delay travels in a RetryInfo detail.
  if (b === "rate_limited") return { ...error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${wait}s` }), noRetryHeader: true };
  if (b === "outage") return error(503, "UNAVAILABLE", "The service is currently unavailable.");
  const said = "API key not valid. Please pass a valid API key.";
  return error(400, "INVALID_ARGUMENT", said, info("API_KEY_INVALID"), { "@type": "type.googleapis.com/google.rpc.LocalizedMessage", locale: "en-US", message: said });
}

function openrouter(b: LlmBehaviour, key: string): Answer {
  const error = (code: number, message: string): Answer => ({ status: code, body: { error: { code, message } } });
  const data = { label: "ci-production", limit: 100, limit_remaining: 74.5, limit_reset: "monthly", include_byok_in_limit: false, usage: 25.5, usage_daily: 1.25, usage_weekly: 6.5,
    usage_monthly: 25.5, byok_usage: 0, is_free_tier: false, is_management_key: false, is_provisioning_key: false, expires_at: "2027-12-31T23:59:59Z",
    creator_user_id: "user_2dHFtVWx2n56w6HkM0000000000", rate_limit: { requests: -1, interval: "10s", note: "This field is deprecated and safe to ignore." } };
  if (b === "valid") return ok({ data });
  // An unnamed key is labelled with a masked form of itself.
  const unnamed = { label: `${key.slice(0, 12)}...${key.slice(-3)}`, limit: null, limit_remaining: null, limit_reset: null, expires_at: null };
  if (b === "free_tier") return ok({ data: { ...data, ...unnamed, usage: 0, usage_daily: 0, usage_weekly: 0, usage_monthly: 0, is_free_tier: true } });
  if (b === "insufficient") return ok({ data: { ...data, limit: 10, limit_remaining: 0, usage: 10 } });
  if (b === "management") return ok({ data: { ...data, label: "key-admin", limit: null, limit_remaining: null, is_management_key: true, is_provisioning_key: true } });
  if (b === "rate_limited") return error(429, "Rate limit exceeded. Please slow down.");
  if (b === "outage") return { status: 502, raw: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>", type: "text/html" };
  return error(401, "User not found.");
}

function groq(b: LlmBehaviour): Answer {
  const error = (status: number, message: string, type: string, code?: string): Answer => ({ status, body: { error: { message, type, ...(code ? { code } : {}) } } });
  const models: [string, string, number][] = [["llama-3.3-70b-versatile", "Meta", 131_072], ["llama-3.1-8b-instant", "Meta", 131_072], ["openai/gpt-oss-120b", "OpenAI", 131_072], ["whisper-large-v3", "OpenAI", 448]];
  if (b === "valid") return ok({ object: "list", data: models.map(([id, owned_by, context_window]) => ({ id, object: "model", created, owned_by, active: true, context_window, public_apps: null })) });
  if (b === "insufficient") return error(403, "Forbidden", "permission_error");
  if (b === "rate_limited") return error(429, "Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded");
  if (b === "outage") return error(503, "Service Unavailable", "internal_server_error");
  return error(401, "Invalid API Key", "invalid_request_error", "invalid_api_key");
}

function mistral(b: LlmBehaviour): Answer {
  const gateway = (status: number, message: string): Answer => ({ status, body: { message, request_id: "0f3c8a9b5e2d4c7a" } });
  if (b === "valid") {
    const capabilities = { completion_chat: true, completion_fim: false, function_calling: true, fine_tuning: true, vision: false, classification: false };
    const base = ["mistral-large-latest", "mistral-small-latest", "codestral-latest"].map((id) => ({ id, object: "model", created, owned_by: "mistralai", capabilities, max_context_length: 131_072, aliases: [], deprecation: null, type: "base" }));
    const tuned = { id: "ft:open-mistral-7b:9c9073a2:20250501:a1b2c3d4", object: "model", created, owned_by: "9c9073a2-acme", capabilities, job: "a1b2c3d4", root: "open-mistral-7b", archived: false, type: "fine-tuned" };
    return ok({ object: "list", data: [...base, tuned] });
  }
  if (b === "insufficient") return gateway(403, "Forbidden");
  if (b === "rate_limited") return gateway(429, "Requests rate limit exceeded");
  if (b === "outage") return { status: 503, body: { object: "error", message: "Service unavailable.", type: "internal_server_error", param: null, code: "1000" } };
  return gateway(401, "Unauthorized");
}

function replicate(b: LlmBehaviour): Answer {
  const problem = (status: number, title: string, detail: string): Answer => ({ status, body: { title, detail, status } });
  if (b === "valid") return ok({ type: "user", username: "alice", name: "Alice Example", github_url: "https://github.com/alice", avatar_url: "https://avatars.githubusercontent.com/u/1" });
  if (b === "organization") return ok({ type: "organization", username: "acme", name: "Acme Inc.", github_url: null, avatar_url: null });
  if (b === "insufficient") return problem(403, "Forbidden", "You do not have permission to perform this action.");
  if (b === "rate_limited") return problem(429, "Request was throttled.", "Request was throttled. Expected available in 7 seconds.");
  if (b === "outage") return problem(503, "Service Unavailable", "Replicate is temporarily unavailable.");
  return problem(401, "Unauthenticated", "You did not pass a valid authentication token");
}

function huggingface(b: LlmBehaviour): Answer {
  const error = (status: number, message: string): Answer => ({ status, body: { error: message } });
  const org = { type: "org", id: "6500a1b2c3d4e5f6a7b8c9d0", name: "acme", fullname: "Acme", email: null, canPay: true, periodEnd: null, avatarUrl: "/avatars/acme.svg", roleInOrg: "admin", isEnterprise: false };
  const user = (role: string, token: object = {}) => ok({
    type: "user", id: "64b8f0e1a2b3c4d5e6f7a8b9", name: "alice", fullname: "Alice Example", email: "alice@example.com", emailVerified: true, canPay: false, periodEnd: null, isPro: false, avatarUrl: "/avatars/alice.svg", orgs: [org],
    auth: { type: "access_token", accessToken: { displayName: `${role}-token`, role, createdAt: "2025-03-01T10:00:00.000Z", ...token } },
  });
  if (b === "valid" || b === "write") return user("write");
  if (b === "read") return user("read");
  // Write access to the acme org's repos, read-only on one model, and serverless inference.
  const scoped = [{ entity: { _id: org.id, type: "org", name: "acme" }, permissions: ["repo.content.read", "repo.write"] }, { entity: { _id: "6611aa22bb33cc44dd55ee66", type: "model", name: "alice/private-model" }, permissions: ["repo.content.read"] }];
  if (b === "fine_grained") return user("fineGrained", { expiration: "2027-01-31T00:00:00.000Z", fineGrained: { canReadGatedRepos: true, global: ["inference.serverless.write", "discussion.write"], scoped } });
  if (b === "insufficient") return error(403, "This token does not have permission to read your profile.");
  if (b === "rate_limited") return error(429, "You have exceeded our rate limit for whoami-v2. Please retry later.");
  if (b === "outage") return error(500, "Internal Error - We're working hard to fix this as soon as possible!");
  return error(401, "Invalid credentials in Authorization header");
}

const bearer = (h: IncomingHttpHeaders) => (h.authorization ?? "").replace(/^Bearer /, "");
const routes: Record<string, { key: (h: IncomingHttpHeaders) => string; answer: (b: LlmBehaviour, key: string, wait: number) => Answer }> = {
  "/v1beta/models": { key: (h) => String(h["x-goog-api-key"] ?? ""), answer: gemini },
  "/api/v1/key": { key: bearer, answer: openrouter },
  "/openai/v1/models": { key: bearer, answer: groq },
  "/v1/models": { key: bearer, answer: mistral },
  "/v1/account": { key: bearer, answer: replicate },
  "/api/whoami-v2": { key: bearer, answer: huggingface },
};

export async function startLlmFake(options: { keys?: Record<string, LlmBehaviour> } = {}): Promise<LlmFake> {
  const server = createServer((req, res) => {
    req.resume(); // These calls carry no body; drain anything sent anyway.
    const path = req.url ?? "/";
    fake.requests.push({ method: req.method ?? "GET", path, headers: req.headers, body: "" });
    const route = req.method === "GET" ? routes[new URL(path, "http://fake").pathname] : undefined;
    if (!route) return send(res, { status: 404, body: { error: "Not Found" } }, 0);
    const key = route.key(req.headers), behaviour = (key && fake.keys.get(key)) || "invalid";
    if (behaviour === "malformed") return send(res, { status: 200, raw: JSON.stringify(route.answer("valid", key, 0).body).slice(0, 40) }, 0);
    send(res, behaviour === "hang" ? "hang" : route.answer(behaviour, key, fake.retryAfterSeconds), fake.retryAfterSeconds);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const fake: LlmFake = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys: new Map(Object.entries(options.keys ?? {})),
    requests: [],
    retryAfterSeconds: 7,
    // Hung responses keep their sockets open; closeAllConnections ends them so close() resolves.
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return fake;
}

function send(res: ServerResponse, reply: Answer | "hang", retryAfterSeconds: number) {
  if (reply === "hang") return; // Hold the socket: the client's timeout must fire.
  const headers: Record<string, string> = { "content-type": reply.type ?? "application/json" };
  if (reply.status === 429 && !reply.noRetryHeader) headers["retry-after"] = String(retryAfterSeconds);
  res.writeHead(reply.status, headers).end(reply.raw ?? JSON.stringify(reply.body));
}
