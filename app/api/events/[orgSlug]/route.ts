import { getCurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { streamRecheck } from "@/lib/events/access";
import { getEventFeed } from "@/lib/events";
import { lastEventIdOf } from "@/lib/events/sse";
import { orgEventStream } from "@/lib/events/stream";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET: the org's live events as Server-Sent Events, for the session's user (checked in
 * orgEventStream). EventSource resends the last id it saw as Last-Event-ID; ?after= serves
 * clients that cannot set headers and a page that knows the id its render reflects.
 */
export async function GET(req: Request, { params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const user = await getCurrentUser();
  const db = await getDb();
  const lastEventId = lastEventIdOf(req);
  const recheck = user ? await streamRecheck(db, user.id, orgSlug) : async () => null;
  return orgEventStream({ db, feed: await getEventFeed() }, user?.id ?? null, orgSlug, { lastEventId, signal: req.signal, recheck }, {
    heartbeatMs: env.EVENT_STREAM_HEARTBEAT_SECONDS * 1000,
    maxMs: env.EVENT_STREAM_MAX_SECONDS * 1000,
    retryMs: 1000,
  });
}
