import "server-only";
import { writeAudit, type AuditOutcome } from "@/lib/audit";
import { retryWhileUnavailable } from "@/lib/db/availability";
import { getProvider } from "@/lib/providers";
import { agentActor, writeAgentAudit } from "./actor";
import { openCredential, secretValues } from "./credential";
import type { AgentDeps } from "./deps";
import { AgentRefusal, isAgentRefusal, isMissingCredential, type AgentRefusalCode } from "./errors";
import { auditTokenRefusal, type AgentAuth } from "./auth";
import { pickGrant, type ResolvedGrant } from "./grants";
import { encodePath, isProxyMethod, pathSegments, ruleAllows } from "./paths";
import { holdsSecret, Redactor } from "./redact";
import { missingCredential } from "./request";
import { agentCall, returnUse, takenFrom, type Caller } from "./take-call";
import { DEFAULT_BROKER_LIMITS, type AgentPrincipal, type BrokerLimits } from "./types";

export interface BrokerRequest {
  provider: string;
  method: string;
  /** "/v1/models" (split on "/", each segment percent-decoded) or the decoded segments themselves. */
  path: string | readonly string[];
  query?: URLSearchParams | Record<string, string> | string | null;
  headers?: HeadersInit | null;
  body?: string | Uint8Array | ReadableStream<Uint8Array> | null;
  /** A credential's name, when the agent holds grants on several of this provider's credentials. */
  credential?: string | null;
}

// Never forwarded: hop-by-hop headers, whatever says who the caller is or carries its credentials,
// and what names Switchboard itself. The credential the provider needs is added afterwards.
const DROP_REQUEST = new Set([
  "host", "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "expect",
  "cookie", "authorization", "proxy-authorization", "x-api-key", "x-goog-api-key", "forwarded", "x-real-ip",
  // fetch decodes gzip itself and would leave a Content-Encoding that no longer fits the body.
  "accept-encoding", "origin", "referer",
]);
const DROP_REQUEST_PREFIX = ["x-forwarded-", "x-switchboard-", "x-vercel-", "proxy-", "sec-", "cf-"];

// Never returned: cookies (a provider session must not reach the agent), credentials, hop-by-hop
// headers, and lengths and encodings that no longer describe the (decoded, redacted) body.
const DROP_RESPONSE = new Set([
  "set-cookie", "set-cookie2", "authorization", "proxy-authorization", "proxy-authenticate", "connection", "keep-alive",
  "transfer-encoding", "upgrade", "trailer", "te", "content-length", "content-encoding",
]);

const limitsOf = (deps: AgentDeps): BrokerLimits => ({ ...DEFAULT_BROKER_LIMITS, ...deps.limits });

function splitPath(path: string | readonly string[]): string[] | null {
  if (typeof path !== "string") return pathSegments(path);
  const raw = path.replace(/^\/+/, "").split("/");
  try {
    return pathSegments(raw.map((s) => decodeURIComponent(s)));
  } catch {
    return null;
  }
}

function queryOf(q: BrokerRequest["query"]): URLSearchParams {
  if (!q) return new URLSearchParams();
  if (q instanceof URLSearchParams) return new URLSearchParams(q);
  return new URLSearchParams(typeof q === "string" ? q.replace(/^\?/, "") : q);
}

