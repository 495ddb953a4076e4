"use server";

import { revalidatePath } from "next/cache";
import { SCOPES } from "@/lib/api/keys";
import { createOrgApiKey } from "@/lib/api/manage-keys";
import { orgAction } from "@/lib/safe-action";
import { createApiKeySchema } from "@/lib/zod/api-keys";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates an org API key and returns it this once; only its hash is kept. */
export const createApiKeyAction = orgAction("admin", createApiKeySchema, async (input, { db, actor, user, membership }) => {
  const scopes = SCOPES.filter((s) => input[`scope.${s}`]);
  const expiresAt = input.expiresInDays === "never" ? null : new Date(Date.now() + Number(input.expiresInDays) * DAY_MS);
  const { key, row } = await createOrgApiKey(db, actor, { orgId: membership.orgId, name: input.name, scopes, createdBy: user.id, expiresAt });
  revalidatePath(`/${membership.slug}/settings/api-keys`);
  return { ok: true, data: { key, prefix: row.prefix, name: row.name }, message: `Created ${row.name}.` };
});
