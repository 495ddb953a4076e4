import "server-only";
import { env } from "@/lib/env";
import { integrationDeps } from "./deps";
import { runScheduledRevalidation } from "./scheduler";

// On globalThis so a dev-mode module reload does not start a second timer.
const holder = globalThis as unknown as { __switchboardRevalidateTimer?: NodeJS.Timeout };

/**
 * The embedded default has no Vercel Cron: this timer stands in for it. unref'd so it never keeps
 * the process alive, and a tick that finds the previous run still going skips (the database
 * lease would refuse it anyway; this saves the round trip).
 */
export function startRevalidationTimer(intervalMs = env.REVALIDATE_INTERVAL_SECONDS * 1000): void {
  if (holder.__switchboardRevalidateTimer) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const s = await runScheduledRevalidation(await integrationDeps(), { staleAfterMinutes: env.REVALIDATE_AFTER_MINUTES });
      if (s.checked || s.failed) console.info(`[scheduler] checked ${s.checked} (${s.invalid} invalid, ${s.inconclusive} inconclusive, ${s.failed} failed) in ${s.durationMs} ms`);
    } catch (err) {
      console.error("[scheduler] run failed:", err instanceof Error ? err.message.slice(0, 200) : "error");
    } finally {
      running = false;
    }
  };
  holder.__switchboardRevalidateTimer = setInterval(tick, intervalMs);
  holder.__switchboardRevalidateTimer.unref();
}
