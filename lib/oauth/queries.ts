import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { fulfilPendingRequests } from "@/lib/requests/queries";
import type { IntegrationStatus } from "@/lib/integrations/queries";

export interface OAuthRow {
  id: string;
  orgId: string;
  provider: string;
  name: string;
  status: IntegrationStatus;
  nangoIntegration: string;
  connectionId: string;
}

const COLUMNS = `id, org_id as "orgId", provider, name, status, nango_integration as "nangoIntegration", nango_connection_id as "connectionId"`;

export async function getOAuthRow(db: Db, orgId: string, integrationId: string): Promise<OAuthRow | null> {
  const { rows } = await db.query<OAuthRow>(
    `select ${COLUMNS} from integrations where org_id = $1 and id = $2 and auth_type = 'oauth'`, [orgId, integrationId]);
  return rows[0] ?? null;
}

export async function findByConnection(db: Db, nangoIntegration: string, connectionId: string): Promise<OAuthRow | null> {
  const { rows } = await db.query<OAuthRow>(
    `select ${COLUMNS} from integrations where nango_integration = $1 and nango_connection_id = $2`, [nangoIntegration, connectionId]);
  return rows[0] ?? null;
}

/** The stored spelling of a credential name already taken for this provider (in any letter case), or null. */
export async function credentialNameTaken(db: Db, orgId: string, provider: string, name: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>(
    `select name from integrations where org_id = $1 and provider = $2 and lower(name) = lower($3)`, [orgId, provider, name]);
  return rows[0]?.name ?? null;
}

export interface NewConnection {
  orgId: string;
  provider: string;
  name: string;
  nangoIntegration: string;
  connectionId: string;
  accountLabel: string;
}

/**
 * Records a connection Nango confirmed as VALID; the first credential of a provider becomes its default.
 * Returns null when the name is already used (the connect action checks first; this covers a race).
 * The default is taken as in upsertIntegration: an insert as default that yields to any unique
 * index, then one as a non-default, so two first connections at once cannot collide.
 */
export async function insertConnection(db: Db, c: NewConnection): Promise<string | null> {
  const insert = (isDefault: boolean, conflict: string) => db.query<{ id: string }>(
    `insert into integrations (org_id, provider, name, is_default, status, configured_at, last_checked_at, check_outcome,
        check_reason, account_label, auth_type, nango_integration, nango_connection_id)
     values ($1, $2, $3, ${isDefault}, 'VALID', now(), now(), 'valid', 'Connected through Nango.', $4, 'oauth', $5, $6)
     on conflict ${conflict} do nothing
     returning id`,
    [c.orgId, c.provider, c.name, c.accountLabel, c.nangoIntegration, c.connectionId],
  );
  const first = await insert(true, "");
  const id = (first.rows[0] ?? (await insert(false, "(org_id, provider, lower(name))")).rows[0])?.id ?? null;
  // In the webhook's transaction, with the row.
  if (id) await appendEvent(db, { orgId: c.orgId, type: "credential.saved", data: { integrationId: id, provider: c.provider, name: c.name, status: "VALID", via: "oauth" } });
  // A confirmed connection is a passing check: it answers the provider's pending credential requests.
  if (id) await fulfilPendingRequests(db, { userId: null, userAgent: "nango-webhook" }, { orgId: c.orgId, integrationId: id, provider: c.provider, name: c.name });
  return id;
}

/** Deletes the row and keeps one default per provider when others remain. */
export async function deleteOAuthRow(db: Db, row: OAuthRow): Promise<void> {
  await db.query(`delete from integrations where org_id = $1 and id = $2`, [row.orgId, row.id]);
  await appendEvent(db, { orgId: row.orgId, type: "credential.deleted", data: { integrationId: row.id, provider: row.provider, name: row.name } });
  await appendEvent(db, { orgId: row.orgId, type: "oauth.disconnected", data: { integrationId: row.id, provider: row.provider, name: row.name } });
  await db.query(
    `update integrations set is_default = true where id = (
       select id from integrations where org_id = $1 and provider = $2 order by created_at limit 1)
     and not exists (select 1 from integrations where org_id = $1 and provider = $2 and is_default)`,
    [row.orgId, row.provider],
  );
}

/** True the first time a webhook body is seen; false for a retry or replay of the same body. */
export async function recordDelivery(db: Db, bodySha256: string, connectionId: string, operation: string): Promise<boolean> {
  const { rows } = await db.query(
    `insert into nango_webhook_deliveries (body_sha256, connection_id, operation) values ($1, $2, $3)
     on conflict (body_sha256) do nothing returning body_sha256`,
    [bodySha256, connectionId, operation],
  );
  return rows.length > 0;
}

/** A reconnect makes the connection's next webhooks legitimately repeat old bodies: forget those. */
export async function forgetDeliveries(db: Db, connectionId: string): Promise<void> {
  await db.query(`delete from nango_webhook_deliveries where connection_id = $1`, [connectionId]);
}

export interface ConnectionState {
  integrationId: string;
  status: IntegrationStatus;
  reason: string | null;
}

/** The row of a connection if a webhook changed it after `since` (the database time the session started). */
export async function connectionChangedSince(db: Db, orgId: string, connectionId: string, since: string): Promise<ConnectionState | null> {
  const { rows } = await db.query<ConnectionState>(
    `select id as "integrationId", status, check_reason as reason from integrations
      where org_id = $1 and nango_connection_id = $2 and updated_at >= $3::timestamptz`,
    [orgId, connectionId, since],
  );
  return rows[0] ?? null;
}

/** Database time, so "changed since" never depends on this server's clock agreeing with the database's. */
export async function dbNow(db: Db): Promise<string> {
  const { rows } = await db.query<{ now: string }>(`select now()::text as now`);
  return rows[0].now;
}
