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
 * Counting and taking a slot is one transaction under two advisory locks, the person's and then
 * the org's (always in that order, so reservations never wait on each other in a cycle), and the
 * slot is written to provider_checks before the call is made. Concurrent reservations therefore
 * queue for a few milliseconds instead of all reading the same count: the limit is exact however
 * many requests arrive at once, on any number of instances. No lock is held across the call.
 */
export interface ValidationLimits { perPerson: number; perOrg: number; windowMinutes: number }

export const DEFAULT_LIMITS: ValidationLimits = { perPerson: 30, perOrg: 100, windowMinutes: 10 };

export type RateDecision = { ok: true } | { ok: false; error: string; retryAfterSeconds: number };

// Lock classes of the two-key advisory locks: a person's lock can never be mistaken for an org's.
const PERSON_LOCK = 1_935_829_761;
const ORG_LOCK = 1_935_829_762;

/** Who a check is charged to: the person behind the actor, or the API key itself if its creator is gone. */
type Payer = { userId: string; apiKeyId: string | null } | { userId: null; apiKeyId: string };

async function payerOf(db: Db, actor: Actor): Promise<Payer> {
  if (actor.userId) return { userId: actor.userId, apiKeyId: null };
  if (!actor.apiKey) throw new Error("A provider check must be charged to a person or an API key.");
  const { rows } = await db.query<{ id: string; createdBy: string | null }>(
    `select id::text, created_by::text as "createdBy" from api_keys where prefix = $1`, [actor.apiKey]);
  if (!rows[0]) throw new Error("The API key that asked for this check no longer exists.");
  return rows[0].createdBy ? { userId: rows[0].createdBy, apiKeyId: rows[0].id } : { userId: null, apiKeyId: rows[0].id };
}

/**
 * Takes one check from the actor's and the org's budgets, or answers with a sentence and a wait
 * when either window is full (and takes nothing). Call before the provider call, after the free
 * format check.
 */
export async function reserveCheck(db: Db, actor: Actor, orgId: string, limits: ValidationLimits = DEFAULT_LIMITS): Promise<RateDecision> {
  return db.transaction(async (tx) => {
    const payer = await payerOf(tx, actor);
    const mine = payer.userId ? "user_id = $1::uuid" : "api_key_id = $1::uuid";
    const subject = payer.userId ?? payer.apiKeyId;
    await tx.query(`select pg_advisory_xact_lock($1::int, hashtext($2::text))`, [PERSON_LOCK, subject]);
    await tx.query(`select pg_advisory_xact_lock($1::int, hashtext($2::text))`, [ORG_LOCK, orgId]);
    // Read after both locks are held, so every check that took a slot before is counted.
    const window = `created_at > now() - make_interval(mins => $3)`;
    const { rows } = await tx.query<{ byMe: number; byOrg: number; meFree: number | null; orgFree: number | null }>(
      `select
         (select count(*)::int from provider_checks where ${mine} and ${window}) as "byMe",
         (select count(*)::int from provider_checks where org_id = $2 and ${window}) as "byOrg",
         ${freeIn(mine, "$4")} as "meFree", ${freeIn("org_id = $2", "$5")} as "orgFree"`,
      [subject, orgId, limits.windowMinutes, limits.perPerson, limits.perOrg],
    );
    const r = rows[0];
    const wait = (s: number | null) => Math.max(1, s ?? 60);
    if (r.byMe >= limits.perPerson) {
      const retryAfterSeconds = wait(r.meFree);
      const who = !payer.userId ? "This API key has" : payer.apiKeyId ? "The person who created this API key has" : "You have";
      const across = payer.userId && payer.apiKeyId ? ", across all their orgs and keys" : "";
      return { ok: false, retryAfterSeconds, error: `${who} checked ${limits.perPerson} keys in the last ${durationWords(limits.windowMinutes * 60)}${across}, the most allowed. Try again in ${durationWords(retryAfterSeconds)}.` };
    }
    if (r.byOrg >= limits.perOrg) {
      const retryAfterSeconds = wait(r.orgFree);
      return { ok: false, retryAfterSeconds, error: `This organization has checked ${limits.perOrg} keys in the last ${durationWords(limits.windowMinutes * 60)}, the most allowed. Try again in ${durationWords(retryAfterSeconds)}.` };
    }
    await tx.query(
      `with pruned as (delete from provider_checks where org_id = $1 and created_at < now() - interval '1 day')
       insert into provider_checks (org_id, user_id, api_key_id) values ($1, $2, $3)`,
      [orgId, payer.userId, payer.apiKeyId],
    );
    return { ok: true } as const;
  });
}

/** Seconds until the check that filled the window (the limit-th newest) leaves it and frees a slot. */
const freeIn = (where: string, limit: string) =>
  `(select ceil(extract(epoch from created_at + make_interval(mins => $3) - now()))::int from provider_checks
     where ${where} and created_at > now() - make_interval(mins => $3) order by created_at desc offset ${limit} - 1 limit 1)`;

