"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { writeAudit } from "@/lib/audit";
import { addMemberByEmail } from "@/lib/orgs/members";
import { fail, orgAction } from "@/lib/safe-action";
import { emailSchema } from "@/lib/zod/auth";

const schema = z.object({
  orgSlug: z.string().min(1).max(40),
  email: emailSchema,
  role: z.enum(["admin", "member"], "Choose admin or member."),
});

/** Gives an existing account access to the org, as an admin or a read-only member. */
export const addMemberAction = orgAction("admin", schema, async ({ email, role }, { db, actor, membership }) => {
  const result = await db.transaction(async (tx) => {
    const added = await addMemberByEmail(tx, membership.orgId, email, role);
    if (added.ok) await writeAudit(tx, actor, { orgId: membership.orgId, action: "member.add", outcome: role, metadata: { email } });
    return added;
  });
  if (!result.ok && result.reason === "no_account") {
    return fail(404, "No Switchboard account uses that email. Ask them to sign up first, then add them.", { email: ["No account with this email."] });
  }
  if (!result.ok) return fail(409, "That person is already a member.", { email: ["Already a member."] });
  revalidatePath(`/${membership.slug}/settings/members`);
  return { ok: true, data: null, message: `Added ${email} as ${role}.` };
});
