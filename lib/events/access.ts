import "server-only";
import { cookies } from "next/headers";
import { getSessionMember, SESSION_COOKIE } from "@/lib/auth/sessions";
import { supabaseAuthEnabled } from "@/lib/auth/supabase";
import type { Db } from "@/lib/db/types";
import { getUserMember, type Role } from "@/lib/orgs/queries";

/**
 * How an open stream re-checks its caller after connect: local sign-in asks whether the session
 * row is still live and a member; Supabase Auth whether the user is still a member and has not
 * signed out everywhere (or changed password) since the stream began.
 */
export async function streamRecheck(db: Db, userId: string, slug: string): Promise<() => Promise<Role | null>> {
  if (!supabaseAuthEnabled()) {
    const token = (await cookies()).get(SESSION_COOKIE)?.value;
    return async () => {
      const found = await getSessionMember(db, token, slug);
      return found?.user.id === userId ? (found.membership?.role ?? null) : null;
    };
  }
  const since = Date.now();
  return async () => {
    const found = await getUserMember(db, userId, slug);
    if (!found || (found.sessionsValidAfter && found.sessionsValidAfter.getTime() > since)) return null;
    return found.membership?.role ?? null;
  };
}
