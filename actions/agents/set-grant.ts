"use server";

import { revalidatePath } from "next/cache";
import { setGrant } from "@/lib/agents/manage";
import type { Operation } from "@/lib/agents/types";
import { fail, orgAction } from "@/lib/safe-action";
import { setGrantSchema } from "@/lib/zod/agents";

const DAY_MS = 24 * 60 * 60 * 1000;

/** One row of an agent's matrix: this integration with these operations (editing its grant there in place). */
export const setGrantAction = orgAction("admin", setGrantSchema, async (input, { db, actor, user, membership }) => {
  const operations = (["proxy", "reveal", "env"] as Operation[]).filter((op) => input[`op.${op}`]);
  const [provider, integrationId] = input.target.startsWith("default:") ? [input.target.slice(8), null] : [null, input.target];
  let providerId = provider;
  if (!providerId) {
    const { rows } = await db.query<{ provider: string }>(`select provider from integrations where org_id = $1 and id = $2`, [membership.orgId, integrationId]);
    // Said in the row's alert: the row shows its credential as text, with no field to mark.
    const gone = "That credential does not exist in this organization (it may have been deleted); reload the page to see the ones it has.";
    if (!rows[0]) return fail(400, gone, { target: [gone] });
    providerId = rows[0].provider;
  }
  const r = await setGrant(db, actor, {
    orgId: membership.orgId, agentId: input.agentId, provider: providerId, integrationId, operations,
    preset: input.preset ?? null, rulesText: input.rules ?? null, maxUses: input.maxUses ? Number(input.maxUses) : null,
    expiresAt: input.expiresInDays === "keep" ? "keep" : input.expiresInDays === "never" ? null : new Date(Date.now() + Number(input.expiresInDays) * DAY_MS),
    revealSeconds: input.revealMinutes ? Number(input.revealMinutes) * 60 : null, awsRoleArn: input.awsRoleArn ?? null, createdBy: user.id,
  });
  if (r.kind === "bad_input") return fail(400, r.error, { [r.field]: [r.error] });
  if (r.kind === "not_found") return fail(404, r.error);
  revalidatePath(`/${membership.slug}/settings/agents/${input.agentId}`);
  return { ok: true, data: { grantId: r.grant.id }, message: "Grant saved." };
});
