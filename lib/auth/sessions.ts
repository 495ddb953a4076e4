import { createHash, randomBytes } from "node:crypto";
import { readThrough } from "@/lib/db/read-through";
import type { Db } from "@/lib/db/types";
import { membershipOf, type Membership } from "@/lib/orgs/queries";

export const SESSION_COOKIE = "sb_session";
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

// Only a hash of the token is stored: a leaked sessions table cannot be replayed.
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createSession(db: Db, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000);
  await db.query(`insert into sessions (token_hash, user_id, expires_at) values ($1, $2, $3)`, [hashToken(token), userId, expiresAt]);
  return { token, expiresAt };
}

export interface SessionUser {
  id: string;
  email: string;
}

export async function getSessionUser(db: Db, token: string | undefined): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  const { rows } = await db.query<SessionUser>(
    `select u.id, u.email from sessions s join users u on u.id = s.user_id
      where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()`,
    [hashToken(token)],
  );
  return rows[0] ?? null;
}

/**
 * The session's user and their membership in the org at `slug` (null when they have none), in one
 * query: every org page needs both, and each round trip to the database counts.
 */
export async function getSessionMember(
  db: Db, token: string | undefined, slug: string,
): Promise<{ user: SessionUser; membership: Membership | null; expiresAt: Date } | null> {
  if (!token || token.length > 100) return null;
  const { rows } = await db.query<SessionUser & { orgId: string | null; slug: string; orgName: string; role: Membership["role"]; expiresAt: Date }>(
    `select u.id, u.email, o.id as "orgId", o.slug, o.name as "orgName", m.role, s.expires_at as "expiresAt"
       from sessions s join users u on u.id = s.user_id
       left join (organizations o join memberships m on m.org_id = o.id) on o.slug = $2 and m.user_id = u.id
      where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()`,
    [hashToken(token), slug],
  );
  const r = rows[0];
  if (!r) return null;
  return { user: { id: r.id, email: r.email }, membership: membershipOf(r), expiresAt: r.expiresAt };
}

/**
 * getSessionMember, re-used until a write (lib/db/read-through.ts): a sign-out or a membership
 * change on any instance makes the next lookup read afresh once its notification is delivered,
 * and an expired session is never answered from memory. The key holds the token's hash only.
 */
export function readSessionMember(db: Db, token: string | undefined, slug: string) {
  const key = `session-member:${token && hashToken(token)}:${slug}`;
  return readThrough(db, key, () => getSessionMember(db, token, slug), (found) => found?.expiresAt.getTime() ?? Infinity);
}

export async function revokeSession(db: Db, token: string): Promise<void> {
  await db.query(`update sessions set revoked_at = now() where token_hash = $1 and revoked_at is null`, [hashToken(token)]);
}
