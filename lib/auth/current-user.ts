import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import type { Actor } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { clientIp } from "@/lib/net/client-ip";
import { getUserMember, type Membership } from "@/lib/orgs/queries";
import { getSessionMember, getSessionUser, SESSION_COOKIE, type SessionUser } from "./sessions";
import { createSupabaseServerClient, supabaseAuthEnabled } from "./supabase";
import { getUserEmail, saveSupabaseUser } from "./supabase-users";

/** The Supabase user whose verified access token this request carries, or null. Cached per request. */
const getSupabaseUser = cache(async (): Promise<SessionUser | null> => {
  // getClaims() verifies the JWT; getSession() would trust whatever the cookie says.
  const { data } = await (await createSupabaseServerClient()).auth.getClaims();
  const claims = data?.claims;
  return claims?.sub && claims.email ? { id: claims.sub, email: claims.email } : null;
});

/** The signed-in user for this request, or null. Cached per request. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  // Read the cookies first: it marks the page dynamic before anything touches the database.
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const db = await getDb();
  if (!supabaseAuthEnabled()) return getSessionUser(db, token);
  const user = await getSupabaseUser();
  // Written only on a first visit or after an email change: a page view writes nothing.
  if (user && (await getUserEmail(db, user.id)) !== user.email) await saveSupabaseUser(db, user);
  return user;
});

/**
 * The signed-in user and their membership in the org at `slug` (null when not a member), or null
 * when signed out. Cached per request; one query for both.
 */
export const getCurrentMember = cache(async (slug: string): Promise<{ user: SessionUser; membership: Membership | null } | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value; // cookies first, as above
  const db = await getDb();
  if (!supabaseAuthEnabled()) return getSessionMember(db, token, slug);
  const user = await getSupabaseUser();
  if (!user) return null;
  const found = await getUserMember(db, user.id, slug);
  if (found?.email !== user.email) await saveSupabaseUser(db, user);
  return { user, membership: found?.membership ?? null };
});

/** Who is acting and from where, for the audit trail. */
export async function requestActor(userId: string | null): Promise<Actor> {
  const h = await headers();
  return { userId, ip: clientIp((n) => h.get(n)), userAgent: h.get("user-agent") };
}
