"use server";

import { revalidatePath } from "next/cache";
import { revokeGrant } from "@/lib/agents/manage";
import { fail, orgAction } from "@/lib/safe-action";
import { grantRefSchema } from "@/lib/zod/agents";

/** Revokes one grant: the agent's next use of it is refused. */
export const revokeGrantAction = orgAction("admin", grantRefSchema, async ({ grantId }, { db, actor, membership }) => {
  const row = await revokeGrant(db, actor, membership.orgId, grantId);
  if (!row) return fail(404, "That grant is already revoked or no longer exists.");
  revalidatePath(`/${membership.slug}/settings/agents/${row.agentId}`);
  return { ok: true, data: null, message: "Grant revoked." };
});
