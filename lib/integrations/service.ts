import { writeAudit, type Actor, type AuditEvent } from "@/lib/audit";
import { hitOf, limitHit, planLimitFor, type PlanLimitHit } from "@/lib/billing/limits";
import type { Db } from "@/lib/db/types";
import type { CheckResult, ProviderDefinition, ValidationContext } from "@/lib/providers/types";
import { fulfilPendingRequests } from "@/lib/requests/queries";
import { isBrokenCredential, type Vault } from "@/lib/vault/vault";
import type { OAuthTokenResult } from "@/lib/oauth/token";
import { parseCredential, parseOpenedCredential, type FieldErrors } from "./credential";
import { keepBlankFields, readReplaced, type Merged } from "./kept-fields";
import { readCheckSubject, type CheckRead } from "./check-subject";
import { maybeSteady, recordSteadyCheck, type SteadyWrite } from "./check-write";
import { insertCheckHistory, type CheckSource } from "./history";
import { storeCredential } from "./store";
import { applyCheckToNotifications, expiresSoon, resolveCredentialNotifications, warnIfExpiring } from "./notifications";
import { DEFAULT_LIMITS, payerOf, reserveCheck, type ValidationLimits } from "./rate-limit";
import { deleteIntegrationRow, getIntegration, recordCheck, type IntegrationRow, type IntegrationStatus } from "./queries";

export interface Deps {
  db: Db;
  vault: Vault;
  context(providerId: string): ValidationContext;
  /** An OAuth connection's current access token, fetched from Nango at the moment of use. */
  oauthToken?(orgId: string, integrationId: string): Promise<OAuthTokenResult>;
  /** The limit on provider checks per person and per org (rate-limit.ts); the defaults when omitted. */
  checkLimits?: ValidationLimits;
}

/** The person's or the org's window of provider checks is full; nothing was called or stored. */
export type Limited = { kind: "limited"; error: string; retryAfterSeconds: number };

export type SetupResult =
  | { kind: "bad_input"; fieldErrors: FieldErrors }
  | Limited
  | { kind: "rejected"; check: CheckResult }
  | { kind: "unverified"; check: CheckResult }
  | { kind: "plan_limit"; hit: PlanLimitHit }
  | { kind: "oauth_name" }
  | { kind: "stored"; integrationId: string; status: IntegrationStatus; check: CheckResult; replaced: boolean; name: string };

/** Outcomes that say nothing about the key itself: never reported as invalid. */
const INCONCLUSIVE = new Set(["rate_limited", "provider_outage", "unknown"]);

export interface SetupInput {
  orgId: string;
  provider: ProviderDefinition;
  name: string;
  credential: Record<string, unknown>;
  /** Explicit "save without verifying", offered after a provider could not be reached. */
  skipValidation: boolean;
  /**
   * Kept fields (keptWhenBlank) to remove from the credential this save replaces: a blank field
   * keeps its stored value, so dropping one is this deliberate choice, never a side effect.
   */
  clearFields?: string[];
}

/**
 * Format check, a slot from the actor's check budget, one live call, then seal and store in one
 * transaction with its audit event (store.ts: one statement unless there is more to do). Saving without verifying takes a slot too: the scheduler
 * checks it next.
 */
