"use server";

import { redirect } from "next/navigation";
import { takeSessionCookie } from "@/lib/auth/cookie";
import { revokeSession } from "@/lib/auth/sessions";
import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";
import { getDb } from "@/lib/db";

/**
 * Ends the session on the server, not just in this browser: a copied local session token stops
 * working at once; with Supabase, its refresh tokens are revoked (an access token it already issued
 * stays valid until it expires, as Supabase verifies those without asking).
 */
export async function signOutAction(): Promise<void> {
  if (supabaseAuthEnabled()) {
    const supabase = await createSupabaseServerClient();
    // A global sign-out that Supabase cannot answer keeps the cookies; this browser is signed out regardless.
    const { error } = await supabase.auth.signOut();
    if (error) await supabase.auth.signOut({ scope: "local" });
  } else {
    const token = await takeSessionCookie();
    if (token) await revokeSession(await getDb(), token);
  }
  redirect("/sign-in");
}
