"use server";

import { redirect } from "next/navigation";
import { setSessionCookie } from "@/lib/auth/cookie";
import { signUpLocal } from "@/lib/auth/local";
import { createSession } from "@/lib/auth/sessions";
import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";
import { fail, publicAction } from "@/lib/safe-action";
import { signUpSchema } from "@/lib/zod/auth";

const CONFIRM_EMAIL = "Almost there: open the link we emailed you to confirm your address, then sign in.";

/** Creates an account and signs it in, then sends the new user to create an org. */
export const signUpAction = publicAction(signUpSchema, async ({ email, password }, { db }) => {
  if (supabaseAuthEnabled()) {
    const supabase = await createSupabaseServerClient();
    const { data, error } = await supabase.auth.signUp({ email, password });
    // Supabase sends one confirmation email per address a minute, and only so many an hour per project.
    if (error?.status === 429) return fail(429, "Too many sign-up emails have gone out just now. Wait a minute, then try again.");
    // Supabase's own message can say whether an email is registered; sign-in never does, nor does this.
    if (error) return fail(400, "The account could not be created. If you already have one, sign in instead.");
    // With "Confirm email" on (Supabase's default) there is no session until the link is opened.
    if (!data.session) return { ok: true, data: null, message: CONFIRM_EMAIL };
  } else {
    const created = await signUpLocal(db, email, password);
    if (!created.ok) return fail(409, "An account with that email already exists. Sign in instead.", { email: ["Already registered."] });
    const session = await createSession(db, created.userId);
    await setSessionCookie(session.token, session.expiresAt);
  }
  redirect("/orgs/new");
});
