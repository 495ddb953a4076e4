"use server";

import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";
import { publicOrigin } from "@/lib/net/public-origin";
import { fail, publicAction } from "@/lib/safe-action";
import { forgotPasswordSchema } from "@/lib/zod/auth";

const SENT = "If an account uses that address, we have emailed it a link to choose a new password. Open it in this browser.";

/**
 * Supabase mode: emails a password-recovery link that leads to /auth/confirm. The answer is the
 * same whether or not the address has an account, so this form cannot be used to find accounts.
 */
export const requestPasswordResetAction = publicAction(forgotPasswordSchema, async ({ email }) => {
  if (!supabaseAuthEnabled()) return fail(404, "Password reset by email needs Supabase Auth; ask whoever runs this Switchboard.");
  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth.resetPasswordForEmail(email, { redirectTo: `${await publicOrigin()}/auth/confirm` });
  if (error?.status === 429) return fail(429, "Too many emails have gone out just now. Wait a minute, then try again.");
  return { ok: true, data: null, message: SENT };
});
