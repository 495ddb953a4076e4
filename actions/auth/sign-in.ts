"use server";

import { redirect } from "next/navigation";
import { takeAddressAttempt } from "@/lib/auth/address-limit";
import { setSessionCookie } from "@/lib/auth/cookie";
import { signInLocal, takeAccountAttempt } from "@/lib/auth/local";
import { safeReturnPath } from "@/lib/auth/return-path";
import { createSession } from "@/lib/auth/sessions";
import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";
import { afterAnswer, traceFailedSignIn } from "@/lib/auth/traces";
import { durationWords } from "@/lib/format";
import { fail, publicAction } from "@/lib/safe-action";
import { signInSchema } from "@/lib/zod/auth";

const LOCKED = (seconds: number) => `Too many failed attempts for this account. Try again in ${durationWords(seconds)}.`;

export const signInAction = publicAction(signInSchema, async ({ email, password, next }, { db, actor }) => {
  // For the audit logs of the account's orgs, after the answer: its timing says nothing about the account.
  const trace = (outcome: "wrong password" | "locked") => afterAnswer(() => traceFailedSignIn(db, actor, email, outcome));
  const byAddress = await takeAddressAttempt(db, "sign-in", actor.ip);
  if (!byAddress.ok) return fail(429, `Too many sign-in attempts from your network. Try again in ${durationWords(byAddress.retryAfterSeconds)}.`);
  if (supabaseAuthEnabled()) {
    const attempt = await takeAccountAttempt(db, email);
    if (!attempt.ok) {
      trace("locked");
      return fail(429, LOCKED(attempt.retryAfterSeconds));
    }
    const supabase = await createSupabaseServerClient();
    const { error } = await supabase.auth.signInWithPassword({ email, password });
    // Supabase answers this only after the password matched, so saying so reveals nothing new.
    if (error?.code === "email_not_confirmed") {
      await attempt.release();
      return fail(403, "Confirm your email address first: open the link we emailed you, then sign in.");
    }
    // No answer, GoTrue's own rate limit or an outage says nothing about the password: the slot is
    // returned, so an outage can never lock an account out.
    if (error && (!error.status || error.status === 429 || error.status >= 500)) {
      await attempt.release();
      return fail(503, error.status === 429
        ? "The sign-in service is busy right now. Try again in a minute."
        : "The sign-in service is not answering right now. Try again in a minute.");
    }
    if (error) {
      trace("wrong password");
      return fail(401, "That email and password do not match.");
    }
    await attempt.release();
  } else {
    const result = await signInLocal(db, email, password);
    if (!result.ok) {
      trace(result.reason === "locked" ? "locked" : "wrong password");
      return result.reason === "locked" ? fail(429, LOCKED(result.retryAfterSeconds)) : fail(401, "That email and password do not match.");
    }
    const session = await createSession(db, result.userId);
    await setSessionCookie(session.token, session.expiresAt);
  }
  // Only a path on this site: an open redirect would hand our sign-in page to phishers.
  redirect(safeReturnPath(next));
});
