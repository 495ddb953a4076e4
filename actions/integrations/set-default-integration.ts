"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { setDefaultIntegration } from "@/lib/integrations/named";
import { getProvider } from "@/lib/providers";
import { fail, orgAction } from "@/lib/safe-action";
import { integrationRefSchema } from "@/lib/zod/integrations";

/** Makes this credential the one its provider uses by default (.env export, agents, API). */
export const setDefaultIntegrationAction = orgAction("admin", integrationRefSchema, async (input, { actor, membership }) => {
  const providerName = getProvider(input.provider)?.name ?? input.provider;
  let result;
  try {
    result = await setDefaultIntegration(await getDb(), actor, membership.orgId, input.provider, input.integrationId);
  } catch (err) {
    // Rows are locked first, so this only happens if a writer bypassed that order.
    if (isUniqueViolation(err)) return fail(409, `Someone changed the ${providerName} default at the same time. Reload and try again.`);
    throw err;
  }
  if (result.kind === "not_found") return fail(404, "That credential no longer exists.");
  revalidatePath(`/${membership.slug}/integrations`, "layout");
  revalidatePath(`/${membership.slug}/settings/integrations`);
  return { ok: true, data: null, message: result.kind === "unchanged" ? "It is already the default." : `Now the default for ${providerName}.` };
});
