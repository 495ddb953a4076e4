"use server";

import { revalidatePath } from "next/cache";
import { integrationDeps } from "@/lib/integrations/deps";
import { deleteIntegration } from "@/lib/integrations/service";
import { fail, orgAction } from "@/lib/safe-action";
import { integrationRefSchema } from "@/lib/zod/integrations";

/** Deletes a stored credential and its secret; the audit trail keeps the record. */
export const deleteIntegrationAction = orgAction("admin", integrationRefSchema, async (input, { actor, membership }) => {
  const deleted = await deleteIntegration(await integrationDeps(), actor, membership.orgId, input.integrationId);
  if (!deleted) return fail(404, "That credential no longer exists.");
  revalidatePath(`/${membership.slug}/integrations`, "layout");
  revalidatePath(`/${membership.slug}/settings/integrations`);
  return { ok: true, data: null, message: "Deleted. The secret is gone; the audit trail keeps the record." };
});
