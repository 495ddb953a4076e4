import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { getBilling } from "@/lib/billing/stripe";
import { revalidateCutoffs, type RevalidateCutoffs } from "@/lib/billing/revalidate-interval";
import { getProvider, providerIds } from "@/lib/providers";
import { providersBackingOff } from "./backoff";
import { batchedCheckReads } from "./check-subject";
import { batchedSteadyWrites } from "./check-write";
import { PROVIDER_DOWN } from "./history";
import { withLease } from "./lease";
import { revalidateIntegration, type Deps } from "./service";

export interface SchedulerOptions {
  /** A credential is due once its last check is older than this (REVALIDATE_AFTER_MINUTES). */
  staleAfterMinutes: number;
  /** Provider calls in flight at once, across providers (DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Calls in flight at once to any one provider (DEFAULT_PER_PROVIDER_IN_FLIGHT), whatever the concurrency. */
  perProviderInFlight?: number;
  /** At most this many checks per provider per run, so one org's fifty OpenAI keys cannot trip OpenAI's limits. */
  perProviderBudget?: number;
  /** At most this many checks per run, so a cron call ends well inside its time limit. */
  maxChecks?: number;
  backoffBaseMinutes?: number;
  backoffMaxMinutes?: number;
  /** The run's lease lives this long unless renewed (every third of it): how soon a dead run's lease frees. */
  leaseSeconds?: number;
  /** Apply each org's plan's shortest interval (lib/billing/plans.ts); by default when billing is configured. */
  plans?: boolean;
  now?: Date;
}

export interface RunSummary {
  /** False when another run held the lease; nothing was checked. */
  ran: boolean;
  checked: number;
  valid: number;
  invalid: number;
  inconclusive: number;
  /** Credentials that went from working (or unverified) to INVALID: one notification each. */
  becameInvalid: number;
  failed: number;
  /** Due, but left for a later run: over budget, or their provider went down during this run. */
  deferred: number;
  backedOff: string[];
  durationMs: number;
}

/** Scheduled checks are the system's doing, not a person's: audited with no actor. */
export const SCHEDULER_ACTOR: Actor = { userId: null, ip: null, userAgent: "switchboard-scheduler" };
const LEASE = "revalidate";
const LEASE_SECONDS = 30;
// Wide, so a run's checks of different providers overlap and it lasts about as long as its
// slowest check; the per-provider cap keeps that from turning into a burst at any one provider,
// and a provider that hangs holds only its own slots while the others' checks go on.
export const DEFAULT_CONCURRENCY = 20;
export const DEFAULT_PER_PROVIDER_IN_FLIGHT = 2;
const down = new Set<string>(PROVIDER_DOWN);

interface Due { id: string; orgId: string; provider: string; status: string }

// PENDING rows (saved without verifying) are due at once; the rest once their last check is stale.
// Only rows with a sealed secret: an OAuth connection has nothing here to validate. $2 is the
// cutoff for orgs not in $3, a json object of org id to that org's own cutoff (its plan's interval).
const DUE = `exists (select 1 from integration_secrets s where s.integration_id = i.id)
  and i.status <> 'NOT_CONFIGURED' and (i.status = 'PENDING' or i.last_checked_at is null
  or i.last_checked_at < coalesce(($3::jsonb ->> i.org_id::text)::timestamptz, $2))`;

