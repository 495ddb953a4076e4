"use server";

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
  const owner = { org: { id: membership.orgId, slug: membership.slug }, user: { id: user.id, email: user.email } };
  const result = await startConnectSession({ db: await getDb(), nango: getNango() }, owner, provider, input.name);
  return sessionResult(result, provider.name, nangoIntegrationOf(provider) ?? provider.id, input.name);
});
