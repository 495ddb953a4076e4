import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import type { Actor } from "@/lib/audit";
import { getDb, type Db } from "@/lib/db";
import { clientIp } from "@/lib/net/client-ip";
import { getUserMember, type Membership } from "@/lib/orgs/queries";
import { getSessionUser, readSessionMember, SESSION_COOKIE, type SessionUser } from "./sessions";
import { createSupabaseServerClient, supabaseAuthEnabled } from "./supabase";
import { getSupabaseUserRow, saveSupabaseUser, signedInBeforeCutoff, type SupabaseUserRow } from "./supabase-users";

interface SupabaseSession {
  user: SessionUser;
  /** When the session was authenticated (epoch seconds): refreshes keep it, unlike a token's iat. */
  signedInAt: number;
  /** When it was authenticated by a password-recovery link, if it was. */
  recoveredAt: number | null;
}

/** The Supabase session this request's verified access token belongs to. Cached per request. */
const getSupabaseSession = cache(async (): Promise<SupabaseSession | null> => {
  // getClaims() verifies the JWT; getSession() would trust whatever the cookie says.
  const { data } = await (await createSupabaseServerClient()).auth.getClaims();
  const claims = data?.claims;
  if (!claims?.sub || !claims.email) return null;
  // amr lists how the session was authenticated and when (GoTrue keeps it across refreshes).
  const amr = (claims.amr ?? []).filter((a): a is { method: string; timestamp: number } => typeof a === "object" && Number.isFinite(a.timestamp));
  return {
    user: { id: claims.sub, email: claims.email },
    signedInAt: amr.length > 0 ? Math.max(...amr.map((a) => a.timestamp)) : claims.iat,
    recoveredAt: amr.find((a) => a.method === "recovery")?.timestamp ?? null,
  };
});

/**
 * Whether Switchboard accepts this Supabase session, given the user's saved row: not when it began
 * before their last sign-out or password change. Writes only on a first visit or after an email
 * change, so a page view writes nothing.
 */
async function admit(db: Db, session: SupabaseSession, row: SupabaseUserRow | null): Promise<boolean> {
  if (signedInBeforeCutoff(session.signedInAt, row)) return false;
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
    // Every org page starts here: re-used until a sign-out, a membership change, or any write.
    return readSessionMember(db, token, slug);
  }
  const session = await getSupabaseSession();
  if (!session) return null;
  const found = await getUserMember(db, session.user.id, slug);
  if (!(await admit(db, session, found))) return null;
  return { user: session.user, membership: found?.membership ?? null };
});

const RECOVERY_WINDOW_SECONDS = 30 * 60;

/**
 * The signed-in Supabase user when their session came from a password-recovery link in the last
 * half hour (GoTrue records that in the session's amr), else null. Only such a session may set a
 * password without the old one: a stolen session cookie alone cannot lock the owner out.
 */
export async function getRecoveringUser(): Promise<SessionUser | null> {
  if (!supabaseAuthEnabled()) return null;
  const user = await getCurrentUser();
  const session = user && (await getSupabaseSession());
  const fresh = session?.recoveredAt != null && Date.now() / 1000 - session.recoveredAt < RECOVERY_WINDOW_SECONDS;
  return fresh ? user : null;
}

/** Who is acting and from where, for the audit trail. */
export async function requestActor(userId: string | null): Promise<Actor> {
  const h = await headers();
  return { userId, ip: clientIp((n) => h.get(n)), userAgent: h.get("user-agent") };
}
