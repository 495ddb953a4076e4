"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { writeAudit } from "@/lib/audit";
import { changeMemberRole } from "@/lib/orgs/members";
import { fail, orgAction } from "@/lib/safe-action";
import { orgSlugRef } from "@/lib/zod/text";

const schema = z.object({
  orgSlug: orgSlugRef,
  userId: z.uuid("Unknown member."),
  role: z.enum(["owner", "admin", "member"], "Choose owner, admin or member."),
});

const A_ROLE = { owner: "an owner", admin: "an admin", member: "a member" } as const;

/**
 * Gives a member another role. Owners only, as with removal: a demotion ends the API keys the
 * person created, and owner is a role only owners may hand out. Admins can still invite admins.
 */
export const changeMemberRoleAction = orgAction("owner", schema, async ({ userId, role }, { db, actor, user, membership }) => {
  const outcome = await db.transaction(async (tx) => {
    const result = await changeMemberRole(tx, membership.orgId, user.id, userId, role);
    if (result.kind === "changed") {
      await writeAudit(tx, actor, {
        orgId: membership.orgId, action: "member.role_change", outcome: result.to,
        metadata: { userId, account: result.email, from: result.from, to: result.to },
      });
    }
    return result;
  });
  if (outcome.kind === "not_found") return fail(404, "That person is not a member any more.");
  if (outcome.kind === "not_owner") return fail(403, "You are no longer an owner of this organization, so you cannot change roles.");
  if (outcome.kind === "last_owner") {
    return fail(409, `An organization needs at least one owner. Make someone else an owner first, then change ${userId === user.id ? "your" : "this"} role.`);
  }
  // Not a refusal: someone else may have made the same change a moment ago.
  if (outcome.kind === "unchanged") return { ok: true, data: { role: outcome.role, changed: false }, message: `${outcome.email} is already ${A_ROLE[outcome.role]}; nothing changed.` };
  revalidatePath(`/${membership.slug}/settings/members`);
  return { ok: true, data: { role: outcome.to, changed: true }, message: `${outcome.email} is now ${A_ROLE[outcome.to]}.` };
});
