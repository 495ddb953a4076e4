"use server";

import { revalidatePath } from "next/cache";
import { integrationDeps } from "@/lib/integrations/deps";
import { revalidateIntegration, UNREADABLE_REASON } from "@/lib/integrations/service";
import { statusWord } from "@/lib/format";
import { getProvider } from "@/lib/providers";
import { fail, orgAction } from "@/lib/safe-action";
import { integrationRefSchema } from "@/lib/zod/integrations";

/** Re-checks a stored credential against its provider and records the outcome. */
export const revalidateIntegrationAction = orgAction("admin", integrationRefSchema, async (input, { actor, membership }) => {
  const provider = getProvider(input.provider);
  if (!provider) return fail(404, "That provider is not in the catalog.");
  const result = await revalidateIntegration(await integrationDeps(), actor, membership.orgId, provider, input.integrationId);
  if (result.kind === "not_found") return fail(404, "That credential no longer exists.");
  if (result.kind === "limited") return fail(429, result.error);
  revalidatePath(`/${membership.slug}/integrations`, "layout");
  revalidatePath(`/${membership.slug}/settings/integrations`);
  // Its last check now says it cannot be decrypted; the page shows that, the toast says what to do.
  if (result.kind === "unreadable") return fail(409, UNREADABLE_REASON);
  const { outcome, reason } = result.check;
  const message =
    outcome === "valid" ? "Still valid." :
    outcome === "valid_but_insufficient" ? `Valid, with a warning: ${reason}` :
    // The reason already names the provider and the rejection; the status in the badge's own word.
    outcome === "invalid" ? `${reason} The status is now ${statusWord("INVALID")}.` :
    // The reason is a sentence of its own: in brackets it read "(… try again later.);".
    `Couldn't verify now: ${reason} The status was left as ${statusWord(result.status)}.`;
  return { ok: true, data: { status: result.status, outcome }, message };
});
