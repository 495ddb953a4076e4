import type { Db } from "@/lib/db/types";
import { PROVIDER_DOWN, recentProviderOutcomes } from "./history";

export interface BackoffPolicy { baseMs: number; maxMs: number }

const down = new Set<string>(PROVIDER_DOWN);

/**
 * When a provider that has been answering outage or rate-limit may be tried again, or null if
 * its latest check got a real answer. The wait is as long as it has been down so far (never less
 * than base, never more than max), so each retry roughly doubles the gap. Derived from history
 * alone: any instance computes the same answer, and a manual check that works ends the streak.
 */
export function retryAfter(recent: { outcome: string; checkedAt: Date }[], policy: BackoffPolicy): Date | null {
  let streak = 0;
  while (streak < recent.length && down.has(recent[streak].outcome)) streak++;
  if (streak === 0) return null;
  const last = new Date(recent[0].checkedAt).getTime();
  const first = new Date(recent[streak - 1].checkedAt).getTime();
  return new Date(last + Math.min(policy.maxMs, Math.max(policy.baseMs, last - first)));
}

/** The providers among `providers` that are still waiting out a backoff at `now`. */
export async function providersBackingOff(db: Db, providers: string[], now: Date, policy: BackoffPolicy): Promise<string[]> {
  const since = new Date(now.getTime() - 2 * policy.maxMs);
  const recent = await recentProviderOutcomes(db, providers, since);
  return providers.filter((provider) => {
    const until = retryAfter(recent.get(provider) ?? [], policy);
    return until !== null && until > now;
  });
}
