"use server";

import { checkPlanLimit, planLimitMessage } from "@/lib/billing/limits";
import { getDb } from "@/lib/db";
import { getNango } from "@/lib/oauth/client";
import { nangoIntegrationOf } from "@/lib/oauth/nango";
import { startConnectSession } from "@/lib/oauth/sessions";
import { getProvider } from "@/lib/providers";
import { fail, orgAction } from "@/lib/safe-action";
import { connectSessionSchema } from "@/lib/zod/oauth";
import { sessionResult } from "./session-view";

/** Starts a Nango Connect UI session for one provider; the connection is recorded when Nango's webhook confirms it. */
export const createConnectSessionAction = orgAction("admin", connectSessionSchema, async (input, { user, membership }) => {
  const provider = getProvider(input.provider);
  if (!provider) return fail(404, "That provider is not in the catalog.");
  const db = await getDb();
  // Before Nango is involved: a connection made over the plan would exist at Nango with nowhere to go.
  const hit = await checkPlanLimit(db, membership.orgId, "credentials", { replacing: { provider: provider.id, name: input.name } });
  if (hit) return fail(402, planLimitMessage(hit, { role: membership.role, orgSlug: membership.slug }));
  const owner = { org: { id: membership.orgId, slug: membership.slug }, user: { id: user.id, email: user.email } };
  const result = await startConnectSession({ db, nango: getNango() }, owner, provider, input.name);
  return sessionResult(result, provider.name, nangoIntegrationOf(provider) ?? provider.id);
});
