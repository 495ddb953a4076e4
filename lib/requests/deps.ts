import "server-only";
import { apiDeps } from "@/lib/api/deps";
import type { ApiDeps, ApiParams } from "@/lib/api/context";
import { nextRoute } from "@/lib/api/context";
import { env } from "@/lib/env";
import { getEventFeed } from "@/lib/events";
import type { EventFeed } from "@/lib/events/feed";
import { publicOrigin } from "@/lib/net/public-origin";
import { publicHookTarget } from "./callback";
import type { RequestDeps } from "./service";
import { deliverDueWebhooks } from "./webhooks";

/** What the requests API uses, passed in so tests call the handlers without Next running. */
export interface RequestApiDeps extends ApiDeps, RequestDeps {
  feed: EventFeed;
  /** Where approval links point (APP_URL, or this machine's address). */
  origin: string;
  /** Called after a resolution commits: sends its callback now rather than on the next timer tick. */
  kick(): void;
  /** Long polls and streams are capped here (tests shorten them). */
  maxWaitSeconds?: number;
  streamMaxMs?: number;
  heartbeatMs?: number;
  /** How often a waiting poll or stream has the feed catch up by id (lib/requests/wait.ts; tests shorten it). */
  catchUpMs?: number;
}

export type RequestParams = ApiParams & { id?: string };
export type RequestHandler = (req: Request, params: RequestParams, deps: RequestApiDeps) => Promise<Response>;

export async function requestApiDeps(): Promise<RequestApiDeps> {
  const base = await apiDeps();
  const hookTarget = publicHookTarget();
  const deps: RequestApiDeps = {
    ...base,
    feed: await getEventFeed(),
    hookTarget,
    origin: publicOrigin().origin,
    streamMaxMs: env.EVENT_STREAM_MAX_SECONDS * 1000,
    heartbeatMs: env.EVENT_STREAM_HEARTBEAT_SECONDS * 1000,
    kick: () => void deliverDueWebhooks({ db: base.db, vault: base.vault, hookTarget }).catch(() => {}),
  };
  return deps;
}

/** A requests API handler as a Next route export, with the real deps. */
export function requestRoute<P extends RequestParams>(handler: RequestHandler) {
  return nextRoute<P, RequestApiDeps>(requestApiDeps, handler);
}
