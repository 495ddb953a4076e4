"use server";

import { getDb } from "@/lib/db";
import { getNango } from "@/lib/oauth/client";
import { getOAuthRow } from "@/lib/oauth/queries";
import { startReconnectSession } from "@/lib/oauth/sessions";
import { getProvider } from "@/lib/providers";
import { orgAction } from "@/lib/safe-action";
import { oauthRefSchema } from "@/lib/zod/oauth";
import { sessionResult } from "./session-view";

/** Starts a Connect UI session that repairs an existing connection in place (same connection id). */
export const createReconnectSessionAction = orgAction("admin", oauthRefSchema, async (input, { user, membership }) => {
  const db = await getDb();
  const owner = { org: { id: membership.orgId, slug: membership.slug }, user: { id: user.id, email: user.email } };
  const row = await getOAuthRow(db, membership.orgId, input.integrationId);
  const providerName = (row && getProvider(row.provider)?.name) ?? "provider";
  const result = await startReconnectSession({ db, nango: getNango() }, owner, input.integrationId);
  return sessionResult(result, providerName, row?.nangoIntegration ?? "the provider");
});
