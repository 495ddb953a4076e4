"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { takeAddressAttempt } from "@/lib/auth/address-limit";
import { redeemResetCode, resetCodeSchema } from "@/lib/auth/password-reset";
import { supabaseAuthEnabled } from "@/lib/auth/supabase";
import { durationWords } from "@/lib/format";
import { fail, publicAction } from "@/lib/safe-action";
import { setPasswordSchema } from "@/lib/zod/auth";

const schema = z.object({ code: resetCodeSchema, password: setPasswordSchema.shape.password });

/**
 * Local accounts: chooses a new password with a one-time code from an owner or the operator,
 * ends every session of that person, and sends them to sign in with it. Counts against the
 * address's sign-in budget (each attempt hashes a password).
 */
export const redeemResetCodeAction = publicAction(schema, async ({ code, password }, { db, actor }) => {
  if (supabaseAuthEnabled()) return fail(404, "With Supabase Auth, reset your password from the sign-in page by email.");
  const byAddress = await takeAddressAttempt(db, "sign-in", actor.ip);
  if (!byAddress.ok) return fail(429, `Too many sign-in attempts from your network. Try again in ${durationWords(byAddress.retryAfterSeconds)}.`);
  const result = await redeemResetCode(db, actor, code, password);
  if (!result.ok) return fail(400, "This reset code does not work: it may be mistyped, used, replaced by a newer one or expired. Ask for a new one.", { code: ["Not a working code."] });
  redirect("/sign-in?password=reset");
});
