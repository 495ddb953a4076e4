"use server";

import { revalidatePath } from "next/cache";
import { revokeAgent } from "@/lib/agents/manage";
import { fail, orgAction } from "@/lib/safe-action";
import { agentRefSchema } from "@/lib/zod/agents";

/** Revokes an agent: its next call, on any instance, is refused, and its grants stop with it. */
export const revokeAgentAction = orgAction("admin", agentRefSchema, async ({ agentId }, { db, actor, membership }) => {
  const row = await revokeAgent(db, actor, membership.orgId, agentId);
  if (!row) return fail(404, "That agent is already revoked or no longer exists.");
  revalidatePath(`/${membership.slug}/settings/agents`);
  return { ok: true, data: null, message: `Revoked ${row.name}.` };
});
