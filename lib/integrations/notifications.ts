import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import type { IntegrationStatus } from "./queries";

export const CREDENTIAL_INVALID = "credential_invalid";
/**
 * A key saved without verifying (PENDING) whose first conclusive check rejected it. It never
 * worked, so saying it "stopped working" would be false; it gets its own kind and wording.
 */
export const UNVERIFIED_REJECTED = "unverified_rejected";
/** Both ways a key can be rejected; a check that finds it valid again closes either. */
export const REJECTED_KINDS = [CREDENTIAL_INVALID, UNVERIFIED_REJECTED];
export const CREDENTIAL_EXPIRING = "credential_expiring";
/** A stored credential that does not decrypt, found by an export that had to leave it out. Replacing the key closes it. */
export const CREDENTIAL_UNREADABLE = "credential_unreadable";

/** A credential renamed when names began to ignore letter case (20261208020000); an admin dismisses it. */
export const CREDENTIAL_RENAMED = "credential_renamed";

/** How far ahead a provider-reported expiry raises a warning. */
export const EXPIRY_WARNING_DAYS = 14;

/** The expiry a provider reported (details.expiresAt), when it falls within the warning window. */
export function expiresSoon(details: Record<string, unknown> | undefined, now = Date.now()): Date | null {
  const raw = details?.expiresAt;
  if (typeof raw !== "string") return null;
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) return null;
  return at.getTime() - now <= EXPIRY_WARNING_DAYS * 86_400_000 ? at : null;
}

export interface NotificationRow {
  id: string;
  integrationId: string | null;
  provider: string | null;
  /** The credential's current name, so a rename shows at once. */
  integrationName: string | null;
  kind: string;
  /** The detail sentence; for credential_invalid and unverified_rejected, the provider's reason. */
  message: string;
  createdAt: Date;
}

/**
 * What a finished check means for notifications, in the check's own transaction. A working key
 * that is now rejected raises one notification (one saved unverified raises UNVERIFIED_REJECTED
 * instead); the partial unique index keeps it at one even if two checks race. A key that works
 * again closes it.
 */
export async function applyCheckToNotifications(
  db: Db,
  n: { orgId: string; integrationId: string; previous: IntegrationStatus; status: IntegrationStatus; reason: string; actorUserId: string | null; details?: Record<string, unknown> },
): Promise<void> {
  if (n.status === "INVALID" && n.previous !== "INVALID") {
    await raise(db, n.orgId, n.integrationId, n.previous === "PENDING" ? UNVERIFIED_REJECTED : CREDENTIAL_INVALID, n.reason);
  } else if (n.status === "VALID") {
    await resolveCredentialNotifications(db, n.orgId, n.integrationId, n.actorUserId, REJECTED_KINDS);
  }
  await warnIfExpiring(db, n.orgId, n.integrationId, n.status === "VALID" ? n.details : undefined);
}

/** One open warning per credential while its provider-reported expiry is near (raised before it happens). */
export async function warnIfExpiring(db: Db, orgId: string, integrationId: string, details: Record<string, unknown> | undefined): Promise<void> {
  const at = expiresSoon(details);
  if (!at) return;
  const when = at.getTime() <= Date.now() ? "has expired" : `expires on ${at.toISOString().slice(0, 10)}`;
  await db.transaction(async (tx) => {
    if (!(await raise(tx, orgId, integrationId, CREDENTIAL_EXPIRING, `The provider says this key ${when}. Create a new one and replace it before then.`))) return;
    // Once per open warning, like the notification: outgoing webhooks subscribe to this one.
    const { rows } = await tx.query<{ provider: string; name: string }>(`select provider, name from integrations where id = $1 and org_id = $2`, [integrationId, orgId]);
    if (rows[0]) await appendEvent(tx, { orgId, type: "credential.expiring", data: { integrationId, ...rows[0], expiresAt: at.toISOString() } });
  });
}

/** One open notification per credential that an export found it could not decrypt. */
export async function raiseUnreadableCredential(db: Db, orgId: string, integrationId: string, variables: string[]): Promise<void> {
  const names = variables.length ? ` (${variables.join(", ")})` : "";
  await raise(db, orgId, integrationId, CREDENTIAL_UNREADABLE,
    `Switchboard could not decrypt this stored credential, so .env exports leave its variables out${names}. Paste the key again to replace it.`);
}

/**
 * Opens a notification unless one of its kind is already open for the credential (the partial
 * unique index decides, also under races), with its event in the same transaction: the caller's,
 * or one of its own when called outside any.
 */
async function raise(db: Db, orgId: string, integrationId: string, kind: string, message: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `insert into notifications (org_id, integration_id, kind, message) values ($1, $2, $3, $4)
       on conflict (integration_id, kind) where resolved_at is null do nothing returning id`,
      [orgId, integrationId, kind, message.slice(0, 1000)],
    );
    if (rows[0]) await appendEvent(tx, { orgId, type: "notification.raised", data: { notificationId: rows[0].id, integrationId, kind } });
    return Boolean(rows[0]);
  });
}

/** Closes a credential's open notifications: it was re-validated successfully or replaced. */
export async function resolveCredentialNotifications(db: Db, orgId: string, integrationId: string, userId: string | null, kinds?: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; kind: string }>(
      `update notifications set resolved_at = now(), resolved_by = $2
        where integration_id = $1 and org_id = $4 and resolved_at is null and ($3::text[] is null or kind = any($3::text[]))
        returning id, kind`,
      [integrationId, userId, kinds ?? null, orgId],
    );
    for (const r of rows) {
      await appendEvent(tx, { orgId, type: "notification.resolved", data: { notificationId: r.id, integrationId, kind: r.kind, dismissed: false } });
    }
  });
}

/** An admin dismissed it. Scoped by org so an id from elsewhere does nothing. */
export async function dismissNotification(db: Db, orgId: string, id: string, userId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; integrationId: string | null; kind: string }>(
      `update notifications set resolved_at = now(), resolved_by = $3 where org_id = $1 and id = $2 and resolved_at is null
       returning id, integration_id as "integrationId", kind`,
      [orgId, id, userId],
    );
    const r = rows[0];
    if (r) await appendEvent(tx, { orgId, type: "notification.resolved", data: { notificationId: r.id, integrationId: r.integrationId, kind: r.kind, dismissed: true } });
    return Boolean(r);
  });
}

export async function listOpenNotifications(db: Db, orgId: string, limit = 20): Promise<NotificationRow[]> {
  const { rows } = await db.query<NotificationRow>(
    `select n.id, n.integration_id as "integrationId", i.provider, i.name as "integrationName", n.kind, n.message, n.created_at as "createdAt"
       from notifications n left join integrations i on i.id = n.integration_id
      where n.org_id = $1 and n.resolved_at is null order by n.created_at desc limit $2`,
    [orgId, limit],
  );
  return rows;
}
