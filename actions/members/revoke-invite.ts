"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokeInvite } from "@/lib/orgs/invites";
import { fail, orgAction } from "@/lib/safe-action";
import { orgSlugRef } from "@/lib/zod/text";

const schema = z.object({ orgSlug: orgSlugRef, inviteId: z.uuid("Unknown invitation.") });

/** Revokes an unused invite code: whoever holds it can no longer join with it. */
export const revokeInviteAction = orgAction("admin", schema, async ({ inviteId }, { db, actor, membership }) => {
  if (!(await revokeInvite(db, actor, membership.orgId, inviteId))) return fail(404, "That invitation was already used, revoked or has expired.");
  revalidatePath(`/${membership.slug}/settings/members`);
  return { ok: true, data: null, message: "Invitation revoked." };
});
