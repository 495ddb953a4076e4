import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import type { Actor } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { clientIp } from "@/lib/net/client-ip";
import { getMembership, type Membership } from "@/lib/orgs/queries";
import { getSessionMember, getSessionUser, SESSION_COOKIE, type SessionUser } from "./sessions";
import { createSupabaseServerClient, supabaseAuthEnabled } from "./supabase";

/** The signed-in user for this request, or null. Cached per request. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  // Read the cookies first: it marks the page dynamic before anything touches the database.
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const db = await getDb();
  if (!supabaseAuthEnabled()) return getSessionUser(db, token);
  // getClaims() verifies the JWT; getSession() would trust whatever the cookie says.
  const supabase = await createSupabaseServerClient();
  const { data } = await supabase.auth.getClaims();
  const claims = data?.claims;
  if (!claims?.sub || !claims.email) return null;
  await db.query(`insert into users (id, email) values ($1, $2) on conflict (id) do update set email = excluded.email where users.email is distinct from excluded.email`, [claims.sub, claims.email]);
  return { id: claims.sub, email: claims.email };
});

/**
 * The signed-in user and their membership in the org at `slug` (null when not a member), or null
 * when signed out. Cached per request; with local sign-in, one query for both.
 */
export const getCurrentMember = cache(async (slug: string): Promise<{ user: SessionUser; membership: Membership | null } | null> => {
  if (supabaseAuthEnabled()) {
    const user = await getCurrentUser();
    return user && { user, membership: await getMembership(await getDb(), user.id, slug) };
  }
  const token = (await cookies()).get(SESSION_COOKIE)?.value; // cookies first, as above
  return getSessionMember(await getDb(), token, slug);
});

/** Who is acting and from where, for the audit trail. */
export async function requestActor(userId: string | null): Promise<Actor> {
  const h = await headers();
  return { userId, ip: clientIp((n) => h.get(n)), userAgent: h.get("user-agent") };
}
