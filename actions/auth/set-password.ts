"use server";

import { redirect } from "next/navigation";
import { getRecoveringUser } from "@/lib/auth/current-user";
import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";
import { endSessionsBefore } from "@/lib/auth/supabase-users";
import { fail, userAction } from "@/lib/safe-action";
import { setPasswordSchema } from "@/lib/zod/auth";

/**
 * Supabase mode: sets a new password for a user whose session came from a recovery link, and ends
 * every session they had, this one included, so they sign in again with it. That matters: whoever
 * held a session or knew the old password, including someone who registered this address before
 * its owner did, is out at once. Supabase itself revokes the other sessions' refresh tokens when
 * the password changes; the cut-off also refuses their access tokens, which it would still honour.
 */
export const setPasswordAction = userAction(setPasswordSchema, async ({ password }, { db, user }) => {
  if (!supabaseAuthEnabled()) return fail(404, "Password changes by email link need Supabase Auth.");
  if (!(await getRecoveringUser())) return fail(403, "Choosing a new password takes a fresh link from your email. Ask for one on the sign-in page.");
  const supabase = await createSupabaseServerClient();
  const { data, error } = await supabase.auth.updateUser({ password });
  if (error?.code === "same_password") return fail(400, "Choose a password different from your old one.", { password: ["Same as the old password."] });
  if (error?.code === "weak_password") return fail(400, "Supabase refused that password as too weak; choose a longer one.", { password: ["Too weak."] });
  if (error) return fail(502, "The password could not be changed just now. Try again, or ask for a new link.");
  try {
    // Supabase's clock for the cut-off, the same clock that stamps each later sign-in.
    const changedAt = data.user?.updated_at ? new Date(data.user.updated_at) : undefined;
    await endSessionsBefore(db, user.id, changedAt);
  } catch {
    return fail(500, "Your password was changed, but other sessions could not be ended just now. Sign out, then sign in again.");
  }
  await supabase.auth.signOut({ scope: "local" });
  redirect("/sign-in?password=changed");
});
