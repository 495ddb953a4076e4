import "server-only";
import { randomUUID } from "node:crypto";
import { writeAudit, type Actor } from "@/lib/audit";
import { checkPlanLimit, type PlanLimitHit } from "@/lib/billing/limits";
import type { Db } from "@/lib/db/types";
import type { HookTargetFn } from "@/lib/requests/callback";
import type { Vault } from "@/lib/vault/vault";
import { newSigningSecret, secretFingerprint, subscriptionSecretRef } from "./secrets";
import type { WebhookEventType } from "./types";

export interface ManageDeps { db: Db; vault: Vault; target: HookTargetFn }

/**
 * At most this many subscriptions per org whatever the plan (Business's own limit), also with
 * billing off; counted under an org lock, so it holds under races.
 */
export const MAX_SUBSCRIPTIONS = 50;
// How long a rotated-out secret keeps signing beside the new one.
export const ROTATION_OVERLAP_HOURS = 24;
const SUBSCRIPTIONS_LOCK = 1_935_829_790;

/** A URL as the page and the audit log show it: no query (a receiver may put a token there). */
export function displayUrl(text: string): string {
  try {
    const u = new URL(text);
    return `${u.origin}${u.pathname}${u.search ? "?…" : ""}`;
  } catch {
    return "(not a URL)";
  }
}

export type CreateOutcome =
  | { kind: "bad_input"; field: "url" | "eventTypes"; error: string }
  | { kind: "limited"; error: string }
  | { kind: "plan_limit"; hit: PlanLimitHit }
  | { kind: "created"; id: string; secret: string };

/**
 * Adds a subscription; its secret is returned this once and kept only sealed. The URL passes the
 * SSRF guard now (and again at every delivery, where the connection is pinned to what was checked).
 */
