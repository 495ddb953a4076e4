import type { Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { durationWords } from "@/lib/format";

/**
 * Provider checks (one live call that tests a credential) are limited per person and per org, so
 * Switchboard cannot be used to test stolen keys in bulk (product.md). A person's checks count
 * across all their orgs and on every path: the setup and re-validate actions, the REST API (a
 * key's checks are charged to the person who created it, so more keys or more orgs buy nothing),
 * and anything later acting for a person (an agent charges that person through reserveCheck). A
 * save without verifying counts too: the scheduler checks it next. The scheduler's own checks are
 * the one exemption (revalidateIntegration with source "scheduler").
 *
 * Counting and taking a slot is one statement, so one transaction (public.reserve_provider_check,
 * 20261203143000_one_statement_writes.sql), under two advisory locks, the person's and then the
 * org's (always in that order, so reservations never wait on each other in a cycle), and the
 * slot is written to provider_checks before the call is made. Concurrent reservations therefore
 * queue for a few milliseconds instead of all reading the same count: the limit is exact however
 * many requests arrive at once, on any number of instances. No lock is held across the call.
 */
export interface ValidationLimits { perPerson: number; perOrg: number; windowMinutes: number }

export const DEFAULT_LIMITS: ValidationLimits = { perPerson: 30, perOrg: 100, windowMinutes: 10 };

export type RateDecision = { ok: true } | { ok: false; error: string; retryAfterSeconds: number };

/** Who a check is charged to: the person behind the actor, or the API key itself if its creator is gone. */
export type Payer = { userId: string; apiKeyId: string | null } | { userId: null; apiKeyId: string };

export async function payerOf(db: Db, actor: Actor): Promise<Payer> {
  if (actor.userId) return { userId: actor.userId, apiKeyId: null };
  if (!actor.apiKey) throw new Error("A provider check must be charged to a person or an API key.");
  const { rows } = await db.query<{ id: string; createdBy: string | null }>(
    `select id::text, created_by::text as "createdBy" from api_keys where prefix = $1`, [actor.apiKey]);
  if (!rows[0]) throw new Error("The API key that asked for this check no longer exists.");
  return rows[0].createdBy ? { userId: rows[0].createdBy, apiKeyId: rows[0].id } : { userId: null, apiKeyId: rows[0].id };
}

/** public.reserve_provider_check's arguments after the org's: who pays, under which limits. */
export const reserveArgs = (payer: Payer, limits: ValidationLimits) =>
  [payer.userId ?? payer.apiKeyId, payer.userId !== null, limits.windowMinutes, limits.perPerson, limits.perOrg, payer.userId, payer.apiKeyId];

/** What public.reserve_provider_check counted; the free-in seconds only when it refused. */
export type ReserveCounts = { byMe: number; byOrg: number; meFree: number | null; orgFree: number | null };

/**
 * Takes one check from the actor's and the org's budgets, or answers with a sentence and a wait
 * when either window is full (and takes nothing). Call before the provider call, after the free
 * format check. Outside a transaction its commit does not wait for the disk (synchronous_commit
 * off for this one transaction): a slot is visible to every other reservation the moment it
 * commits, which is all exactness needs, and a database crash in the next few milliseconds can
 * only forget a slot, never a credential. A save without verifying takes its slot in the store's
 * own statement instead (store.ts).
 */
export async function reserveCheck(db: Db, actor: Actor, orgId: string, limits: ValidationLimits = DEFAULT_LIMITS): Promise<RateDecision> {
  const payer = await payerOf(db, actor);
  const slot = await reserveSlot(db, orgId, payer, limits);
  return slot.reserved ? { ok: true } : refusal(payer, limits, slot);
}

/** One public.reserve_provider_check; relaxed commit only when it is its own transaction. */
export async function reserveSlot(db: Db, orgId: string, payer: Payer, limits: ValidationLimits): Promise<ReserveCounts & { reserved: boolean }> {
  const relaxed = db.beforeCommit ? "" : `, set_config('synchronous_commit', 'off', true)`;
  const { rows } = await db.query<ReserveCounts & { reserved: boolean }>(
    `/* writes */ select reserved, by_me as "byMe", by_org as "byOrg", me_free as "meFree", org_free as "orgFree"${relaxed}
       from public.reserve_provider_check($1, $2, $3, $4, $5, $6, $7, $8)`,
    [orgId, ...reserveArgs(payer, limits)],
  );
  return rows[0];
}

/** The sentence and wait for a reservation public.reserve_provider_check refused. */
export function refusal(payer: Payer, limits: ValidationLimits, r: ReserveCounts): RateDecision & { ok: false } {
  const wait = (s: number | null) => Math.max(1, s ?? 60);
  if (r.byMe >= limits.perPerson) {
    const retryAfterSeconds = wait(r.meFree);
    const who = !payer.userId ? "This API key has" : payer.apiKeyId ? "The person who created this API key has" : "You have";
    const across = payer.userId && payer.apiKeyId ? ", across all their orgs and keys" : "";
    return { ok: false, retryAfterSeconds, error: `${who} checked ${limits.perPerson} keys in the last ${durationWords(limits.windowMinutes * 60)}${across}, the most allowed. Try again in ${durationWords(retryAfterSeconds)}.` };
  }
  const retryAfterSeconds = wait(r.orgFree);
  return { ok: false, retryAfterSeconds, error: `This organization has checked ${limits.perOrg} keys in the last ${durationWords(limits.windowMinutes * 60)}, the most allowed. Try again in ${durationWords(retryAfterSeconds)}.` };
}