export async function setupIntegration(deps: Deps, actor: Actor, input: SetupInput): Promise<SetupResult> {
  const { provider, orgId } = input;
  const parsed = parseCredential(provider, input.credential);
  if (!parsed.ok) return { kind: "bad_input", fieldErrors: parsed.fieldErrors };
  // Said before any provider call or check budget is spent; the count that decides is taken again
  // under the org's row lock when storing (public.store_credential), against the limit read here.
  const applies = await planLimitFor(deps.db, orgId, "credentials");
  const replacing = { provider: provider.id, name: input.name };
  const early = applies && (await limitHit(deps.db, orgId, "credentials", applies, { replacing }));
  if (early) return { kind: "plan_limit", hit: early };
  // A check budget slot before the call; a save without verifying takes its slot as it stores.
  if (!input.skipValidation) {
    const rate = await reserveCheck(deps.db, actor, orgId, deps.checkLimits);
    if (!rate.ok) return { kind: "limited", error: rate.error, retryAfterSeconds: rate.retryAfterSeconds };
  }
  // Replacing a key of the same name: optional fields left blank (Stripe's webhook signing secret) keep what is stored.
  const replaced = await readReplaced(deps.db, deps.vault, orgId, provider, input.name);
  const merged = keepBlankFields(provider, parsed.credential, replaced, input.clearFields);
  const fingerprint = provider.fingerprint(merged.credential);

  const { check, latencyMs } = input.skipValidation
    ? { check: { outcome: "unknown", reason: "Not verified yet; it will be checked on the next re-validation." } as CheckResult, latencyMs: null }
    : await timedValidate(provider, merged.credential, deps.context(provider.id));

  if (!input.skipValidation && check.outcome !== "valid" && check.outcome !== "valid_but_insufficient") {
    // Nothing is stored; the attempt itself is still on the record.
    await writeAudit(deps.db, actor, {
      orgId, action: "integration.validate", provider: provider.id, outcome: check.outcome,
      metadata: { fingerprint, name: input.name, stage: "setup" },
    });
    return INCONCLUSIVE.has(check.outcome) ? { kind: "unverified", check } : { kind: "rejected", check };
  }

  const status: IntegrationStatus = input.skipValidation ? "PENDING" : "VALID";
  const secret = (c: Merged) => ({
    plaintext: JSON.stringify(c.credential), fingerprint: provider.fingerprint(c.credential), kept: c.kept, cleared: c.cleared,
  });
  const stored = await storeCredential(deps.db, deps.vault, actor, {
    orgId, provider: provider.id, name: input.name, secret: secret(merged),
    check: { status, outcome: input.skipValidation ? "unverified" : check.outcome, reason: check.reason, accountLabel: check.accountLabel, details: check.details },
    latencyMs, httpStatus: check.httpStatus ?? null, planLimit: applies?.limit ?? null,
    reserve: input.skipValidation ? { payer: await payerOf(deps.db, actor), limits: deps.checkLimits ?? DEFAULT_LIMITS } : null,
    more: {
      // Known before the database is asked: an expiry warning, or kept fields to read again under the row's lock.
      needed: expiresSoon(check.details) !== null || replaced !== null,
      async secret(tx) {
        // A field set while the key was being checked (the Stripe setup storing a new signing secret) is the
        // one kept; a row deleted meanwhile (even if another took its name) keeps nothing, or this new
        // credential would inherit a secret from one that is gone.
        const current = replaced ? await readReplaced(tx, deps.vault, orgId, provider, input.name, true) : null;
        const unchanged = !replaced || (current?.integrationId === replaced.integrationId && current.secretVersion === replaced.secretVersion);
        return secret(unchanged ? merged : keepBlankFields(provider, parsed.credential, current, input.clearFields));
      },
      async run(tx, id, name) {
        // A replaced key answers whatever was said about the old one.
        await resolveCredentialNotifications(tx, orgId, id, actor.userId);
        await warnIfExpiring(tx, orgId, id, check.details);
        // Only a key whose check passed answers credential requests; one saved unverified leaves them pending.
        if (status === "VALID") await fulfilPendingRequests(tx, actor, { orgId, provider: provider.id, integrationId: id, name });
      },
    },
  });
  if (stored.kind === "limited") return { kind: "limited", error: stored.decision.error, retryAfterSeconds: stored.decision.retryAfterSeconds };
  if (stored.kind === "plan_limit") return { kind: "plan_limit", hit: hitOf("credentials", applies!, stored.count) };
  if (stored.kind === "oauth_name") return stored;
  return { kind: "stored", integrationId: stored.integrationId, status, check, replaced: stored.replaced, name: stored.name };
}

export type RevalidateResult =
  | { kind: "not_found" }
  | Limited
  /** The stored data does not open (altered, or an earlier ciphertext put back): nothing was called. */
  | { kind: "unreadable" }
  | { kind: "checked"; status: IntegrationStatus; check: CheckResult };

/**
 * Re-checks a stored credential. An inconclusive answer (outage, rate limit) is recorded as the
 * last check but leaves the status alone: a provider being down says nothing about the key.
 * Takes a slot from the actor's check budget, except for the scheduler's own checks.
 */
