import { getCurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { deploymentEventStream } from "@/lib/deployments/stream";
import { driveDeployment, FOLLOW_DEFAULTS } from "@/lib/deployments/worker";
import { env } from "@/lib/env";
import { streamRecheck } from "@/lib/events/access";
import { getEventFeed } from "@/lib/events";
import { lastEventIdOf } from "@/lib/events/sse";
import { integrationDeps } from "@/lib/integrations/deps";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// The stream ends itself before EVENT_STREAM_MAX_SECONDS (280 s by default), inside this.
export const maxDuration = 300;

/**
 * GET: one deployment's events as Server-Sent Events, for any member of its org (checked in
 * deploymentEventStream). EventSource resends the last seq it saw as Last-Event-ID. On Vercel the
 * stream also drives the deployment's follower while someone watches (no process outlives a request there).
 */
export async function GET(req: Request, { params }: { params: Promise<{ orgSlug: string; id: string }> }) {
  const { orgSlug, id } = await params;
  const user = await getCurrentUser();
  const db = await getDb();
  const lastEventId = lastEventIdOf(req);
  const recheck = user ? await streamRecheck(db, user.id, orgSlug) : async () => null;
  const drive = env.VERCEL
    ? async (signal: AbortSignal, budgetMs: number) => driveDeployment(await integrationDeps(), id, { ...FOLLOW_DEFAULTS, budgetMs, signal })
    : undefined;
  return deploymentEventStream({ db, feed: await getEventFeed() }, user?.id ?? null, orgSlug, id, { lastEventId, signal: req.signal, recheck }, {
    heartbeatMs: env.EVENT_STREAM_HEARTBEAT_SECONDS * 1000,
    maxMs: env.EVENT_STREAM_MAX_SECONDS * 1000,
    retryMs: 1000,
    drive,
  });
}
