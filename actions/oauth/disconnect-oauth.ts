"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db";
import { getNango } from "@/lib/oauth/client";
import { disconnectOAuth } from "@/lib/oauth/disconnect";
import { fail, orgAction } from "@/lib/safe-action";
import { oauthRefSchema } from "@/lib/zod/oauth";

/** Deletes the connection at Nango (its tokens go with it), then the row; the audit trail keeps the record. */
export const disconnectOAuthAction = orgAction("admin", oauthRefSchema, async (input, { actor, membership }) => {
  const result = await disconnectOAuth({ db: await getDb(), nango: getNango() }, actor, membership.orgId, input.integrationId);
  if (result.kind === "not_configured") return fail(503, "OAuth through Nango is off on this server (NANGO_SECRET_KEY is unset), so the connection cannot be deleted at Nango.");
  if (result.kind === "not_found") return fail(404, "That connection no longer exists.");
  if (result.kind === "nango_error") return fail(502, `Nothing was changed: ${result.reason}`);
  revalidatePath(`/${membership.slug}/integrations`, "layout");
  revalidatePath(`/${membership.slug}/settings/integrations`);
  return { ok: true, data: null, message: `Disconnected. Nango deleted the connection and its tokens; the audit trail keeps the record.` };
});
