"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { fail, orgAction } from "@/lib/safe-action";
import { requestApiDeps } from "@/lib/requests/deps";
import { createRequests } from "@/lib/requests/service";
import { reasonSchema } from "@/lib/zod/requests";
import { orgSlugRef } from "@/lib/zod/text";

const schema = z.object({
  orgSlug: orgSlugRef,
  providers: z.array(z.string().trim().toLowerCase().regex(/^[a-z0-9_]{2,40}$/, "Name a provider id from the catalog.")).min(1, "Pick a provider to ask for.").max(10, "Ask for at most 10 providers at once."),
  reason: reasonSchema,
});

/**
 * "Request from a teammate" and "Request all missing" on the stack tiles: files one credential
 * request per provider (coalesced with the person's pending ones) through the requests service,
 * with its limits and audit. Any member may ask; admins are told on the requests panel.
 */
export const requestMissingAction = orgAction("member", schema, async (input, { actor, user, membership }) => {
  const result = await createRequests(await requestApiDeps(), actor, { type: "user", userId: user.id, label: user.email }, membership.orgId,
    { providers: [...new Set(input.providers)], reason: input.reason, expires_in_minutes: 24 * 60 });
  if (result.kind === "bad_input") return fail(400, result.error, { providers: [result.error] });
  if (result.kind === "limited") return fail(429, result.error);
  revalidatePath(`/${membership.slug}/integrations`);
  const n = result.requests.length;
  return { ok: true, data: { providers: result.requests.map((r) => r.row.provider) }, message: `Asked the admins for ${n === 1 ? "1 credential" : `${n} credentials`}.` };
});
