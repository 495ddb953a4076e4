import type { Db } from "@/lib/db/types";
import type { EventFeed } from "@/lib/events/feed";
import { latestEventId } from "@/lib/events/queries";
import { authorizeOrg } from "@/lib/orgs/authorize";
import type { Role } from "@/lib/orgs/queries";
import { deploymentEventsSince, getDeployment } from "./queries";

export interface DeploymentStreamOptions {
  heartbeatMs: number;
  /** The stream ends itself after this long (before the platform's function limit); the browser resumes. */
  maxMs: number;
  retryMs: number;
  /**
   * Where no process outlives a request (Vercel), the stream also follows the provider while
   * someone watches: a slice of the worker for this deployment, under its lease as always.
   */
  drive?: (signal: AbortSignal, budgetMs: number) => Promise<void>;
}

export interface DeploymentStreamRequest {
  /** Last-Event-ID (or ?after=): the seq of the last event the browser has; null or "0" from the start. */
  lastEventId: string | null;
  signal: AbortSignal;
  /** The caller's role in the org now, or null when they may no longer read it. */
  recheck(): Promise<Role | null>;
}

const HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
};
const SEQ = /^(0|[1-9][0-9]{0,15})$/;
const refuse = (status: number, error: string) => Response.json({ ok: false, error }, { status, headers: { "Cache-Control": "no-store" } });

/**
 * One deployment's events as Server-Sent Events, for any member of its org: everything after
 * Last-Event-ID (the history on a first visit), then the live tail. The tail is woken by the
 * org's shared event feed (deployment.progress, on every instance through the same LISTEN) and
 * always read from the table by seq, so a reconnect with Last-Event-ID misses nothing and
 * repeats nothing. Once the deployment is read to its end and all of it was sent, an `end` event
 * closes the stream for good; otherwise it ends itself before maxMs and the browser resumes.
 */
export async function deploymentEventStream(
  deps: { db: Db; feed: EventFeed }, userId: string | null, slug: string, deploymentId: string, req: DeploymentStreamRequest, opts: DeploymentStreamOptions,
): Promise<Response> {
  if (!userId) return refuse(401, "Sign in to watch this deployment.");
  const auth = await authorizeOrg(deps.db, userId, slug, "member");
  if (!auth.ok) return refuse(auth.status, auth.error);
  const { orgId } = auth.membership;
  if (!/^[0-9a-f-]{36}$/.test(deploymentId)) return refuse(404, "No such deployment in this organization.");
  const found = await getDeployment(deps.db, orgId, deploymentId);
  if (!found) return refuse(404, "No such deployment in this organization.");
  if (req.lastEventId !== null && !SEQ.test(req.lastEventId)) return refuse(400, "Last-Event-ID must be an event id this stream sent.");
  // Taken before the history is read: whatever is stored after this point wakes the tail.
  const feedFrom = await latestEventId(deps.db, orgId);
  let sent = req.lastEventId === null ? 0 : Number(req.lastEventId);

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

      let reading = false;
      let again = false;
      const drain = async () => {
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        try {
          do {
            again = false;
            // Read the row first: if it says "followed to the end", every event it has is stored, and the reads below get them all.
            const d = await getDeployment(deps.db, orgId, deploymentId);
            for (;;) {
              const page = await deploymentEventsSince(deps.db, orgId, deploymentId, sent, 500);
              for (const e of page) {
                if (closed) return;
                send(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`);
                sent = e.seq;
              }
              if (page.length < 500) break;
            }
            if (d?.followedAt && sent >= d.lastSeq) {
              send(`event: end\ndata: ${JSON.stringify({ state: d.state })}\n\n`);
              finish();
              return;
            }
          } while (again && !closed);
        } catch {
          finish(goodbye("reconnect to resume"));
        } finally {
          reading = false;
        }
      };

      const check = async () => {
        try {
          if (!(await req.recheck())) finish(goodbye("access changed"));
        } catch { /* asked again with the next heartbeat */ }
      };

      send(`retry: ${opts.retryMs}\n: connected\n\n`);
      void drain();
      const unsubscribe = deps.feed.subscribe(orgId, feedFrom, "member", {
        deliver(event) {
          if (event.type.startsWith("deployment.") && (event.data as { deploymentId?: string }).deploymentId === deploymentId) void drain();
          if (event.type === "member.removed" && (event.data as { userId?: string }).userId === userId) void check();
        },
        fail: () => finish(goodbye("reconnect to resume")),
      });
      const beat = setInterval(() => {
        send(": heartbeat\n\n");
        deps.feed.catchUp(orgId);
        void check();
        void drain();
      }, opts.heartbeatMs);
      const limit = setTimeout(() => finish(goodbye("time limit reached; reconnect with Last-Event-ID")), opts.maxMs);
      const stopDriving = new AbortController();
      // Bounded inside the stream's own limit, so the slice lets go of the lease before the function ends.
      if (opts.drive) void opts.drive(stopDriving.signal, Math.max(opts.maxMs - 5000, 1000)).catch(() => {});
      const onAbort = () => finish();

      finish = (final) => {
        if (closed) return;
        if (final) send(final);
        closed = true;
        clearInterval(beat);
        clearTimeout(limit);
        stopDriving.abort();
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
