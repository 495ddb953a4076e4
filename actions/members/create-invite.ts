"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { PlanLimitError, planLimitMessage } from "@/lib/billing/limits";
import { createInvite } from "@/lib/orgs/invites";
import { fail, orgAction } from "@/lib/safe-action";
import { orgSlugRef, plainText } from "@/lib/zod/text";

const schema = z.object({
  orgSlug: orgSlugRef,
  note: plainText().min(1, "Say who the code is for, e.g. their name.").max(80, "Use at most 80 characters."),
  role: z.enum(["admin", "member"], "Choose admin or member."),
});

/** Creates a one-time invite code and returns it this once; only its hash is kept. */
export const createInviteAction = orgAction("admin", schema, async ({ note, role }, { db, actor, user, membership }) => {
  let created;
  try {
    created = await createInvite(db, actor, { orgId: membership.orgId, role, note, createdBy: user.id });
  } catch (err) {
    if (err instanceof PlanLimitError) return fail(402, planLimitMessage(err.hit, { role: membership.role, orgSlug: membership.slug }));
    throw err;
  }
  const { code, row } = created;
  revalidatePath(`/${membership.slug}/settings/members`);
  return { ok: true, data: { code, inviteId: row.id, note: row.note, role: row.role }, message: `Invite code for ${row.note} created.` };
});
