"use server";

import { redirect } from "next/navigation";
import { setSessionCookie } from "@/lib/auth/cookie";
import { LOCKOUT_MINUTES, signInLocal } from "@/lib/auth/local";
import { createSession } from "@/lib/auth/sessions";
import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";
import { fail, publicAction } from "@/lib/safe-action";
import { signInSchema } from "@/lib/zod/auth";

// Only same-site paths: an open redirect would hand our sign-in page to phishers.
const safeNext = (next?: string) => (next && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : "/");

export const signInAction = publicAction(signInSchema, async ({ email, password, next }, { db }) => {
  if (supabaseAuthEnabled()) {
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.signInWithPassword({ email, password });
    // Supabase answers this only after the password matched, so saying so reveals nothing new.
    if (error?.code === "email_not_confirmed") return fail(403, "Confirm your email address first: open the link we emailed you, then sign in.");
    if (error) return fail(401, "That email and password do not match.");
  } else {
    const result = await signInLocal(db, email, password);
    if (!result.ok && result.reason === "locked") {
      return fail(429, `Too many failed attempts. Try again in ${LOCKOUT_MINUTES} minutes.`);
    }
    if (!result.ok) return fail(401, "That email and password do not match.");
    const session = await createSession(db, result.userId);
    await setSessionCookie(session.token, session.expiresAt);
  }
  redirect(safeNext(next));
});
