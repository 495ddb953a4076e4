import "server-only";
import { integrationDeps } from "@/lib/integrations/deps";
import { claimDue, FOLLOW_DEFAULTS, followClaimed } from "./worker";

// On globalThis so a dev-mode module reload does not start a second timer.
const holder = globalThis as unknown as { __switchboardDeploymentsTimer?: NodeJS.Timeout };

// How many deployments one instance follows at once; the rest wait for a free slot or another instance.
const MAX_IN_FLIGHT = 8;
// A claim lasts this long before it is let go and claimed again: long follows take turns.
const SLICE_MS = 60_000;

/**
 * The follower worker of a long-lived server (the embedded default and server mode): every second
 * it claims due deployments nobody follows and follows each in its own loop. Every instance runs
 * one; the lease in each deployment's row keeps them from following the same one. unref'd.
 */
export function startDeploymentTimer(intervalMs = 1000): void {
  if (holder.__switchboardDeploymentsTimer) return;
  const inFlight = new Set<string>();
  let claiming = false;
  holder.__switchboardDeploymentsTimer = setInterval(async () => {
    if (claiming || inFlight.size >= MAX_IN_FLIGHT) return;
    claiming = true;
    try {
      const deps = await integrationDeps();
      for (const claim of await claimDue(deps.db, FOLLOW_DEFAULTS.leaseSeconds, MAX_IN_FLIGHT - inFlight.size)) {
        inFlight.add(claim.id);
        void followClaimed(deps, claim.id, claim.holder, { ...FOLLOW_DEFAULTS, budgetMs: SLICE_MS }).finally(() => inFlight.delete(claim.id));
      }
    } catch (err) {
      console.error("[deployments] claim failed:", err instanceof Error ? err.message.slice(0, 200) : "error");
    } finally {
      claiming = false;
    }
  }, intervalMs);
  holder.__switchboardDeploymentsTimer.unref();
}
