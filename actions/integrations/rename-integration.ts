"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db";
import { renameIntegration } from "@/lib/integrations/named";
import { getProvider } from "@/lib/providers";
import { fail, orgAction } from "@/lib/safe-action";
import { renameIntegrationSchema } from "@/lib/zod/integrations";

/** Renames a stored credential ("OpenAI production"); the secret is untouched. */
export const renameIntegrationAction = orgAction("admin", renameIntegrationSchema, async (input, { actor, membership }) => {
  const providerName = getProvider(input.provider)?.name ?? input.provider;
  const result = await renameIntegration(await getDb(), actor, membership.orgId, input.provider, input.integrationId, input.name);
  if (result.kind === "not_found") return fail(404, "That credential no longer exists.");
  if (result.kind === "duplicate") {
    const taken = `${providerName} already has a credential named “${result.taken}”.`;
    // The field shows its own errors, so the reason goes there too, not only in the summary.
    return fail(409, taken, { name: [`${taken} Choose another name.`] });
  }
  revalidatePath(`/${membership.slug}/integrations`, "layout");
  revalidatePath(`/${membership.slug}/settings/integrations`);
  return { ok: true, data: { name: input.name }, message: result.kind === "unchanged" ? "The name is unchanged." : `Renamed to ${input.name}.` };
});
