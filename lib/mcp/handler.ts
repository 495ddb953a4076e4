import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { AGENT_AUTH_MESSAGES, auditTokenRefusal, bearerToken, checkAgentToken, type AgentPrincipal } from "@/lib/agents";
import { latestEventId } from "@/lib/events/queries";
import { clientIp } from "@/lib/net/client-ip";
import { readBodyText } from "@/lib/net/read-body";
import { completionStream } from "./completions";
import type { McpDeps } from "./deps-types";
import { RPC, rpcRefusal, UNAUTHORIZED_HEADERS } from "./responses";
import { buildMcpServer } from "./server";
import { declaredUrlElicitation, newSessionId, readSessionId, type McpSession } from "./session-id";

/** A tool call's arguments carry at most a provider request body; a megabyte is far past any that belongs in one. */
export const MCP_BODY_LIMIT_BYTES = 1024 * 1024;

const ALLOW = "GET, POST";

/**
 * /api/mcp, Streamable HTTP. Every request stands alone: its bearer token is checked first (so a
 * token revoked mid-session is refused on its very next request, on any instance), then a fresh
 * SDK server and transport answer it in JSON and are dropped. The only per-session fact is in the
 * session id (session-id.ts); the completion stream reads the database's event feed. Nothing lives
 * in one process's memory, so any number of instances behind one database serve one client alike.
 */
export async function mcpHandler(req: Request, deps: McpDeps): Promise<Response> {
  // DELETE included: with nothing stored per session there is nothing to end, which the spec answers with 405.
  if (req.method !== "GET" && req.method !== "POST") {
    return rpcRefusal(405, RPC.refused, "This endpoint takes POST (JSON-RPC messages) and GET (the notification stream).", { Allow: ALLOW });
  }
  // MCP servers must check Origin (DNS rebinding): a browser page of another site gets nothing here.
  const origin = req.headers.get("origin");
  if (origin !== null && origin !== deps.origin) {
    return rpcRefusal(403, RPC.refused, "Requests from web pages of other sites are refused. MCP clients send no Origin header.");
  }
  const auth = await authenticate(req, deps);
  if (!auth.ok) {
    // The stream's rechecks below only end it: this first check is the one recorded.
    await auditTokenRefusal(deps.db, auth, req.headers.get("user-agent"), { metadata: { operation: "mcp" } });
    if (auth.reason === "locked") {
      return rpcRefusal(429, RPC.refused, AGENT_AUTH_MESSAGES.locked, { "Retry-After": String(auth.retryAfterSeconds) });
    }
    return rpcRefusal(401, RPC.refused, AGENT_AUTH_MESSAGES[auth.reason], UNAUTHORIZED_HEADERS);
  }
  const agent = auth.agent;
  const session = readSessionId(req.headers.get("mcp-session-id"));
  if (session === "malformed") return rpcRefusal(404, RPC.sessionNotFound, "Session not found: start a new session with initialize.");

  if (req.method === "GET") {
    if (!session?.urlElicitation) {
      // The stream only carries elicitation completions, which only URL-elicitation clients get.
      return rpcRefusal(405, RPC.refused, "This session has no notification stream: it did not declare URL elicitation.", { Allow: "POST" });
    }
    return completionStream(deps, agent, session.since, req, async () => (await authenticate(req, deps)).ok);
  }
  return answerPost(req, deps, agent, session);
}

async function answerPost(req: Request, deps: McpDeps, agent: AgentPrincipal, fromHeader: McpSession | null): Promise<Response> {
  const text = await readBodyText(req, MCP_BODY_LIMIT_BYTES);
  if (text === null) return rpcRefusal(413, RPC.invalidRequest, `The request body is larger than ${MCP_BODY_LIMIT_BYTES / 1024 / 1024} MB.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return rpcRefusal(400, RPC.parseError, "Parse error: the body is not JSON.");
  }
  const init = (Array.isArray(body) ? body : [body]).find(isInitializeRequest);
  // Initialize fixes the session's one fact; a client that sends no session id later is answered as one without URL elicitation.
  const session: McpSession = init
    ? { urlElicitation: declaredUrlElicitation(init.params.capabilities), since: await latestEventId(deps.db, agent.orgId) }
    : (fromHeader ?? { urlElicitation: false, since: "0" });
  const sessionId = init ? newSessionId(session) : undefined;
  const transport = new WebStandardStreamableHTTPServerTransport({
    // Set only for initialize, so the SDK writes Mcp-Session-Id on that answer; later requests need no session state.
    sessionIdGenerator: sessionId ? () => sessionId : undefined,
    enableJsonResponse: true,
  });
  const server = buildMcpServer({ deps, agent, session });
  await server.connect(transport);
  try {
    const res = await transport.handleRequest(req, { parsedBody: body });
    res.headers.set("Cache-Control", "no-store");
    return res;
  } finally {
    // JSON mode: the answer is complete once handleRequest returns.
    await server.close();
  }
}

/** The token is checked on every request, nothing cached: a revocation holds on the next one, on every instance. */
async function authenticate(req: Request, deps: McpDeps) {
  const auth = await checkAgentToken(deps.db, bearerToken(req), clientIp((n) => req.headers.get(n)));
  return auth.ok ? { ...auth, agent: { ...auth.agent, userAgent: req.headers.get("user-agent") } } : auth;
}