export async function createSubscription(
  deps: ManageDeps, actor: Actor, input: { orgId: string; url: string; eventTypes: WebhookEventType[]; createdBy: string | null },
): Promise<CreateOutcome> {
  const target = await deps.target(input.url);
  if (!target.ok) return { kind: "bad_input", field: "url", error: target.problem };
  const eventTypes = [...new Set(input.eventTypes)];
  if (eventTypes.length === 0) return { kind: "bad_input", field: "eventTypes", error: "Choose at least one event type." };
  const id = randomUUID();
  const secret = newSigningSecret();
  // Sealed before the transaction: the key service is never called while the lock is held.
  const sealed = await deps.vault.seal(deps.db, subscriptionSecretRef(input.orgId, id, 1), secret);
  return deps.db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock($1::int, hashtext($2::text))`, [SUBSCRIPTIONS_LOCK, input.orgId]);
    const { rows } = await tx.query<{ n: number }>(`select count(*)::int as n from webhook_subscriptions where org_id = $1`, [input.orgId]);
    const hit = await checkPlanLimit(tx, input.orgId, "webhookSubscriptions", { count: async () => rows[0].n });
    if (hit) return { kind: "plan_limit" as const, hit };
    if (rows[0].n >= MAX_SUBSCRIPTIONS) {
      return { kind: "limited" as const, error: `This organization has ${rows[0].n} webhook subscriptions, the limit is ${MAX_SUBSCRIPTIONS}. Delete one first.` };
    }
    await tx.query(
      `insert into webhook_subscriptions (id, org_id, url, event_types, secret_version, secret_key_version, secret_iv, secret_ciphertext,
          secret_auth_tag, secret_fingerprint, created_by)
       values ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10)`,
      [id, input.orgId, input.url, eventTypes, sealed.keyVersion, sealed.iv, sealed.ciphertext, sealed.authTag, secretFingerprint(secret), input.createdBy],
    );
    await writeAudit(tx, actor, {
      orgId: input.orgId, action: "webhook.create", outcome: "created",
      metadata: { subscription_id: id, url: displayUrl(input.url), event_types: eventTypes.join(","), secret: secretFingerprint(secret) },
    });
    return { kind: "created" as const, id, secret };
  });
}

/**
 * A new secret, returned this once. The one it replaces keeps signing beside it for
 * ROTATION_OVERLAP_HOURS, so receivers can switch without missing a delivery; a second rotation
 * within that time drops the oldest (two signatures at most). Null: no such subscription here.
 */
export async function rotateSecret(deps: ManageDeps, actor: Actor, orgId: string, id: string): Promise<{ secret: string } | null | "conflict"> {
  const { rows } = await deps.db.query<{ version: number }>(
    `select secret_version as version from webhook_subscriptions where org_id = $1 and id = $2`, [orgId, id],
  );
  if (!rows[0]) return null;
  const version = rows[0].version + 1;
  const secret = newSigningSecret();
  const sealed = await deps.vault.seal(deps.db, subscriptionSecretRef(orgId, id, version), secret);
  return deps.db.transaction(async (tx) => {
    // Only over the version that was read: a rotation that won in between makes this one a no-op.
    const { rows: moved } = await tx.query<{ previous: string }>(
      `update webhook_subscriptions set previous_secret_version = secret_version, previous_key_version = secret_key_version,
          previous_iv = secret_iv, previous_ciphertext = secret_ciphertext, previous_auth_tag = secret_auth_tag,
          previous_fingerprint = secret_fingerprint, previous_expires_at = now() + $4::int * interval '1 hour',
          secret_version = $3, secret_key_version = $5, secret_iv = $6, secret_ciphertext = $7, secret_auth_tag = $8, secret_fingerprint = $9
        where org_id = $1 and id = $2 and secret_version = $3 - 1
        returning previous_fingerprint as previous`,
      [orgId, id, version, ROTATION_OVERLAP_HOURS, sealed.keyVersion, sealed.iv, sealed.ciphertext, sealed.authTag, secretFingerprint(secret)],
    );
    if (!moved[0]) return "conflict" as const;
    await writeAudit(tx, actor, {
      orgId, action: "webhook.rotate", outcome: "rotated",
      metadata: { subscription_id: id, secret: secretFingerprint(secret), previous: moved[0].previous, overlap_hours: ROTATION_OVERLAP_HOURS },
    });
    return { secret };
  });
}

/**
 * Disables (with the reason shown on the page) or enables a subscription. Enabling clears its
 * failure run and makes its waiting deliveries due now. False: no such subscription here.
 */
export async function setEnabled(db: Db, actor: Actor, orgId: string, id: string, enabled: boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = enabled
      ? await tx.query(`update webhook_subscriptions set disabled_at = null, disabled_reason = null, failing_since = null
                         where org_id = $1 and id = $2 returning id`, [orgId, id])
      : await tx.query(`update webhook_subscriptions set disabled_at = coalesce(disabled_at, now()), disabled_reason = coalesce(disabled_reason, 'Disabled by an admin.')
                         where org_id = $1 and id = $2 returning id`, [orgId, id]);
    if (!rows[0]) return false;
    if (enabled) {
      await tx.query(`update webhook_deliveries set next_attempt_at = now() where subscription_id = $1 and delivered_at is null and failed_at is null`, [id]);
    }
    await writeAudit(tx, actor, { orgId, action: enabled ? "webhook.enable" : "webhook.disable", outcome: enabled ? "enabled" : "disabled", metadata: { subscription_id: id } });
    return true;
  });
}

/** Deletes a subscription with its deliveries and attempts. False: no such subscription here. */
export async function deleteSubscription(db: Db, actor: Actor, orgId: string, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ url: string }>(`delete from webhook_subscriptions where org_id = $1 and id = $2 returning url`, [orgId, id]);
    if (!rows[0]) return false;
    await writeAudit(tx, actor, { orgId, action: "webhook.delete", outcome: "deleted", metadata: { subscription_id: id, url: displayUrl(rows[0].url) } });
    return true;
  });
}
