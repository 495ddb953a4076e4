import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { publicHookTarget } from "@/lib/requests/callback";
import { getVault } from "@/lib/vault";
import { pruneWebhooksNowAndThen } from "./retention";
import { attemptDelivery, claimDue, type DrainSummary, type WorkerDeps } from "./worker";

/** The SSRF guard as subscriptions use it: problems name "The URL"; the operator's pinned hosts apply. */
export const subscriptionTarget = () => publicHookTarget({ label: "The URL", pinnedHosts: env.WEBHOOK_PINNED_HOSTS });

export async function workerDeps(): Promise<WorkerDeps> {
  return { db: await getDb(), vault: await getVault(), target: subscriptionTarget() };
}

/** Attempts one drain keeps in flight at once (what one claim took before the drain was pipelined). */
export const DRAIN_SLOTS = 20;
// While attempts are in flight and slots are free, how often the drain looks for deliveries that
// fell due since (new ones, retries, leases that lapsed on a dead instance).
const POLL_MS = 1000;

/**
 * Sends due deliveries, up to DRAIN_SLOTS at once, until nothing is due or in flight, or until
 * `budgetMs` has passed (a cron call's slice of its function's time); attempts in flight then
 * finish, bounded by the send timeout. A slot is refilled as soon as its attempt ends, never
 * after a whole batch: one receiver that takes its 15 s must not hold up every other delivery of
 * the instance (the soak saw a dead instance's lapsed lease wait a minute behind the backlog).
 */
export async function drainFor(budgetMs: number, deps?: WorkerDeps): Promise<DrainSummary> {
  const d = deps ?? (await workerDeps());
  const total: DrainSummary = { sent: 0, retrying: 0, failed: 0 };
  const end = Date.now() + budgetMs;
  const inFlight = new Set<Promise<void>>();
  let failure: { err: unknown } | undefined;
  try {
    while (!failure && Date.now() < end) {
      await pruneWebhooksNowAndThen(d.db);
      const free = DRAIN_SLOTS - inFlight.size;
      for (const due of free > 0 ? await claimDue(d, free) : []) {
        const p: Promise<void> = attemptDelivery(d, due)
          .then((outcome) => void total[outcome]++, (err: unknown) => void (failure ??= { err }))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if (inFlight.size === 0) break;
      await firstOf(inFlight, POLL_MS);
    }
  } finally {
    // Never rejects (each attempt's failure is caught above): what was claimed is seen to its end.
    await Promise.all(inFlight);
  }
  if (failure) throw failure.err;
  return total;
}

/** Resolves when one of `running` settles or after `ms`, whichever comes first. */
async function firstOf(running: Set<Promise<void>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([...running, new Promise<void>((r) => { timer = setTimeout(r, ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

const holder = globalThis as unknown as { __switchboardWebhooksTimer?: NodeJS.Timeout };

/**
 * On every instance, every 2 seconds: a delivery is due "immediately" and its first retry after
 * 5 s. Claims never overlap across instances (see claimDue). unref'd.
 */
export function startWebhooksTimer(intervalMs = 2000): void {
  if (holder.__switchboardWebhooksTimer) return;
  let running = false;
  holder.__switchboardWebhooksTimer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      // No budget: ending a slice means waiting out the attempts in flight (up to the send
      // timeout) with nothing claimed meanwhile. The drain ends by itself once the outbox is idle.
      await drainFor(Number.POSITIVE_INFINITY);
    } catch (err) {
      console.error("[webhooks] drain failed:", err instanceof Error ? err.message.slice(0, 200) : "error");
    } finally {
      running = false;
    }
  }, intervalMs);
  holder.__switchboardWebhooksTimer.unref();
}
