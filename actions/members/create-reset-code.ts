"use server";

import { z } from "zod";
import { issueResetCode, RESET_MINUTES } from "@/lib/auth/password-reset";
import { supabaseAuthEnabled } from "@/lib/auth/supabase";
import { fail, orgAction } from "@/lib/safe-action";
import { orgSlugRef } from "@/lib/zod/text";

const schema = z.object({ orgSlug: orgSlugRef, userId: z.uuid("Unknown member.") });

/**
 * An owner gives a member who forgot their password a one-time code to choose a new one (local
 * accounts: Supabase sends its own emailed link). Shown this once; only its hash is kept; audited
 * in every org the member belongs to. Only for someone whose every org this owner owns, and who
 * owns none.
 */
export const createResetCodeAction = orgAction("owner", schema, async ({ userId }, { db, actor, user, membership }) => {
  if (supabaseAuthEnabled()) return fail(404, "With Supabase Auth, people reset their own password from the sign-in page by email.");
  const result = await issueResetCode(db, actor, { userId }, { kind: "owner", ownerId: user.id, orgId: membership.orgId });
  if (!result.ok && result.reason === "owner") {
    return fail(403, "This person is an owner, so only whoever runs this Switchboard can reset their password (npm run user:reset-password on its machine): an owner's code is never for another owner.");
  }
  if (!result.ok && result.reason === "other_orgs") {
    return fail(403, "This person also belongs to an organization you do not own, so only whoever runs this Switchboard can reset their password (npm run user:reset-password on its machine).");
  }
  if (!result.ok) return fail(404, "That person is not a member any more.");
  return { ok: true, data: { code: result.code, email: result.email, minutes: RESET_MINUTES }, message: `Reset code for ${result.email} created.` };
});
