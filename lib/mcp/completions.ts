import type { ElicitationCompleteNotification, JSONRPCNotification } from "@modelcontextprotocol/sdk/types.js";
import type { AgentPrincipal } from "@/lib/agents";
import type { Db } from "@/lib/db/types";
import { EVENT_ID, resumeAfter } from "@/lib/events/queries";
import { lastEventIdOf, sseResponse } from "@/lib/events/sse";
import type { McpDeps } from "./deps-types";
import { RPC, rpcRefusal } from "./responses";

/** Whether this agent filed the request: only its own elicitations are completed on its stream. */
async function filedBy(db: Db, agent: AgentPrincipal, requestId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from credential_requests where org_id = $1 and id = $2 and requester_agent_id = $3`, [agent.orgId, requestId, agent.agentId]);
  return rows.length > 0;
}

const completion = (requestId: string): JSONRPCNotification & ElicitationCompleteNotification => ({
  jsonrpc: "2.0", method: "notifications/elicitation/complete", params: { elicitationId: requestId },
});

/**
 * GET /api/mcp for a URL-elicitation session: `notifications/elicitation/complete` for each
 * credential request this agent filed, once it is resolved (its request id is the elicitationId
 * the tool's error carried). It follows the org's event feed (`request.resolved`), which hears
 * resolutions made on any instance through the database, so it works wherever it is served. It
 * starts at the position the session id recorded at initialize (session-id.ts). SSE ids are the
 * org's event ids: a reconnect with Last-Event-ID misses nothing, and a position line
 * (an id with empty data, which 2025-11-25 clients skip) is sent at the start and with heartbeats
 * so even a stream that completed nothing resumes where it was. The token is checked again with
 * each heartbeat and the stream ends once it no longer opens; it also ends itself at streamMaxMs.
 */
export async function completionStream(
  deps: McpDeps, agent: AgentPrincipal, since: string, req: Request, recheck: () => Promise<boolean>,
): Promise<Response> {
  const asked = lastEventIdOf(req, since);
  if (!EVENT_ID.test(asked)) return rpcRefusal(400, RPC.refused, "Last-Event-ID must be an id this stream sent.");
  const start = await resumeAfter(deps.db, agent.orgId, asked);

  const life = { signal: req.signal, heartbeatMs: deps.heartbeatMs, maxMs: deps.streamMaxMs, retryMs: 1000, allowed: recheck };
  return sseResponse(life, (channel) => {
    let position = start;
    let told = -1n;
    // Relevance checks are queries: one chain keeps frames in event order.
    let chain = Promise.resolve();
    const tellPosition = () => {
      if (position === told) return;
      told = position;
      channel.send({ id: position, data: "" });
    };
    const later = (work: () => Promise<void> | void) => {
      chain = chain.then(work).catch(() => channel.end());
    };

    tellPosition();
    const unsubscribe = deps.feed.subscribe(agent.orgId, start.toString(), "member", {
      deliver(event) {
        later(async () => {
          const id = BigInt(event.id);
          if (event.type === "request.resolved") {
            const requestId = (event.data as { requestId: string }).requestId;
            if (await filedBy(deps.db, agent, requestId)) {
              channel.send({ event: "message", id, data: completion(requestId) });
              told = id;
            }
          }
          position = id;
        });
      },
      fail: () => channel.end(),
    });
    return {
      heartbeat: () => {
        deps.feed.catchUp(agent.orgId);
        later(tellPosition);
      },
      // In the chain, so the position told last is past every event already delivered.
      timeLimit: () => later(() => {
        tellPosition();
        channel.end();
      }),
      close: unsubscribe,
    };
  });
}
