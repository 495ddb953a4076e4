import { z } from "zod";
import { sseResponse } from "@/lib/events/sse";
import type { RequestHandler } from "@/lib/requests/deps";
import { getRequest } from "@/lib/requests/queries";
import { isTerminal, requesterKey } from "@/lib/requests/types";
import { waitForOutcome } from "@/lib/requests/wait";
import { authenticateApiKey } from "./auth";
import { guarded, withHeaders } from "./context";
import { findKeyByPrefix } from "./keys";
import { apiError } from "./errors";
import { presentRequest } from "./requests-present";

/**
 * GET /api/v1/requests/{org}/{id}/events: one request's state as Server-Sent Events, for
 * fetch-based clients holding the requesting key (EventSource cannot send X-API-Key; browsers use
 * the org stream). The first event is the state now; a terminal state is the last event and ends
 * the stream. Heartbeats keep proxies from closing it; it ends itself before the platform's time
 * limit, and the client then reconnects (the first event again tells it the state).
 */
export const requestStreamHandler: RequestHandler = guarded(async (req, { orgSlug, id }, deps) => {
  const a = await authenticateApiKey(req, deps.db, { orgSlug, scope: "request", rateLimit: deps.rateLimit });
  if (!a.ok) return a.response;
  const row = id && z.uuid().safeParse(id).success ? await getRequest(deps.db, a.key.orgId, id) : null;
  if (!row || row.requester !== requesterKey({ type: "api_key", keyId: a.key.id, label: "" })) {
    return withHeaders(apiError("not_found", "No such credential request for this API key."), a.headers);
  }
  const orgId = a.key.orgId;
  const maxMs = deps.streamMaxMs ?? 280_000;
  // Asked with every heartbeat: a key revoked or expired (or whose creator lost admin) mid-stream
  // ends it, as a new request with that key would be refused.
  const allowed = async () => {
    const now = await findKeyByPrefix(deps.db, a.key.prefix);
    return !!now && now.id === a.key.id && !now.revoked && !now.expired && now.creatorIsAdmin && now.scopes.includes("request");
  };
  const life = { signal: req.signal, heartbeatMs: deps.heartbeatMs ?? 20_000, maxMs, retryMs: 1000, allowed };
  const frame = (r: typeof row) => ({ event: "request", data: presentRequest(r, a.key.orgSlug, deps.origin) });
  const body = sseResponse(life, (channel) => {
    void (async () => {
      try {
        let current = await waitForOutcome(deps, orgId, row.id, 0);
        if (current) channel.send(frame(current));
        while (current && !isTerminal(current.state) && !channel.signal.aborted) {
          current = await waitForOutcome(deps, orgId, row.id, maxMs, channel.signal);
          if (current && isTerminal(current.state)) channel.send(frame(current));
        }
        channel.end(current && isTerminal(current.state) ? undefined : "time limit reached; reconnect");
      } catch {
        channel.end("reconnect to resume");
      }
    })();
    return {
      // As the org streams do: a notification that never came costs a heartbeat, not the stream.
      heartbeat: () => deps.feed.catchUp(orgId),
      // No ids to resume from: the first event of the next stream tells the state again.
      timeLimit: () => channel.end("time limit reached; reconnect"),
    };
  });
  return withHeaders(body, a.headers);
});
