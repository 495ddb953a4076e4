"use server";

import { redirect } from "next/navigation";
import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";
import { endSessionsNow } from "@/lib/auth/supabase-users";
import { fail, userAction } from "@/lib/safe-action";
import { setPasswordSchema } from "@/lib/zod/auth";

/**
 * Supabase mode: sets a new password for the signed-in user (reached from a recovery link) and
 * ends every session they had, this one included, so they sign in again with it. That matters:
 * whoever held a session or knew the old password, including someone who registered this address
 * before its owner did, is out at once. Other sessions' refresh tokens are revoked first, so a
 * failure leaves the old password in place and a retry starts clean.
 */
export const setPasswordAction = userAction(setPasswordSchema, async ({ password }, { db, user }) => {
  if (!supabaseAuthEnabled()) return fail(404, "Password changes by email link need Supabase Auth.");
  const supabase = await createSupabaseServerClient();
  const { error: signOutError } = await supabase.auth.signOut({ scope: "others" });
  if (signOutError) return fail(502, "Supabase could not be reached just now, so nothing was changed. Try again.");
  const { error } = await supabase.auth.updateUser({ password });
  if (error?.code === "same_password") return fail(400, "Choose a password different from your old one.", { password: ["Same as the old password."] });
  if (error?.code === "weak_password") return fail(400, "Supabase refused that password as too weak; choose a longer one.", { password: ["Too weak."] });
  if (error) return fail(502, "The password could not be changed just now. Try again, or ask for a new link.");
  // Access tokens issued so far stay valid at Supabase until they expire; Switchboard refuses them from now.
  await endSessionsNow(db, user.id);
  await supabase.auth.signOut({ scope: "local" });
  redirect("/sign-in?password=changed");
});
