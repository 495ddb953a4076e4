import type { ElicitationCompleteNotification, JSONRPCNotification } from "@modelcontextprotocol/sdk/types.js";
import type { AgentPrincipal } from "@/lib/agents";
import type { Db } from "@/lib/db/types";
import { EVENT_ID, latestEventId } from "@/lib/events/queries";
import type { McpDeps } from "./deps-types";
import { RPC, rpcRefusal } from "./responses";

const HEADERS = {
  "Content-Type": "text/event-stream",
  // no-transform: compression and proxies otherwise buffer the stream; X-Accel-Buffering: nginx.
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
};

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
  const asked = req.headers.get("last-event-id") ?? since;
  if (!EVENT_ID.test(asked)) return rpcRefusal(400, RPC.refused, "Last-Event-ID must be an id this stream sent.");
  const latest = BigInt(await latestEventId(deps.db, agent.orgId));
  // Past the newest id can only mean a database that was reset since: start at its newest.
  const start = BigInt(asked) > latest ? latest : BigInt(asked);

  const encoder = new TextEncoder();
  let finish = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let position = start;
      let told = -1n;
      // Relevance checks are queries: one chain keeps frames in event order.
      let chain = Promise.resolve();
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const tellPosition = () => {
        if (position === told) return;
        told = position;
        send(`id: ${position}\ndata: \n\n`);
      };
      const later = (work: () => Promise<void> | void) => {
        chain = chain.then(work).catch(() => finish());
      };

      send(`retry: 1000\n`);
      tellPosition();
      const unsubscribe = deps.feed.subscribe(agent.orgId, start.toString(), "member", {
        deliver(event) {
          later(async () => {
            const id = BigInt(event.id);
            if (event.type === "request.resolved") {
              const requestId = (event.data as { requestId: string }).requestId;
              if (await filedBy(deps.db, agent, requestId)) {
                send(`event: message\nid: ${id}\ndata: ${JSON.stringify(completion(requestId))}\n\n`);
                told = id;
              }
            }
            position = id;
          });
        },
        fail: () => finish(),
      });
      const beat = setInterval(() => {
        send(": keepalive\n\n");
        deps.feed.catchUp(agent.orgId);
        later(async () => {
          if (!(await recheck())) return finish();
          tellPosition();
        });
      }, deps.heartbeatMs);
      const limit = setTimeout(() => later(() => {
        tellPosition();
        finish();
      }), deps.streamMaxMs);
      const onAbort = () => finish();

      finish = () => {
        if (closed) return;
        closed = true;
        clearInterval(beat);
        clearTimeout(limit);
        unsubscribe();
        req.signal.removeEventListener("abort", onAbort);
        try {
          controller.close();
        } catch { /* already closed by the client */ }
      };
      req.signal.addEventListener("abort", onAbort);
      if (req.signal.aborted) finish();
    },
    cancel: () => finish(),
  });
  return new Response(body, { headers: HEADERS });
}
