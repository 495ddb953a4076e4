import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/types";

export const SCOPES = ["read", "write", "export", "request"] as const;
export type Scope = (typeof SCOPES)[number];

const PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const KEY_FORMAT = /^sbk_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

// The secret is 32 random bytes, so a plain SHA-256 is enough: nothing to brute-force, no pepper to manage.
export const hashSecret = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

/** A new key: the full text is returned to the creator once and never stored. */
export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const bytes = randomBytes(8);
  const prefix = Array.from(bytes, (b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join("");
  const secret = randomBytes(32).toString("base64url");
  return { key: `sbk_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseApiKey(text: string): { prefix: string; secret: string } | null {
  const m = KEY_FORMAT.exec(text.trim());
  return m ? { prefix: m[1], secret: m[2] } : null;
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

// Never secret_hash: the column grant withholds it from the client-facing role, and lists never need it.
const COLUMNS = `id, name, prefix, scopes, created_at as "createdAt", last_used_at as "lastUsedAt",
  expires_at as "expiresAt", revoked_at as "revokedAt"`;

export async function insertApiKey(
  db: Db, input: { orgId: string; name: string; scopes: Scope[]; createdBy: string; expiresAt: Date | null; prefix: string; secretHash: string },
): Promise<ApiKeyRow> {
  const { rows } = await db.query<ApiKeyRow>(
    `insert into api_keys (org_id, name, prefix, secret_hash, scopes, created_by, expires_at)
     values ($1, $2, $3, $4, $5::text[], $6, $7) returning ${COLUMNS}`,
    [input.orgId, input.name, input.prefix, input.secretHash, input.scopes, input.createdBy, input.expiresAt],
  );
  return rows[0];
}

export interface ApiKeyListRow extends ApiKeyRow {
  /** The creator's email; null once they are gone (row-level security shows co-members only). */
  createdByEmail: string | null;
}

export async function listApiKeys(db: Db, orgId: string): Promise<ApiKeyListRow[]> {
  const { rows } = await db.query<ApiKeyListRow>(
    `select k.id, k.name, k.prefix, k.scopes, k.created_at as "createdAt", k.last_used_at as "lastUsedAt",
        k.expires_at as "expiresAt", k.revoked_at as "revokedAt", u.email as "createdByEmail"
       from api_keys k left join users u on u.id = k.created_by
      where k.org_id = $1 order by k.revoked_at is not null, k.created_at desc`,
    [orgId],
  );
  return rows;
}

/** Revokes a key of this org; null when there is no such live key. */
export async function revokeApiKey(db: Db, orgId: string, id: string): Promise<ApiKeyRow | null> {
  const { rows } = await db.query<ApiKeyRow>(
    `update api_keys set revoked_at = now() where org_id = $1 and id = $2 and revoked_at is null returning ${COLUMNS}`,
    [orgId, id],
  );
  return rows[0] ?? null;
}

export interface KeyForAuth {
  id: string;
  orgId: string;
  orgSlug: string;
  prefix: string;
  secretHash: string;
  scopes: Scope[];
  expired: boolean;
  revoked: boolean;
  /** False once whoever created the key is no longer an owner or admin of its org. */
  creatorIsAdmin: boolean;
}

/**
 * The key with this prefix and its org's slug; expiry is judged by the database clock. Whether
 * its creator still holds an admin role is read in the same statement: the membership trigger
 * revokes such keys, and this keeps them refused even if a key somehow escaped it.
 */
export async function findKeyByPrefix(db: Db, prefix: string): Promise<KeyForAuth | null> {
  const { rows } = await db.query<KeyForAuth>(
    `select k.id, k.org_id as "orgId", o.slug as "orgSlug", k.prefix, k.secret_hash as "secretHash", k.scopes,
        coalesce(k.expires_at <= now(), false) as expired, k.revoked_at is not null as revoked,
        exists (select 1 from memberships m where m.org_id = k.org_id and m.user_id = k.created_by and m.role in ('owner', 'admin')) as "creatorIsAdmin"
       from api_keys k join organizations o on o.id = k.org_id where k.prefix = $1`,
    [prefix],
  );
  return rows[0] ?? null;
}
