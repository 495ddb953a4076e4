import { z } from "zod";
import type { RequestHandler } from "@/lib/requests/deps";
import { getRequest } from "@/lib/requests/queries";
import { isTerminal, requesterKey } from "@/lib/requests/types";
import { waitForOutcome } from "@/lib/requests/wait";
import { authenticateApiKey } from "./auth";
import { internalError, withHeaders } from "./context";
import { apiError } from "./errors";
import { presentRequest } from "./requests-present";

const HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
};

/**
 * GET /api/v1/requests/{org}/{id}/events: one request's state as Server-Sent Events, for
 * fetch-based clients holding the requesting key (EventSource cannot send X-API-Key; browsers use
 * the org stream). The first event is the state now; a terminal state is the last event and ends
 * the stream. Heartbeats keep proxies from closing it; it ends itself before the platform's time
 * limit, and the client then reconnects (the first event again tells it the state).
 */
export const requestStreamHandler: RequestHandler = async (req, { orgSlug, id }, deps) => {
  try {
    const a = await authenticateApiKey(req, deps.db, { orgSlug, scope: "request", rateLimit: deps.rateLimit });
    if (!a.ok) return a.response;
    const row = id && z.uuid().safeParse(id).success ? await getRequest(deps.db, a.key.orgId, id) : null;
    if (!row || row.requester !== requesterKey({ type: "api_key", keyId: a.key.id, label: "" })) {
      return withHeaders(apiError("not_found", "No such credential request for this API key."), a.headers);
    }
    const maxMs = deps.streamMaxMs ?? 280_000;
    const heartbeatMs = deps.heartbeatMs ?? 20_000;
    const encoder = new TextEncoder();
    const abort = new AbortController();
    const onClientGone = () => abort.abort();
    req.signal.addEventListener("abort", onClientGone);
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            abort.abort();
          }
        };
        const frame = (r: typeof row) => `event: request\ndata: ${JSON.stringify(presentRequest(r, a.key.orgSlug, deps.origin))}\n\n`;
        const beat = setInterval(() => {
          send(": heartbeat\n\n");
          // As the org streams do: a notification that never came costs a heartbeat, not the stream.
          deps.feed.catchUp(a.key.orgId);
        }, heartbeatMs);
        const limit = setTimeout(() => abort.abort(), maxMs);
        try {
          send("retry: 1000\n: connected\n\n");
          let current = await waitForOutcome(deps, a.key.orgId, row.id, 0);
          if (current) send(frame(current));
          while (current && !isTerminal(current.state) && !abort.signal.aborted) {
            current = await waitForOutcome(deps, a.key.orgId, row.id, maxMs, abort.signal);
            if (current && isTerminal(current.state)) send(frame(current));
          }
          if (!current || !isTerminal(current.state)) send(": time limit reached; reconnect\n\n");
        } catch {
          send(": reconnect to resume\n\n");
        } finally {
          clearInterval(beat);
          clearTimeout(limit);
          req.signal.removeEventListener("abort", onClientGone);
          try {
            controller.close();
          } catch { /* the client closed it */ }
        }
      },
      cancel: () => abort.abort(),
    });
    return withHeaders(new Response(body, { headers: HEADERS }), a.headers);
  } catch (err) {
    return internalError(err);
  }
};
