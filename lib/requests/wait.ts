import type { Db } from "@/lib/db/types";
import type { EventFeed } from "@/lib/events/feed";
import { latestEventId } from "@/lib/events/queries";
import { readRequest } from "./service";
import { isTerminal, type RequestRow } from "./types";

/** The longest long poll: under the minute proxies and serverless platforms allow an idle request. */
export const MAX_WAIT_SECONDS = 55;
/** How often a waiting poll or stream reads the org's new events itself, notification or not. */
export const CATCH_UP_MS = 5_000;

/**
 * The request once it reaches a terminal state, or as it stands after `waitMs`. Woken by the org's
 * event feed (the request.resolved event, which every resolution writes in its own transaction)
 * and by a timer at the request's expiry, never by reading the request in a loop. The feed's
 * position is taken before the state is read, so a resolution committed in between still wakes it;
 * and every few seconds the feed is told to catch up by id (as the org streams do at each
 * heartbeat), so a notification that never arrives (a dropped LISTEN connection, a pooler that
 * swallows them) costs seconds, never the whole wait.
 */
export async function waitForOutcome(
  deps: { db: Db; feed: EventFeed; catchUpMs?: number }, orgId: string, id: string, waitMs: number, signal?: AbortSignal,
): Promise<RequestRow | null> {
  const after = await latestEventId(deps.db, orgId);
  const row = await readRequest(deps.db, orgId, id);
  if (!row || isTerminal(row.state) || waitMs <= 0 || signal?.aborted) return row;
  await new Promise<void>((resolve) => {
    let unsubscribe = () => {};
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearInterval(catchUp);
      unsubscribe();
      signal?.removeEventListener("abort", done);
      resolve();
    };
    // Just past the expiry, so the read below finds it due and records the expiry.
    const untilExpiry = new Date(row.expiresAt).getTime() - Date.now() + 20;
    const timer = setTimeout(done, Math.max(0, Math.min(waitMs, untilExpiry)));
    const catchUp = setInterval(() => deps.feed.catchUp(orgId), deps.catchUpMs ?? CATCH_UP_MS);
    signal?.addEventListener("abort", done);
    unsubscribe = deps.feed.subscribe(orgId, after, "admin", {
      deliver(event) {
        if (event.type === "request.resolved" && (event.data as { requestId: string }).requestId === id) done();
      },
      // The feed lost the database: answer with what the table says; the client asks again.
      fail: done,
    });
    if (finished) unsubscribe();
  });
  return readRequest(deps.db, orgId, id);
}
