"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgSlugRef } from "@/lib/zod/text";
import { writeAudit } from "@/lib/audit";
import { fail, orgAction } from "@/lib/safe-action";
import { setStackModelEnabled } from "@/lib/stack/settings";

const schema = z.object({ orgSlug: orgSlugRef, enabled: z.boolean("enabled must be true or false.") });

/**
 * Turns the stack analyzer's model pass on or off for the org. Admins only: it sends pasted
 * descriptions to OpenAI or Anthropic through the org's own key and spends its credits.
 */
export const setStackModelAction = orgAction("admin", schema, async (input, { db, actor, membership }) => {
  const changed = await db.transaction(async (tx) => {
    const previous = await setStackModelEnabled(tx, membership.orgId, input.enabled);
    if (previous === null) return null;
    if (previous !== input.enabled) {
      await writeAudit(tx, actor, { orgId: membership.orgId, action: "stack.model_setting", outcome: input.enabled ? "enabled" : "disabled" });
    }
    return previous !== input.enabled;
  });
  if (changed === null) return fail(404, "This organization no longer exists.");
  revalidatePath(`/${membership.slug}/integrations`);
  return {
    ok: true, data: { enabled: input.enabled },
    message: input.enabled ? "The analyzer will also ask a model through this org's OpenAI or Anthropic key." : "The analyzer will use its deterministic pass only.",
  };
});
