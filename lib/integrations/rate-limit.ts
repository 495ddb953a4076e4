import type { Db } from "@/lib/db/types";

/**
 * Validation attempts are limited per user and per org so Switchboard cannot be used as an
 * oracle for testing stolen keys (product.md). The count comes from the audit trail, which every
 * attempt writes (a refused key as integration.validate, a stored one as integration.store), so
 * the limit holds across stateless instances. A save without verifying counts too: the scheduler
 * checks it soon after and its status shows the verdict, so it would otherwise be a way around the
 * limit. People and API keys share the org's budget (see lib/api/validation-limit.ts); the
 * scheduler acts with neither and is not counted.
 * Two requests racing at the edge may both pass; a limit off by one is acceptable here.
 */
export interface ValidationLimits { perUser: number; perOrg: number; windowMinutes: number }

export const DEFAULT_LIMITS: ValidationLimits = { perUser: 30, perOrg: 100, windowMinutes: 10 };

export type RateDecision = { ok: true } | { ok: false; error: string; retryAfterSeconds: number };

const ATTEMPTS = `(actor_user_id is not null or metadata ->> 'api_key' is not null) and action in ('integration.validate', 'integration.store')
  and created_at > now() - make_interval(mins => $2)`;

/** Call before any provider call; answers with a sentence and a wait when the window is full. */
export async function checkValidationRate(db: Db, orgId: string, userId: string, limits: ValidationLimits = DEFAULT_LIMITS): Promise<RateDecision> {
  const { rows } = await db.query<{ byUser: number; byOrg: number; userOldest: Date | null; orgOldest: Date | null }>(
    `select
       (select count(*)::int from audit_events where actor_user_id = $3 and ${ATTEMPTS}) as "byUser",
       (select count(*)::int from audit_events where org_id = $1 and ${ATTEMPTS}) as "byOrg",
       (select created_at from audit_events where actor_user_id = $3 and ${ATTEMPTS} order by created_at desc offset $4 - 1 limit 1) as "userOldest",
       (select created_at from audit_events where org_id = $1 and ${ATTEMPTS} order by created_at desc offset $5 - 1 limit 1) as "orgOldest"`,
    [orgId, limits.windowMinutes, userId, limits.perUser, limits.perOrg],
  );
  const r = rows[0];
  // The wait ends when the attempt that filled the window falls out of it.
  const wait = (oldest: Date | null) =>
    oldest ? Math.max(1, Math.ceil((new Date(oldest).getTime() + limits.windowMinutes * 60_000 - Date.now()) / 1000)) : 60;
  if (r.byUser >= limits.perUser) {
    const retryAfterSeconds = wait(r.userOldest);
    return { ok: false, retryAfterSeconds, error: `You have checked ${limits.perUser} keys in the last ${limits.windowMinutes} minutes, the most allowed. Try again in ${minutesText(retryAfterSeconds)}.` };
  }
  if (r.byOrg >= limits.perOrg) {
    const retryAfterSeconds = wait(r.orgOldest);
    return { ok: false, retryAfterSeconds, error: `This organization has checked ${limits.perOrg} keys in the last ${limits.windowMinutes} minutes, the most allowed. Try again in ${minutesText(retryAfterSeconds)}.` };
  }
  return { ok: true };
}

const minutesText = (s: number) => (s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`);