/** The request body as bytes, refused past the cap without reading on. */
async function bodyBytes(body: BrokerRequest["body"], max: number): Promise<Buffer | null> {
  if (body == null) return null;
  const tooLarge = () => new AgentRefusal("request_too_large", `The request body is larger than ${max} bytes, the most the proxy forwards.`, { max_bytes: max });
  if (typeof body === "string" || body instanceof Uint8Array) {
    const b = Buffer.from(body);
    if (b.length > max) throw tooLarge();
    return b;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Query keys only, never their values (a value may be an id, an email or a token). */
const auditPath = (segments: readonly string[], query: URLSearchParams) => {
  const keys = [...new Set(query.keys())].sort();
  return `${encodePath(segments)}${keys.length ? `?${keys.join("&")}` : ""}`;
};

/**
 * A brokered call: the agent's grant is checked (operation, method, path, expiry, uses, rate), the
 * org's credential is added the way the provider expects, and the call goes to that provider's own
 * API origin only, never following a redirect. The answer streams back without cookies or the
 * credential (a provider echoing it finds it replaced). Every call that reaches the provider is
 * audited once it ends, with status, latency and bytes; refusals are audited with their reason.
 *
 * Throws AgentRefusal for a call it will not make, and MissingCredential (409) when the org has no
 * usable credential, after filing or joining a credential request for it. For an agent already
 * authenticated (the MCP server); brokerTokenCall checks a bearer token in the same statement.
 */
export async function brokerCall(deps: AgentDeps, agent: AgentPrincipal, req: BrokerRequest): Promise<Response> {
  const out = await brokered(deps, { agent }, null, req);
  if ("refused" in out) throw new Error("An authenticated agent's call was refused as a token.");
  return out.response;
}

/**
 * brokerCall for a bearer token: the token's refusal comes back, audited only for a revoked or
 * expired agent whose secret matched (auditTokenRefusal); anything else as brokerCall.
 */
export async function brokerTokenCall(
  deps: AgentDeps, token: { token: string; ip: string | null }, userAgent: string | null, req: BrokerRequest,
): Promise<{ response: Response } | { refused: Exclude<AgentAuth, { ok: true }> }> {
  return brokered(deps, token, userAgent, req);
}

/**
 * Two statements in all: public.agent_call before the upstream call (the token check, the grants,
 * and what the call spends, with the sealed secret: lib/agents/take-call.ts), and the audit event
 * once the answer has ended (kept alive by deps.waitUntil when there is one). What can be checked
 * without the database is checked first, so a call that will be refused spends nothing; refusals
 * are then named in the order an admin fixes them, from the grants the statement read.
 */
async function brokered(
  deps: AgentDeps, caller: Caller, userAgent: string | null, req: BrokerRequest,
): Promise<{ response: Response } | { refused: Exclude<AgentAuth, { ok: true }> }> {
  // An HTTP method is a short token; anything else (MCP's call_provider passes what it is given) is refused by name.
  const method = /^[A-Za-z]{1,16}$/.test(req.method) ? req.method.toUpperCase() : "(invalid)";
  const segments = splitPath(req.path);
  const query = queryOf(req.query);
  const shownPath = segments ? auditPath(segments, query) : "(invalid)";
  const provider = getProvider(req.provider);
  const limits = limitsOf(deps);
  // A header name or value the platform refuses is the caller's mistake: refused before anything is spent.
  const passed = passedHeaders(req.headers);
  const take = Boolean(provider?.agentProxy) && segments !== null && isProxyMethod(method) && !(passed instanceof AgentRefusal);
  // A credential name with a NUL (which PostgreSQL cannot hold) names no credential: sent as one that matches none.
  const credential = req.credential?.includes("\u0000") ? "\u0001" : (req.credential ?? null);
  const call = await agentCall(deps.db, caller, { provider: provider?.id ?? "", credential, method, segments: segments ?? [], take }, limits);
  if (!call.auth.ok) {
    await auditTokenRefusal(deps.db, call.auth, userAgent, { provider: provider?.id, metadata: { operation: "proxy", method, path: shownPath } });
    return { refused: call.auth };
  }
  const agent: AgentPrincipal = "agent" in caller ? caller.agent : { ...call.auth.agent, userAgent };
  let grant: ResolvedGrant | null = null;
  try {
    if (!provider?.agentProxy) {
      throw new AgentRefusal("provider_not_proxied", `Switchboard does not proxy calls to "${req.provider}". Providers it proxies list a proxy operation under Settings, Agents.`);
    }
    if (!segments) throw new AgentRefusal("invalid_path", "Give an API path without empty, \".\" or \"..\" segments, encoded slashes or control characters.");
    grant = pickGrant(call.grants, provider.id, "proxy", req.credential);
    if (!isProxyMethod(method)) throw new AgentRefusal("method_not_granted", `The proxy forwards GET, HEAD, POST, PUT, PATCH and DELETE, not ${method}.`);
    const allowed = ruleAllows(grant.proxyRules, method, segments);
    if (!allowed.method) throw new AgentRefusal("method_not_granted", `This agent's ${provider.name} grant does not allow ${method} requests.`, { method });
    if (!allowed.path) throw new AgentRefusal("path_not_granted", `This agent's ${provider.name} grant does not allow ${method} ${encodePath(segments)}.`, { method, path: encodePath(segments) });
    if (passed instanceof AgentRefusal) throw passed;
    const taken = takenFrom(call.row, grant, limits);
    let body: Buffer | null = null;
    let credential: Record<string, string> | null = null;
    let auth: ReturnType<typeof provider.agentProxy.auth> = null;
    try {
      // Read once the token is known good: a body past the cap is refused without reading on.
      body = method === "GET" || method === "HEAD" ? null : await bodyBytes(req.body, limits.maxRequestBytes);
      credential = taken.used ? await openCredential(deps, grant, taken.sealed) : null;
      auth = credential ? provider.agentProxy.auth(credential) : null;
    } finally {
      // A use is for a call made: one refused for its body, or whose credential did not open, gives it back.
      if (taken.used && !auth) await returnUse(deps.db, grant);
    }
    if (!credential || !auth) throw await missingCredential(deps, agent, provider.id, `${method} ${encodePath(segments)}`);

    const url = new URL(`${deps.context(provider.id).baseUrl(provider.agentProxy.origin)}${encodePath(segments)}`);
    for (const name of Object.keys(auth.query ?? {})) query.delete(name);
    for (const [k, v] of Object.entries(auth.query ?? {})) query.append(k, v);
    url.search = query.toString();
    const headers = passed;
    for (const [name, value] of Object.entries(provider.agentProxy.defaultHeaders ?? {})) if (!headers.has(name)) headers.set(name, value);
    for (const [name, value] of Object.entries(auth.headers ?? {})) headers.set(name, value);
    const secrets = [...secretValues(grant, credential), ...Object.values(auth.headers ?? {}).map((v) => v.replace(/^(Bearer|Basic)\s+/i, "")),
      ...Object.values(auth.query ?? {})].filter((s) => s.length >= 8);
    return { response: await forward(deps, agent, grant, { url, method, headers, body, secrets, shownPath, timeoutMs: limits.timeoutMs }) };
  } catch (err) {
    // forward() records a provider that never answered as the call's own outcome (agent.call,
    // unreachable or timeout): a refusal row as well would count one call twice, and nothing was refused.
    const recorded = isAgentRefusal(err) && (err.code === "upstream_unreachable" || err.code === "upstream_timeout");
    if (isAgentRefusal(err) && err.code !== "rate_limited" && !recorded) {
      await auditRefusal(deps, agent, grant, req.provider, method, shownPath, err.code);
    } else if (isMissingCredential(err)) {
      await auditRefusal(deps, agent, grant, req.provider, method, shownPath, "credential_missing", err.requestId);
    }
    throw err;
  }
}

/** The caller's headers that may go upstream (never its own credentials or cookies), or the refusal of one HTTP does not allow. */
function passedHeaders(given: ConstructorParameters<typeof Headers>[0] | null | undefined): Headers | AgentRefusal {
  let all: Headers;
  try {
    all = new Headers(given ?? undefined);
  } catch {
    return new AgentRefusal("invalid_request", "A request header has a name or value HTTP does not allow (spaces in a name, or a line break in a value).");
  }
  const headers = new Headers();
  for (const [name, value] of all) {
    if (DROP_REQUEST.has(name) || DROP_REQUEST_PREFIX.some((p) => name.startsWith(p))) continue;
    headers.set(name, value);
  }
  return headers;
}

interface Outbound {
  url: URL;
  method: string;
  headers: Headers;
  body: Buffer | null;
  secrets: string[];
  shownPath: string;
  timeoutMs: number;
}

async function forward(deps: AgentDeps, agent: AgentPrincipal, grant: ResolvedGrant, o: Outbound): Promise<Response> {
  const started = performance.now();
  const signal = AbortSignal.timeout(o.timeoutMs);
  const base = {
    grant_id: grant.id, credential: grant.credential?.name ?? null, method: o.method, path: o.shownPath, bytes_in: o.body?.length ?? 0,
  };
  // The provider has been called by now: a database restart delays the record, it does not lose it.
  const audit = (outcome: AuditOutcome, extra: Record<string, string | number | boolean | null>) =>
    retryWhileUnavailable(() => writeAudit(deps.db, agentActor(agent), {
      orgId: agent.orgId, action: "agent.call", provider: grant.provider, integrationId: grant.credential?.id ?? null, outcome,
      metadata: { ...base, ...extra },
    }));
  let upstream: Response;
  try {
    upstream = await fetch(o.url, { method: o.method, headers: o.headers, body: o.body ? new Uint8Array(o.body) : null, redirect: "manual", signal, cache: "no-store" });
  } catch (err) {
    const timedOut = signal.aborted;
    await audit(timedOut ? "timeout" : "unreachable", { latency_ms: Math.round(performance.now() - started) });
    throw timedOut
      ? new AgentRefusal("upstream_timeout", `The provider did not answer within ${Math.round(o.timeoutMs / 1000)} s.`)
      : new AgentRefusal("upstream_unreachable", "Switchboard could not reach the provider's API. Try again later.");
  }
  const latency = Math.round(performance.now() - started);
  const headers = new Headers();
  let droppedEcho = false;
  for (const [name, value] of upstream.headers) {
    if (DROP_RESPONSE.has(name)) continue;
    if (holdsSecret(value, o.secrets)) {
      droppedEcho = true;
      continue;
    }
    headers.append(name, value);
  }
  const location = upstream.headers.get("location");
  let redirectHost: string | null = null;
  if (upstream.status >= 300 && upstream.status < 400 && location) {
    try {
      redirectHost = new URL(location, o.url).host;
    } catch {
      redirectHost = "(unparseable)";
    }
  }
  const extra = { upstream_status: upstream.status, latency_ms: latency, redirect_not_followed: redirectHost, header_echo_dropped: droppedEcho || null };
  if (!upstream.body || o.method === "HEAD") {
    await upstream.body?.cancel();
    const write = audit("forwarded", { ...extra, bytes_out: 0 });
    if (deps.waitUntil) deps.waitUntil(write.catch(logAuditFailure));
    else await write;
    return new Response(null, { status: upstream.status, headers });
  }
  const redactor = new Redactor(o.secrets);
  const reader = upstream.body.getReader();
  let ended = false;
  let recorded = () => {};
  // Registered now, while the request is still being handled, so the host keeps it alive until
  // the event is written.
  deps.waitUntil?.(new Promise<void>((resolve) => { recorded = resolve; }));
  const finish = async (outcome: AuditOutcome) => {
    if (ended) return;
    ended = true;
    await audit(outcome, { ...extra, bytes_out: redactor.bytes, duration_ms: Math.round(performance.now() - started) })
      .catch(logAuditFailure)
      .finally(recorded);
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          const rest = redactor.end();
          if (rest.length) controller.enqueue(rest);
          // With a host to keep it alive (deps.waitUntil) the event is written once the answer
          // has ended; without, before its end, so no caller ever finishes ahead of its record.
          if (deps.waitUntil) {
            controller.close();
            // Begun on the event loop's next turn, once the answer's end has gone to the socket:
            // on PGlite the statement runs on this thread and would hold those last bytes back.
            setImmediate(() => void finish("forwarded"));
          } else {
            await finish("forwarded");
            controller.close();
          }
          return;
        }
        const out = redactor.push(value);
        if (out.length) controller.enqueue(out);
      } catch {
        await finish(signal.aborted ? "timeout" : "stream_error");
        controller.error(new Error("The provider's answer broke off."));
      }
    },
    async cancel() {
      await finish("canceled");
      await reader.cancel().catch(() => {});
    },
  });
  return new Response(stream, { status: upstream.status, headers });
}

async function auditRefusal(
  deps: AgentDeps, agent: AgentPrincipal, grant: ResolvedGrant | null, provider: string, method: string, path: string, reason: AgentRefusalCode | "credential_missing", requestId?: string,
): Promise<void> {
  await writeAgentAudit(deps.db, agent, {
    orgId: agent.orgId, action: "agent.refused", provider: getProvider(provider) ? provider : undefined, integrationId: grant?.credential?.id ?? null,
    outcome: reason,
    metadata: { operation: "proxy", grant_id: grant?.id ?? null, method, path, request_id: requestId ?? null },
  });
}

// Never the event itself: its metadata names paths and credentials.
const logAuditFailure = (err: unknown) => console.error("[agent audit]", err instanceof Error ? err.message.slice(0, 200) : "failed");
