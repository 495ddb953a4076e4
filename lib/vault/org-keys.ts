import type { Db } from "@/lib/db/types";

// Queries on org_keys. Each takes the connection (possibly the caller's transaction) first.

export type OrgKeyRow = { orgId: string; version: number; kekId: string; wrappedKey: Buffer };

type Raw = { org_id: string; version: number; kek_id: string; wrapped_key: Uint8Array };
const COLUMNS = `org_id::text, version, kek_id, wrapped_key`;

/** pg returns Buffers and PGlite Uint8Arrays; the vault works with Buffers. */
export const toBuffer = (b: Uint8Array) => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const toRow = (r: Raw): OrgKeyRow => ({ orgId: r.org_id, version: r.version, kekId: r.kek_id, wrappedKey: toBuffer(r.wrapped_key) });

export async function latestOrgKey(db: Db, orgId: string): Promise<OrgKeyRow | null> {
  const { rows } = await db.query<Raw>(`select ${COLUMNS} from public.org_keys where org_id = $1 order by version desc limit 1`, [orgId]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function readOrgKey(db: Db, orgId: string, version: number): Promise<OrgKeyRow | null> {
  const { rows } = await db.query<Raw>(`select ${COLUMNS} from public.org_keys where org_id = $1 and version = $2`, [orgId, version]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** Inserts version 1 unless another creator got there first; true when this call's row won. */
export async function insertFirstOrgKey(db: Db, orgId: string, kekId: string, wrappedKey: Buffer): Promise<boolean> {
  const { rows } = await db.query(
    `insert into public.org_keys (org_id, version, kek_id, wrapped_key) values ($1, 1, $2, $3)
     on conflict (org_id, version) do nothing returning version`,
    [orgId, kekId, wrappedKey],
  );
  return rows.length === 1;
}

/** Keyset page of org keys not yet wrapped by `kekId`, in (org_id, version) order. */
export async function orgKeysNotWrappedBy(db: Db, kekId: string, after: { orgId: string; version: number } | null, limit: number): Promise<OrgKeyRow[]> {
  const { rows } = await db.query<Raw>(
    `select ${COLUMNS} from public.org_keys
     where kek_id <> $1 and ($2::uuid is null or (org_id, version) > ($2::uuid, $3::int))
     order by org_id, version limit $4`,
    [kekId, after?.orgId ?? null, after?.version ?? 0, limit],
  );
  return rows.map(toRow);
}

/**
 * Compare-and-swap re-wrap: one statement, so its own small transaction, and it only applies if
 * the row still holds exactly what we unwrapped (a concurrent rotation makes it a no-op).
 */
export async function replaceWrappedKey(db: Db, row: OrgKeyRow, kekId: string, wrappedKey: Buffer): Promise<boolean> {
  const { rows } = await db.query(
    `update public.org_keys set kek_id = $4, wrapped_key = $5, rewrapped_at = now()
     where org_id = $1 and version = $2 and kek_id = $3 and wrapped_key = $6 returning version`,
    [row.orgId, row.version, row.kekId, kekId, wrappedKey, row.wrappedKey],
  );
  return rows.length === 1;
}
