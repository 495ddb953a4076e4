"use server";

import { revalidatePath } from "next/cache";
import { createAgent } from "@/lib/agents/manage";
import { planLimitMessage } from "@/lib/billing/limits";
import { fail, orgAction } from "@/lib/safe-action";
import { createAgentSchema } from "@/lib/zod/agents";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates an agent and returns its token this once; only the token's hash is kept. */
export const createAgentAction = orgAction("admin", createAgentSchema, async (input, { db, actor, user, membership }) => {
  const expiresAt = input.expiresInDays === "never" ? null : new Date(Date.now() + Number(input.expiresInDays) * DAY_MS);
  const r = await createAgent(db, actor, {
    orgId: membership.orgId, name: input.name, description: input.description ?? null, expiresAt, allowedCidrs: input.allowedCidrs, createdBy: user.id,
  });
  if (r.kind === "plan_limit") return fail(402, planLimitMessage(r.hit, { role: membership.role, orgSlug: membership.slug }));
  if (r.kind === "duplicate") return fail(409, "An agent of this organization already has that name.", { name: ["Pick another name, or revoke the other agent first."] });
  revalidatePath(`/${membership.slug}/settings/agents`);
  return { ok: true, data: { token: r.token, name: r.agent.name, agentId: r.agent.id }, message: `Created ${r.agent.name}.` };
});
