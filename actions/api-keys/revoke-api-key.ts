"use server";

import { revalidatePath } from "next/cache";
import { revokeOrgApiKey } from "@/lib/api/manage-keys";
import { fail, orgAction } from "@/lib/safe-action";
import { apiKeyRefSchema } from "@/lib/zod/api-keys";

/** Revokes an org API key: every later request with it answers 401 api_key_revoked. */
export const revokeApiKeyAction = orgAction("admin", apiKeyRefSchema, async ({ keyId }, { db, actor, membership }) => {
  const row = await revokeOrgApiKey(db, actor, membership.orgId, keyId);
  if (!row) return fail(404, "That key is already revoked or no longer exists.");
  revalidatePath(`/${membership.slug}/settings/api-keys`);
  return { ok: true, data: null, message: `Revoked ${row.name}.` };
});
