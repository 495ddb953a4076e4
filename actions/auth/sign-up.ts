"use server";

import { redirect } from "next/navigation";
import { takeAddressAttempt } from "@/lib/auth/address-limit";
import { setSessionCookie } from "@/lib/auth/cookie";
import { signUpLocal } from "@/lib/auth/local";
import { safeReturnPath } from "@/lib/auth/return-path";
import { createSession } from "@/lib/auth/sessions";
import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";
import { durationWords } from "@/lib/format";
import { fail, publicAction } from "@/lib/safe-action";
import { signUpSchema } from "@/lib/zod/auth";

const CONFIRM_EMAIL = "Almost there: open the link we emailed you to confirm your address, then sign in.";
// Both modes, for an address that already has an account: the words never say that it has one.
const NOT_CREATED = "The account could not be created. If you already have one, sign in instead.";

/**
 * Creates an account and signs it in, then sends the new user to the invite's join page when that
 * is where they were going (next), else to create an org. A taken address
 * gets the same sentence in both modes, with no field marked, after the same password hash.
 * Without email, local mode cannot do what Supabase's "Confirm email" does (answer alike and
 * let only the mailbox's owner finish): whoever signs up with a free address is signed in, and
 * that difference is all a caller learns; the per-address limit keeps it to a few tries an hour.
 */
export const signUpAction = publicAction(signUpSchema, async ({ email, password, next }, { db, actor }) => {
  const byAddress = await takeAddressAttempt(db, "sign-up", actor.ip);
  if (!byAddress.ok) return fail(429, `Too many accounts were asked for from your network just now. Try again in ${durationWords(byAddress.retryAfterSeconds)}.`);
  if (supabaseAuthEnabled()) {
    const supabase = await createSupabaseServerClient();
    const { data, error } = await supabase.auth.signUp({ email, password });
    // Supabase sends one confirmation email per address a minute, and only so many an hour per project.
    if (error?.status === 429) return fail(429, "Too many sign-up emails have gone out just now. Wait a minute, then try again.");
    // Supabase's own message can say whether an email is registered; sign-in never does, nor does this.
    if (error) return fail(400, NOT_CREATED);
    // With "Confirm email" on (Supabase's default) there is no session until the link is opened.
    if (!data.session) return { ok: true, data: null, message: CONFIRM_EMAIL };
  } else {
    const created = await signUpLocal(db, email, password);
    if (!created.ok) return fail(400, NOT_CREATED);
    const session = await createSession(db, created.userId);
    await setSessionCookie(session.token, session.expiresAt);
  }
  // A new account belongs to no org yet, so of the places it may have been going only an invite's
  // join page is one it can open; anywhere else it would meet "Nothing here".
  const back = safeReturnPath(next, "");
  redirect(back === "/orgs/join" || back.startsWith("/orgs/join?") ? back : "/orgs/new");
});
