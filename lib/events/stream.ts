import type { Db } from "@/lib/db/types";
import { authorizeOrg } from "@/lib/orgs/authorize";
import type { Role } from "@/lib/orgs/queries";
import type { EventFeed } from "./feed";
import { EVENT_ID, latestEventId } from "./queries";
import type { Audience, OrgEvent } from "./types";

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

const HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform: compression and proxies otherwise buffer the stream; X-Accel-Buffering: nginx.
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
};

const refuse = (status: number, error: string) => Response.json({ ok: false, error }, { status, headers: { "Cache-Control": "no-store" } });
const audienceOf = (role: Role): Audience => (role === "member" ? "member" : "admin");
const frame = (e: OrgEvent) => `id: ${e.id}\ndata: ${JSON.stringify({ id: e.id, type: e.type, data: e.data, createdAt: e.createdAt })}\n\n`;

/**
 * An org's events as Server-Sent Events. The caller (the route handler) passes the session's
 * user; membership is checked here, before anything is streamed, and again with every heartbeat
 * and whenever a membership event names this user, so a removed member's stream ends. Starting
 * after Last-Event-ID, it sends what was missed and then live events through the feed, which
 * delivers each id once and in order.
 */
export async function orgEventStream(
  deps: { db: Db; feed: EventFeed }, userId: string | null, slug: string, req: StreamRequest, opts: StreamOptions,
): Promise<Response> {
  if (!userId) return refuse(401, "Sign in to follow this organization's events.");
  const auth = await authorizeOrg(deps.db, userId, slug, "member");
  if (!auth.ok) return refuse(auth.status, auth.error);
  const { orgId, role } = auth.membership;
  const viewer = audienceOf(role);
  if (req.lastEventId !== null && !EVENT_ID.test(req.lastEventId)) return refuse(400, "Last-Event-ID must be an event id this stream sent.");
  const latest = BigInt(await latestEventId(deps.db, orgId));
  // Past the newest id can only mean a database that was reset since: start at its newest.
  const after = req.lastEventId === null || BigInt(req.lastEventId) > latest ? latest : BigInt(req.lastEventId);

  const encoder = new TextEncoder();
  let finish: (final?: string) => void = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const goodbye = (why: string) => `retry: ${opts.retryMs}\n: ${why}\n\n`;
      let checking = false;
      const check = async () => {
        if (checking || closed) return;
        checking = true;
        try {
          const now = await req.recheck();
          if (!now || audienceOf(now) !== viewer) finish(goodbye("access changed"));
        } catch {
          // The database did not answer this time: the next heartbeat asks again.
        } finally {
          checking = false;
        }
      };

      send(`retry: ${opts.retryMs}\n: connected\n\n`);
      const unsubscribe = deps.feed.subscribe(orgId, after.toString(), viewer, {
        deliver(event) {
          send(frame(event));
          if (event.type.startsWith("member.") && (event.data as { userId?: string }).userId === userId) void check();
        },
        fail: () => finish(goodbye("reconnect to resume")),
      });
      const beat = setInterval(() => {
        send(": heartbeat\n\n");
        deps.feed.catchUp(orgId);
        void check();
      }, opts.heartbeatMs);
      const limit = setTimeout(() => finish(goodbye("time limit reached; reconnect with Last-Event-ID")), opts.maxMs);
      const onAbort = () => finish();

      finish = (final) => {
        if (closed) return;
        if (final) send(final);
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
