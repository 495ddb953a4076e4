"use server";

import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";
import { env } from "@/lib/env";
import { fail, publicAction } from "@/lib/safe-action";
import { forgotPasswordSchema } from "@/lib/zod/auth";

const SENT = "If an account uses that address, we have emailed it a link to choose a new password (one a minute at most). Open it in this browser.";

/**
 * Supabase mode: emails a password-recovery link that leads to APP_URL's /auth/confirm (never to
 * an address taken from the request's headers). The answer is the same whether or not the address
 * has an account, even when Supabase says a link went out less than a minute ago (it says so only
 * for accounts that exist), so this form cannot be used to find accounts.
 */
export const requestPasswordResetAction = publicAction(forgotPasswordSchema, async ({ email }) => {
  if (!supabaseAuthEnabled()) return fail(404, "Password reset by email needs Supabase Auth; ask whoever runs this Switchboard.");
  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth.resetPasswordForEmail(email, { redirectTo: `${env.APP_URL!.replace(/\/+$/, "")}/auth/confirm` });
  if (error && error.status !== 429) return fail(502, "Supabase could not be reached just now. Try again in a moment.");
  return { ok: true, data: null, message: SENT };
});
