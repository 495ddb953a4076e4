"use server";

import { redirect } from "next/navigation";
import { takeSessionCookie } from "@/lib/auth/cookie";
import { getCurrentUser } from "@/lib/auth/current-user";
import { revokeSession } from "@/lib/auth/sessions";
import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";
import { endSessionsBefore } from "@/lib/auth/supabase-users";
import { getDb } from "@/lib/db";

/**
 * Ends the session on the server, not just in this browser: a copied local session token stops
 * working at once. With Supabase, its refresh tokens are revoked everywhere, and Switchboard stops
 * accepting every session of the user that began before now, even ones whose access token
 * Supabase alone would honour until it expires, or that can still refresh because Supabase could
 * not be reached to revoke them.
 */
export async function signOutAction(): Promise<void> {
  if (supabaseAuthEnabled()) {
    const user = await getCurrentUser();
    const supabase = await createSupabaseServerClient();
    // A global sign-out that Supabase cannot answer keeps the cookies; this browser is signed out regardless.
    const { error } = await supabase.auth.signOut();
    if (error) await supabase.auth.signOut({ scope: "local" });
    if (user) await endSessionsBefore(await getDb(), user.id);
  } else {
    const token = await takeSessionCookie();
    if (token) await revokeSession(await getDb(), token);
  }
  redirect("/sign-in");
}
