"use server";

import { redirect } from "next/navigation";
import { takeSessionCookie } from "@/lib/auth/cookie";
import { revokeSession } from "@/lib/auth/sessions";
import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";
import { getDb } from "@/lib/db";

/** Revokes the session server-side (not just the cookie), so a copied token stops working too. */
export async function signOutAction(): Promise<void> {
  if (supabaseAuthEnabled()) {
    await (await createSupabaseServerClient()).auth.signOut();
  } else {
    const token = await takeSessionCookie();
    if (token) await revokeSession(await getDb(), token);
  }
  redirect("/sign-in");
}
