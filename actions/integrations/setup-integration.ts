"use server";

import { revalidatePath } from "next/cache";
import { integrationDeps } from "@/lib/integrations/deps";
import { planLimitMessage } from "@/lib/billing/limits";
import { setupIntegration } from "@/lib/integrations/service";
import type { CheckResult } from "@/lib/providers/types";
import { parseCredential } from "@/lib/integrations/credential";
import { getProvider } from "@/lib/providers";
import { fail, orgAction } from "@/lib/safe-action";
import { setupIntegrationSchema } from "@/lib/zod/integrations";

export interface SetupView {
  status?: string;
  outcome: CheckResult["outcome"];
  reason: string;
  accountLabel?: string;
  details?: CheckResult["details"];
  /** True when the provider could not be reached: the form then offers "save without verifying". */
  canSkipValidation?: boolean;
}

/** The form's credential fields ("field.apiKey"), by the provider's own field names. */
const credentialOf = (input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(input).filter(([k]) => k.startsWith("field.")).map(([k, v]) => [k.slice(6), v]));

// The key's own format is checked with the rest of the form, so a bad name and a mistyped key
// are both marked on the first try (setupIntegration checks it again for every other caller).
const setupFormSchema = setupIntegrationSchema.superRefine((input, ctx) => {
  const provider = getProvider(input.provider);
  const parsed = provider && parseCredential(provider, credentialOf(input));
  if (!parsed || parsed.ok) return;
  for (const [name, messages] of Object.entries(parsed.fieldErrors)) {
    for (const message of messages) ctx.addIssue({ code: "custom", path: [`field.${name}`], message });
  }
});

/** Checks a pasted credential against the provider and stores it only if the provider accepts it. */
export const setupIntegrationAction = orgAction("admin", setupFormSchema, async (input, { actor, membership }) => {
  const provider = getProvider(input.provider);
  if (!provider) return fail(404, "That provider is not in the catalog.");
  const credential = credentialOf(input);
  // A ticked "remove the stored …" box: the one way a replacement drops a kept field (a blank one keeps it).
  const clearFields = Object.entries(input).filter(([k, v]) => k.startsWith("clear.") && (v === "on" || v === "true")).map(([k]) => k.slice(6));
  const result = await setupIntegration(await integrationDeps(), actor, {
    orgId: membership.orgId, provider, name: input.name, credential, skipValidation: input.skipValidation, clearFields,
  });
  const { check } = result as { check?: CheckResult };
  const view = (extra: Partial<SetupView> = {}): SetupView => ({
    outcome: check!.outcome, reason: check!.reason, accountLabel: check!.accountLabel, details: check!.details, ...extra,
  });

  switch (result.kind) {
    case "limited":
      return fail(429, result.error);
    case "bad_input":
      return fail(400, "Check the highlighted fields.", Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [`field.${k}`, v])));
    case "plan_limit":
      return fail(402, planLimitMessage(result.hit, { role: membership.role, orgSlug: membership.slug }));
    case "oauth_name": {
      const taken = oauthNameTaken(provider.name, input.name);
      return fail(409, taken, { name: [taken] });
    }
    case "rejected":
      // The reason is already a sentence naming the provider ("OpenAI rejected the key. …"); a prefix would say it twice.
      return { ok: false, status: 422, error: `${check!.reason} Nothing was stored.`, data: view() };
    case "unverified":
      return { ok: false, status: 503, error: `Couldn't verify with ${provider.name}: ${check!.reason} Nothing was stored.`, data: view({ canSkipValidation: true }) };
    case "stored":
      revalidatePath(`/${membership.slug}/integrations`, "layout");
      revalidatePath(`/${membership.slug}/settings/integrations`);
      return { ok: true, data: view({ status: result.status }), message: storedMessage(result.status, result.replaced ? result.name : null) };
  }
});

/** A pasted key never replaces an OAuth connection: the connection's token is Nango's, not a sealed key. */
const oauthNameTaken = (providerName: string, name: string) =>
  `“${name}” is an OAuth connection to ${providerName}, which a pasted key does not replace. Nothing was stored. Choose another name, or reconnect that connection from settings.`;

/** What a save says; a replaced key is said as such, since the key it replaced is gone. */
function storedMessage(status: string, replacedName: string | null): string {
  if (!replacedName) return status === "PENDING" ? "Saved without verifying." : "Verified and saved.";
  return status === "PENDING"
    ? `Saved without verifying, replacing the key of “${replacedName}”.`
    : `Verified, and replaced the key of “${replacedName}”.`;
}
