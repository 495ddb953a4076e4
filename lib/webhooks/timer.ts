import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { publicHookTarget } from "@/lib/requests/callback";
import { getVault } from "@/lib/vault";
import { pruneWebhooksNowAndThen } from "./retention";
import { drainWebhooks, type DrainSummary, type WorkerDeps } from "./worker";

/** The SSRF guard as subscriptions use it: problems name "The URL"; the operator's pinned hosts apply. */
export const subscriptionTarget = () => publicHookTarget({ label: "The URL", pinnedHosts: env.WEBHOOK_PINNED_HOSTS });

export async function workerDeps(): Promise<WorkerDeps> {
  return { db: await getDb(), vault: await getVault(), target: subscriptionTarget() };
}

/**
 * Drains batch after batch until nothing is due or `budgetMs` has passed (a cron call's slice of
 * its function's time; a batch in flight finishes, bounded by the 15 s timeout).
 */
export async function drainFor(budgetMs: number, deps?: WorkerDeps): Promise<DrainSummary> {
  const d = deps ?? (await workerDeps());
  await pruneWebhooksNowAndThen(d.db);
  const total: DrainSummary = { sent: 0, retrying: 0, failed: 0 };
  const end = Date.now() + budgetMs;
  while (Date.now() < end) {
    const s = await drainWebhooks(d);
    total.sent += s.sent; total.retrying += s.retrying; total.failed += s.failed;
    if (s.sent + s.retrying + s.failed === 0) break;
  }
  return total;
}

const holder = globalThis as unknown as { __switchboardWebhooksTimer?: NodeJS.Timeout };

/**
 * On every instance, every 2 seconds: a delivery is due "immediately" and its first retry after
 * 5 s. Claims never overlap across instances (see drainWebhooks). unref'd.
 */
export function startWebhooksTimer(intervalMs = 2000): void {
  if (holder.__switchboardWebhooksTimer) return;
  let running = false;
  holder.__switchboardWebhooksTimer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await drainFor(30_000);
    } catch (err) {
      console.error("[webhooks] drain failed:", err instanceof Error ? err.message.slice(0, 200) : "error");
    } finally {
      running = false;
    }
  }, intervalMs);
  holder.__switchboardWebhooksTimer.unref();
}
