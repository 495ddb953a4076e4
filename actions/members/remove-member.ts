"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { writeAudit } from "@/lib/audit";
import { removeMember } from "@/lib/orgs/members";
import { fail, orgAction } from "@/lib/safe-action";
import { orgSlugRef } from "@/lib/zod/text";

const schema = z.object({ orgSlug: orgSlugRef, userId: z.uuid("Unknown member.") });

/** Takes a person's access away. Only owners may, and never from the last owner. */
export const removeMemberAction = orgAction("owner", schema, async ({ userId }, { db, actor, user, membership }) => {
  const outcome = await db.transaction(async (tx) => {
    const result = await removeMember(tx, membership.orgId, userId, user.id);
    if (result === "removed") await writeAudit(tx, actor, { orgId: membership.orgId, action: "member.remove", outcome: "removed", metadata: { userId } });
    return result;
  });
  if (outcome === "not_found") return fail(404, "That person is not a member any more.");
  if (outcome === "not_owner") return fail(403, "You are no longer an owner of this organization, so you cannot remove people.");
  if (outcome === "last_owner") return fail(409, "An organization needs at least one owner, so its last owner cannot be removed.");
  revalidatePath(`/${membership.slug}/settings/members`);
  return { ok: true, data: null, message: "Removed." };
});
