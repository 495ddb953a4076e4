import "server-only";
import { createHash } from "node:crypto";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import type { Actor } from "@/lib/audit";
import { getDb, type Db } from "@/lib/db";
import { readThrough } from "@/lib/db/read-through";
import { clientIp } from "@/lib/net/client-ip";
import { getUserMember, type Membership } from "@/lib/orgs/queries";
import { getSessionMember, getSessionUser, SESSION_COOKIE, type SessionUser } from "./sessions";
import { createSupabaseServerClient, supabaseAuthEnabled } from "./supabase";
import { getSupabaseUserRow, issuedBeforeCutoff, saveSupabaseUser, type SupabaseUserRow } from "./supabase-users";

/** The Supabase user whose verified access token this request carries, and when it was issued. Cached per request. */
const getSupabaseSession = cache(async (): Promise<{ user: SessionUser; issuedAt: number } | null> => {
  // getClaims() verifies the JWT; getSession() would trust whatever the cookie says.
  const { data } = await (await createSupabaseServerClient()).auth.getClaims();
  const claims = data?.claims;
  return claims?.sub && claims.email ? { user: { id: claims.sub, email: claims.email }, issuedAt: claims.iat } : null;
});

/**
 * Whether Switchboard accepts this Supabase session, given the user's saved row: not when the
 * token predates their last sign-out or password change. Writes only on a first visit or after an
 * email change, so a page view writes nothing.
 */
async function admit(db: Db, session: { user: SessionUser; issuedAt: number }, row: SupabaseUserRow | null): Promise<boolean> {
  if (issuedBeforeCutoff(session.issuedAt, row)) return false;
  if (row?.email !== session.user.email) await saveSupabaseUser(db, session.user);
  return true;
}

/** The signed-in user for this request, or null. Cached per request. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  // Read the cookies first: it marks the page dynamic before anything touches the database.
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const db = await getDb();
  if (!supabaseAuthEnabled()) return getSessionUser(db, token);
  const session = await getSupabaseSession();
  if (!session) return null;
  return (await admit(db, session, await getSupabaseUserRow(db, session.user.id))) ? session.user : null;
});

/**
 * The signed-in user and their membership in the org at `slug` (null when not a member), or null
 * when signed out. Cached per request; one query for both.
 */
export const getCurrentMember = cache(async (slug: string): Promise<{ user: SessionUser; membership: Membership | null } | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value; // cookies first, as above
  const db = await getDb();
  if (!supabaseAuthEnabled()) {
    // Every org page starts here: in embedded mode the answer is re-used until anything is written
    // (a sign-out, a membership change) or the session expires. The key holds the token's hash only.
    const key = `session-member:${token && createHash("sha256").update(token).digest("hex")}:${slug}`;
    return readThrough(db, key, () => getSessionMember(db, token, slug), (found) => found?.expiresAt.getTime() ?? Infinity);
  }
  const session = await getSupabaseSession();
  if (!session) return null;
  const found = await getUserMember(db, session.user.id, slug);
  if (!(await admit(db, session, found))) return null;
  return { user: session.user, membership: found?.membership ?? null };
});

/** Who is acting and from where, for the audit trail. */
export async function requestActor(userId: string | null): Promise<Actor> {
  const h = await headers();
  return { userId, ip: clientIp((n) => h.get(n)), userAgent: h.get("user-agent") };
}