/** Re-checks stale credentials, oldest first, within the budgets above. Safe to call from many instances at once. */
export async function runScheduledRevalidation(deps: Deps, opts: SchedulerOptions): Promise<RunSummary> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const summary: RunSummary = { ran: false, checked: 0, valid: 0, invalid: 0, inconclusive: 0, becameInvalid: 0, failed: 0, deferred: 0, backedOff: [], durationMs: 0 };
  const holder = randomUUID();
  // Renewed while the run lasts, so a run of any length keeps it, and one that dies frees it within a TTL.
  await withLease(deps.db, LEASE, holder, opts.leaseSeconds ?? LEASE_SECONDS, async (lost) => {
    summary.ran = true;
    const cutoff = await revalidateCutoffs(deps.db, now, opts.staleAfterMinutes, opts.plans ?? getBilling() !== null);
    // Every due credential within its provider's budget, and how many each provider has due, in one
    // statement; then the due providers' backoff in one more: three round trips before the first call.
    const candidates = await dueCandidates(deps.db, cutoff, opts.perProviderBudget ?? 10);
    const dueProviders = [...new Set(candidates.map((c) => c.provider))];
    const minutes = (m: number) => m * 60_000;
    summary.backedOff = await providersBackingOff(deps.db, dueProviders, now, {
      baseMs: minutes(opts.backoffBaseMinutes ?? 5), maxMs: minutes(opts.backoffMaxMinutes ?? 12 * 60),
    });
    const allowed = candidates.filter((c) => !summary.backedOff.includes(c.provider));
    const due = allowed.slice(0, opts.maxChecks ?? 100);
    const dueCount = [...new Map(allowed.map((c) => [c.provider, c.providerDue])).values()].reduce((a, b) => a + b, 0);
    summary.deferred = dueCount - due.length;

    // Once a provider answers outage or rate-limit, its remaining checks wait: more calls would only add load.
    const tripped = new Set<string>();
    const caps = { total: opts.concurrency ?? DEFAULT_CONCURRENCY, perKey: opts.perProviderInFlight ?? DEFAULT_PER_PROVIDER_IN_FLIGHT };
    // The checks that start together read their rows and secrets in one statement (check-subject.ts),
    // and those that end together write in one (check-write.ts).
    const io = { read: batchedCheckReads(deps.db), writeSteady: batchedSteadyWrites(deps.db, SCHEDULER_ACTOR) };
    await runPool(due, caps, (item) => item.provider, async (item) => {
      const provider = getProvider(item.provider);
      // A lost lease means another run now owns the schedule: leave the rest to it.
      if (!provider || tripped.has(item.provider) || lost()) return void summary.deferred++;
      try {
        const res = await revalidateIntegration(deps, SCHEDULER_ACTOR, item.orgId, provider, item.id, "scheduler", io);
        // A credential that does not decrypt is recorded as such by the service; it counts as failed.
        if (res.kind === "unreadable") return void summary.failed++;
        if (res.kind !== "checked") return; // Deleted since it was picked (its checks are never limited).
        summary.checked++;
        if (down.has(res.check.outcome)) tripped.add(item.provider);
        if (res.status === "INVALID" && item.status !== "INVALID") summary.becameInvalid++;
        if (res.check.outcome === "invalid") summary.invalid++;
        else if (res.check.outcome === "valid" || res.check.outcome === "valid_but_insufficient") summary.valid++;
        else summary.inconclusive++;
      } catch (err) {
        // One bad row must not stop the run. Name only: a message could quote decrypted input.
        summary.failed++;
        console.error(`[scheduler] check of integration ${item.id} failed:`, err instanceof Error ? err.name : "error");
      }
    });
  });
  return { ...summary, durationMs: Date.now() - started };
}

// Orgs take turns: every org's most urgent row comes before any org's second, so one org's pile
// of PENDING keys cannot use up a provider's budget and hold back everyone else's checks.
const URGENCY = `(i.status = 'PENDING') desc, i.last_checked_at nulls first, i.id`;

const dueParams = (c: RevalidateCutoffs) => [c.fallback, JSON.stringify(c.byOrg)];

/**
 * Due rows, oldest first as the run takes them, at most `perProvider` of each provider, each with
 * its provider's number of due rows (providerDue, the budget aside). Backed-off providers are
 * dropped from this afterwards (their rows never shift another provider's rank), and the run's
 * maxChecks is the first rows of what is left.
 */
async function dueCandidates(db: Db, cutoff: RevalidateCutoffs, perProvider: number): Promise<(Due & { providerDue: number })[]> {
  const { rows } = await db.query<Due & { providerDue: number }>(
    `select id, "orgId", provider, status, "providerDue" from (
       select i.id, i.org_id as "orgId", i.provider, i.status, i.last_checked_at, i.turn,
              (count(*) over (partition by i.provider))::int as "providerDue",
              row_number() over (partition by i.provider order by i.turn, ${URGENCY}) as rn
         from (select i.*, row_number() over (partition by i.provider, i.org_id order by ${URGENCY}) as turn
                 from integrations i where i.provider = any($1::text[]) and ${DUE}) i) d
      where rn <= $4 order by turn, (status = 'PENDING') desc, last_checked_at nulls first, id`,
    [providerIds, ...dueParams(cutoff), perProvider],
  );
  return rows;
}

/**
 * Runs fn over items, in their order as far as the caps allow: at most `total` in flight, and at
 * most `perKey` of any one key. An item whose key is at its cap waits, and the next item of
 * another key goes ahead of it.
 */
export async function runPool<T>(
  items: T[], caps: { total: number; perKey: number }, keyOf: (item: T) => string, fn: (item: T) => Promise<void>,
): Promise<void> {
  const waiting = [...items];
  const inFlight = new Map<string, number>();
  const perKey = Math.max(1, caps.perKey);
  let running = 0;
  return new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (waiting.length === 0 && running === 0) return resolve();
      for (let i = 0; i < waiting.length && running < Math.max(1, caps.total); ) {
        const key = keyOf(waiting[i]);
        if ((inFlight.get(key) ?? 0) >= perKey) { i++; continue; }
        const [item] = waiting.splice(i, 1);
        running++;
        inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
        fn(item).then(() => {
          running--;
          inFlight.set(key, inFlight.get(key)! - 1);
          pump();
        }, reject);
      }
    };
    pump();
  });
}
