import type { Db } from "@/lib/db/types";
import { authorizeOrg } from "@/lib/orgs/authorize";
import type { Role } from "@/lib/orgs/queries";
import type { EventFeed } from "./feed";
import { EVENT_ID, resumeAfter } from "./queries";
import { refuseStream, sseResponse } from "./sse";
import type { Audience } from "./types";

export interface StreamOptions {
  /** A comment line this often keeps proxies from closing the idle stream; access is re-checked with it. */
  heartbeatMs: number;
  /** The stream ends itself after this long, before the platform cuts the function off. */
  maxMs: number;
  /** The reconnect delay the browser is told to use (the SSE retry field). */
  retryMs: number;
}

export interface StreamRequest {
  /** Last-Event-ID, or the ?after= fallback; null starts at the org's newest event. */
  lastEventId: string | null;
  /** Aborts when the client goes away. Not reliable everywhere (Vercel), hence maxMs too. */
  signal: AbortSignal;
  /** The caller's role in the org now, or null when they may no longer read it (removed, signed out). */
  recheck(): Promise<Role | null>;
}

const audienceOf = (role: Role): Audience => (role === "member" ? "member" : "admin");

/**
 * An org's events as Server-Sent Events. The caller (the route handler) passes the session's
 * user; membership is checked here, before anything is streamed, and again with every heartbeat
 * and whenever a membership event names this user, so a removed member's stream ends (and one
 * whose role changed reconnects for the other audience). Starting after Last-Event-ID, it sends
 * what was missed and then live events through the feed, which delivers each id once and in order.
 */
export async function orgEventStream(
  deps: { db: Db; feed: EventFeed }, userId: string | null, slug: string, req: StreamRequest, opts: StreamOptions,
): Promise<Response> {
  if (!userId) return refuseStream(401, "Sign in to follow this organization's events.");
  const auth = await authorizeOrg(deps.db, userId, slug, "member");
  if (!auth.ok) return refuseStream(auth.status, auth.error);
  const { orgId, role } = auth.membership;
  const viewer = audienceOf(role);
  if (req.lastEventId !== null && !EVENT_ID.test(req.lastEventId)) return refuseStream(400, "Last-Event-ID must be an event id this stream sent.");
  const after = await resumeAfter(deps.db, orgId, req.lastEventId);

  const allowed = async () => {
    const now = await req.recheck();
    return !!now && audienceOf(now) === viewer;
  };
  return sseResponse({ ...opts, signal: req.signal, allowed }, (channel) => {
    const unsubscribe = deps.feed.subscribe(orgId, after.toString(), viewer, {
      deliver(e) {
        channel.send({ id: e.id, data: { id: e.id, type: e.type, data: e.data, createdAt: e.createdAt } });
        if (e.type.startsWith("member.") && (e.data as { userId?: string }).userId === userId) channel.recheck();
      },
      fail: () => channel.end("reconnect to resume"),
    });
    return { heartbeat: () => deps.feed.catchUp(orgId), close: unsubscribe };
  });
}
