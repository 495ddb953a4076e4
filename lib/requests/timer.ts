import "server-only";
import { getDb } from "@/lib/db";
import { getVault } from "@/lib/vault";
import { publicHookTarget } from "./callback";
import { expireDue } from "./queries";
import { deliverDueWebhooks, type DeliverySummary } from "./webhooks";

/**
 * The reconciler: persists the expiry of requests past their time (each once, with its event, so
 * the panel and waiting clients learn it even if nobody reads the request) and sends the
 * callbacks that are due, first tries and retries alike. Called by the in-process timer and by
 * /api/cron/revalidate; safe from many instances at once.
 */
export async function reconcileRequests(): Promise<{ expired: number } & DeliverySummary> {
  const db = await getDb();
  const expired = await db.transaction((tx) => expireDue(tx, null));
  const sent = await deliverDueWebhooks({ db, vault: await getVault(), hookTarget: publicHookTarget() });
  return { expired: expired.length, ...sent };
}

const holder = globalThis as unknown as { __switchboardRequestsTimer?: NodeJS.Timeout };

/** Every few seconds: a callback retried after 5 s must not wait for a five-minute cron. unref'd. */
export function startRequestsTimer(intervalMs = 5000): void {
  if (holder.__switchboardRequestsTimer) return;
  let running = false;
  holder.__switchboardRequestsTimer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await reconcileRequests();
    } catch (err) {
      console.error("[requests] reconcile failed:", err instanceof Error ? err.message.slice(0, 200) : "error");
    } finally {
      running = false;
    }
  }, intervalMs);
  holder.__switchboardRequestsTimer.unref();
}
