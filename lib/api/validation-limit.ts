import type { Db } from "@/lib/db/types";

/**
 * Provider checks through the API are limited per key and per org, as the setup page limits them
 * per person and per org, so an API key cannot turn Switchboard into an oracle for testing
 * stolen keys (product.md). A save without verifying counts too, since the scheduler checks it
 * next. Counted from the audit trail, which records every attempt (API attempts carry
 * metadata.api_key), so the limit holds across stateless instances.
 */
export interface ValidationLimits { perKey: number; perOrg: number; windowMinutes: number }

export const DEFAULT_VALIDATION_LIMITS: ValidationLimits = { perKey: 30, perOrg: 100, windowMinutes: 10 };

export type ValidationDecision = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

export async function checkApiValidationRate(db: Db, orgId: string, keyPrefix: string, limits: ValidationLimits): Promise<ValidationDecision> {
  const { rows } = await db.query<{ byKey: number; byOrg: number; keyFree: number | null; orgFree: number | null }>(
    `with attempts as (
       select created_at, metadata ->> 'api_key' = $2 as mine from audit_events
        where org_id = $1 and action in ('integration.validate', 'integration.store')
          -- Same org budget as the setup page: attempts by people and keys, not by the scheduler.
          and (actor_user_id is not null or metadata ->> 'api_key' is not null)
          and created_at > now() - make_interval(mins => $3))
     select count(*) filter (where mine)::int as "byKey", count(*)::int as "byOrg",
       ceil(extract(epoch from min(created_at) filter (where mine) + make_interval(mins => $3) - now()))::int as "keyFree",
       ceil(extract(epoch from min(created_at) + make_interval(mins => $3) - now()))::int as "orgFree"
       from attempts`,
    [orgId, keyPrefix, limits.windowMinutes],
  );
  const r = rows[0];
  // The oldest attempt leaving the window frees the next slot.
  if (r.byKey >= limits.perKey) {
    const retryAfterSeconds = Math.max(1, r.keyFree ?? 60);
    return { ok: false, retryAfterSeconds, message: `This API key has checked ${limits.perKey} credentials in the last ${limits.windowMinutes} minutes, the most allowed. Try again in ${retryAfterSeconds} s.` };
  }
  if (r.byOrg >= limits.perOrg) {
    const retryAfterSeconds = Math.max(1, r.orgFree ?? 60);
    return { ok: false, retryAfterSeconds, message: `This organization has checked ${limits.perOrg} credentials in the last ${limits.windowMinutes} minutes, the most allowed. Try again in ${retryAfterSeconds} s.` };
  }
  return { ok: true };
}