export async function revalidateIntegration(
  deps: Deps, actor: Actor, orgId: string, provider: ProviderDefinition, integrationId: string, source: CheckSource = "manual",
  io: { read?: CheckRead; writeSteady?: SteadyWrite } = {},
): Promise<RevalidateResult> {
  const read = io.read ?? readCheckSubject(deps.db);
  const writeSteady = io.writeSteady ?? recordSteadyCheck(deps.db, actor);
  const subject = await read({ orgId, integrationId });
  if (!subject || subject.row.provider !== provider.id) return { kind: "not_found" };
  const { row, sealed } = subject;
  const ref = { orgId, integrationId, provider: provider.id };
  if (!sealed) return { kind: "not_found" };
  let credential: Record<string, string>;
  try {
    credential = parseOpenedCredential(await deps.vault.open(deps.db, ref, sealed));
  } catch (err) {
    if (!isBrokenCredential(err)) throw err;
    await recordUnreadable(deps.db, actor, orgId, row, source);
    return { kind: "unreadable" };
  }
  if (source !== "scheduler") {
    const rate = await reserveCheck(deps.db, actor, orgId, deps.checkLimits);
    if (!rate.ok) return { kind: "limited", error: rate.error, retryAfterSeconds: rate.retryAfterSeconds };
  }

  const { check, latencyMs } = await timedValidate(provider, credential, deps.context(provider.id));
  const status: IntegrationStatus = INCONCLUSIVE.has(check.outcome)
    ? row.status
    : check.outcome === "invalid" ? "INVALID" : "VALID";

  const record = { status, outcome: check.outcome, reason: check.reason, accountLabel: check.accountLabel, details: check.details };
  const audit: AuditEvent = {
    orgId, action: "integration.validate", provider: provider.id, integrationId, outcome: check.outcome,
    metadata: { fingerprint: row.fingerprint, name: row.name, previous: row.status, status, source },
  };
  // The usual re-check changes nothing but the last check: one statement, when the database agrees.
  if (maybeSteady(row.status, record) && await writeSteady({
    orgId, integrationId, provider: provider.id, previous: row.status, check: record, latencyMs, httpStatus: check.httpStatus ?? null, source, audit,
  })) return { kind: "checked", status, check };
  await deps.db.transaction(async (tx) => {
    await recordCheck(tx, orgId, integrationId, record);
    await writeAudit(tx, actor, audit);
    await insertCheckHistory(tx, { integrationId, orgId, provider: provider.id, outcome: check.outcome, latencyMs, reason: check.reason, httpStatus: check.httpStatus, source });
    await applyCheckToNotifications(tx, { orgId, integrationId, previous: row.status, status, reason: check.reason, actorUserId: actor.userId, details: check.details });
    // A credential that just became VALID (say, saved unverified, then checked) answers pending requests.
    if (status === "VALID" && row.status !== "VALID") await fulfilPendingRequests(tx, actor, { orgId, provider: provider.id, integrationId, name: row.name });
  });
  return { kind: "checked", status, check };
}

/**
 * A credential that does not open is reported as such, not as an error: its last check says so
 * (which also keeps the scheduler from picking it first on every run) and the attempt is audited.
 * Its status is left alone; only replacing the key can mend it.
 */
async function recordUnreadable(db: Db, actor: Actor, orgId: string, row: IntegrationRow, source: CheckSource) {
  await db.transaction(async (tx) => {
    await recordCheck(tx, orgId, row.id, { status: row.status, outcome: "unknown", reason: UNREADABLE_REASON });
    await writeAudit(tx, actor, {
      orgId, action: "integration.validate", provider: row.provider, integrationId: row.id, outcome: "unreadable",
      metadata: { fingerprint: row.fingerprint, name: row.name, status: row.status, source },
    });
  });
}

export const UNREADABLE_REASON = "Switchboard could not decrypt this stored credential, so it was not checked. Paste the key again to replace it.";

/** The provider's verdict and how long it took to give it, for the check history. */
async function timedValidate(provider: ProviderDefinition, credential: Record<string, string>, ctx: ValidationContext) {
  const started = performance.now();
  const check = await provider.validate(credential, ctx);
  return { check, latencyMs: performance.now() - started };
}

/** Deletes the credential (its sealed secret goes with the row); the audit trail stays. */
export async function deleteIntegration(deps: Deps, actor: Actor, orgId: string, integrationId: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const row = await getIntegration(tx, orgId, integrationId);
    if (!row || !(await deleteIntegrationRow(tx, orgId, integrationId))) return false;
    // Keep one default per provider when others remain.
    await tx.query(
      `update integrations set is_default = true where id = (
         select id from integrations where org_id = $1 and provider = $2 order by created_at limit 1)
       and not exists (select 1 from integrations where org_id = $1 and provider = $2 and is_default)`,
      [orgId, row.provider],
    );
    await writeAudit(tx, actor, {
      orgId, action: "integration.delete", provider: row.provider, integrationId, outcome: "deleted",
      metadata: { fingerprint: row.fingerprint, name: row.name },
    });
    return true;
  });
}
