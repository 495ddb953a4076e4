import type { Db } from "@/lib/db/types";
import type { EventFeed } from "@/lib/events/feed";
import { latestEventId } from "@/lib/events/queries";
import { refuseStream, sseResponse, type SseChannel } from "@/lib/events/sse";
import { authorizeOrg } from "@/lib/orgs/authorize";
import type { Role } from "@/lib/orgs/queries";
import { isUuid } from "@/lib/zod/text";
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

const SEQ = /^(0|[1-9][0-9]{0,15})$/;

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
  if (!userId) return refuseStream(401, "Sign in to watch this deployment.");
  const auth = await authorizeOrg(deps.db, userId, slug, "member");
  if (!auth.ok) return refuseStream(auth.status, auth.error);
  const { orgId } = auth.membership;
  if (!isUuid(deploymentId)) return refuseStream(404, "No such deployment in this organization.");
  const found = await getDeployment(deps.db, orgId, deploymentId);
  if (!found) return refuseStream(404, "No such deployment in this organization.");
  if (req.lastEventId !== null && !SEQ.test(req.lastEventId)) return refuseStream(400, "Last-Event-ID must be an event id this stream sent.");
  // Taken before the history is read: whatever is stored after this point wakes the tail.
  const feedFrom = await latestEventId(deps.db, orgId);
  const tail = deploymentTail(deps.db, orgId, deploymentId, req.lastEventId === null ? 0 : Number(req.lastEventId));

  const allowed = async () => !!(await req.recheck());
  return sseResponse({ ...opts, signal: req.signal, allowed }, (channel) => {
    const drain = () => tail(channel);
    void drain();
    const unsubscribe = deps.feed.subscribe(orgId, feedFrom, "member", {
      deliver(event) {
        if (event.type.startsWith("deployment.") && (event.data as { deploymentId?: string }).deploymentId === deploymentId) void drain();
        if (event.type === "member.removed" && (event.data as { userId?: string }).userId === userId) channel.recheck();
      },
      fail: () => channel.end("reconnect to resume"),
    });
    // Bounded inside the stream's own limit, so the slice lets go of the lease before the function ends.
    if (opts.drive) void opts.drive(channel.signal, Math.max(opts.maxMs - 5000, 1000)).catch(() => {});
    return {
      heartbeat: () => {
        deps.feed.catchUp(orgId);
        void drain();
      },
      close: unsubscribe,
    };
  });
}

/**
 * Sends the deployment's events after `sent` by seq, one read at a time (a wake-up during a read
 * reads again after it), and the `end` event that closes the stream once it is followed to its end.
 */
function deploymentTail(db: Db, orgId: string, deploymentId: string, sent: number) {
  let reading = false;
  let again = false;
  return async function drain(channel: SseChannel): Promise<void> {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        // Read the row first: if it says "followed to the end", every event it has is stored, and the reads below get them all.
        const d = await getDeployment(db, orgId, deploymentId);
        for (;;) {
          const page = await deploymentEventsSince(db, orgId, deploymentId, sent, 500);
          for (const e of page) {
            if (channel.signal.aborted) return;
            channel.send({ id: e.seq, data: e });
            sent = e.seq;
          }
          if (page.length < 500) break;
        }
        if (d?.followedAt && sent >= d.lastSeq) {
          channel.send({ event: "end", data: { state: d.state } });
          channel.end();
          return;
        }
      } while (again && !channel.signal.aborted);
    } catch {
      channel.end("reconnect to resume");
    } finally {
      reading = false;
    }
  };
}
