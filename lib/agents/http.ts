import "server-only";
import { internalError } from "@/lib/api/context";
import { clientIp } from "@/lib/net/client-ip";
import { AGENT_AUTH_MESSAGES, auditTokenRefusal, checkAgentToken, type AgentAuth } from "./auth";
import { brokerTokenCall } from "./broker";
import type { AgentDeps } from "./deps";
import { agentEnv } from "./env";
import { isAgentRefusal, isMissingCredential } from "./errors";
import { revealForAgent } from "./reveal";
import { bearerToken } from "./tokens";
import type { AgentPrincipal } from "./types";

const NO_STORE = { "Cache-Control": "no-store" };

const errorJson = (status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  Response.json({ error: { code, message, ...extra } }, { status, headers: { ...NO_STORE, ...headers } });

/** The agent behind the request's bearer token, or the answer refusing it (a revoked or expired agent's refusal audited). */
export async function agentFromRequest(req: Request, deps: Pick<AgentDeps, "db">, operation: "reveal" | "env"): Promise<{ agent: AgentPrincipal } | { response: Response }> {
  const auth = await checkAgentToken(deps.db, bearerToken(req), requestIp(req));
  await auditTokenRefusal(deps.db, auth, req.headers.get("user-agent"), { metadata: { operation } });
  return agentOrRefusal(req, auth);
}

const requestIp = (req: Request) => clientIp((n) => req.headers.get(n));

function agentOrRefusal(req: Request, auth: AgentAuth): { agent: AgentPrincipal } | { response: Response } {
  if (auth.ok) return { agent: { ...auth.agent, userAgent: req.headers.get("user-agent") } };
  return { response: refusalResponse(auth) };
}

function refusalResponse(auth: Exclude<AgentAuth, { ok: true }>): Response {
  if (auth.reason === "locked") {
    return errorJson(429, "rate_limited", AGENT_AUTH_MESSAGES.locked, { retry_after: auth.retryAfterSeconds }, { "Retry-After": String(auth.retryAfterSeconds) });
  }
  const code = auth.reason === "missing" ? "missing_agent_token" : auth.reason === "invalid" ? "invalid_agent_token" : `agent_${auth.reason}`;
  return errorJson(auth.reason === "address_not_allowed" ? 403 : 401, code, AGENT_AUTH_MESSAGES[auth.reason], {}, { "WWW-Authenticate": 'Bearer realm="switchboard-agent"' });
}

/** Refusals and missing credentials as the REST answers; anything else a 500 with a reference. */
export function agentErrorResponse(err: unknown): Response {
  if (isMissingCredential(err)) {
    return errorJson(409, err.code, err.message, { provider: err.provider, request_id: err.requestId, approval_url: err.approvalUrl });
  }
  if (isAgentRefusal(err)) return errorJson(err.status, err.code, err.message, err.extra, err.headers);
  return internalError(err);
}

async function withAgent(req: Request, deps: AgentDeps, operation: "reveal" | "env", fn: (agent: AgentPrincipal) => Promise<Response>): Promise<Response> {
  try {
    const who = await agentFromRequest(req, deps, operation);
    if ("response" in who) return who.response;
    return await fn(who.agent);
  } catch (err) {
    return agentErrorResponse(err);
  }
}

/** /api/v1/agent/proxy/{provider}/{...path}: any method, forwarded within the grant. */
export async function proxyHandler(req: Request, params: { provider: string; path?: string[] }, deps: AgentDeps): Promise<Response> {
  const token = bearerToken(req);
  if (!token) return refusalResponse({ ok: false, reason: "missing" });
  try {
    // The token is checked in the call's one statement before the upstream call.
    const out = await brokerTokenCall(deps, { token, ip: requestIp(req) }, req.headers.get("user-agent"), {
      provider: params.provider.toLowerCase(),
      method: req.method,
      path: params.path ?? [],
      query: new URL(req.url).searchParams,
      headers: req.headers,
      body: req.body,
      credential: req.headers.get("x-switchboard-credential"),
    });
    return "refused" in out ? refusalResponse(out.refused) : out.response;
  } catch (err) {
    return agentErrorResponse(err);
  }
}

/** GET /api/v1/agent/reveal/{provider}: the credential itself (or a derived one), under a reveal grant. */
export function revealHandler(req: Request, params: { provider: string }, deps: AgentDeps): Promise<Response> {
  if (req.method !== "GET") return Promise.resolve(errorJson(405, "method_not_allowed", "Use GET.", {}, { Allow: "GET" }));
  return withAgent(req, deps, "reveal", async (agent) => {
    const r = await revealForAgent(deps, agent, params.provider.toLowerCase(), { credential: req.headers.get("x-switchboard-credential") });
    return Response.json({
      provider: r.provider, credential: r.credential, derived: r.derived, expires_at: r.expiresAt?.toISOString() ?? null, env: r.env,
    }, { headers: NO_STORE });
  });
}

/** GET /api/v1/agent/env: the env grants as a .env file. */
export function envHandler(req: Request, deps: AgentDeps): Promise<Response> {
  if (req.method !== "GET") return Promise.resolve(errorJson(405, "method_not_allowed", "Use GET.", {}, { Allow: "GET" }));
  return withAgent(req, deps, "env", async (agent) => {
    const env = await agentEnv(deps, agent);
    return new Response(env.text, {
      headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8", "X-Switchboard-Skipped": env.skipped.map((s) => `${s.provider}=${s.reason}`).join(", ") },
    });
  });
}
