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
  // A form sends them as one comma-separated field (components/requests/request-dialog.tsx).
  providers: z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(z.string().trim().toLowerCase().regex(/^[a-z0-9_]{2,40}$/, "Name a provider id from the catalog.")).min(1, "Pick a provider to ask for.").max(10, "Ask for at most 10 providers at once.")),
  reason: reasonSchema,
});

/** What the person is told: a request already pending for a provider is theirs still, not a new one. */
function askedMessage(coalesced: boolean[]) {
  const fresh = coalesced.filter((c) => !c).length;
  const again = coalesced.length - fresh;
  const count = (n: number) => (n === 1 ? "1 credential" : `${n} credentials`);
  if (fresh === 0) return `You already asked for ${again === 1 ? "this credential" : "these credentials"}; the admins still see your earlier request.`;
  return `Asked the admins for ${count(fresh)}.${again ? ` ${again === 1 ? "One was" : `${again} were`} already asked for and still pending.` : ""}`;
}

/**
 * "Request from a teammate" (on a stack tile, or on a provider page a member cannot set up) and
 * "Request all missing" on the stack tiles: files one credential request per provider (coalesced
 * with the person's pending ones) through the requests service, with its limits and audit, and the
 * reason the person wrote. Any member may ask; admins are told on the requests panel.
 */
export const requestMissingAction = orgAction("member", schema, async (input, { actor, user, membership }) => {
  const result = await createRequests(await requestApiDeps(), actor, { type: "user", userId: user.id, label: user.email }, membership.orgId,
    { providers: [...new Set(input.providers)], reason: input.reason, expires_in_minutes: 24 * 60 });
  if (result.kind === "bad_input") return fail(400, result.error, { providers: [result.error] });
  if (result.kind === "limited") return fail(429, result.error);
  revalidatePath(`/${membership.slug}/integrations`);
  return { ok: true, data: { providers: result.requests.map((r) => r.row.provider) }, message: askedMessage(result.requests.map((r) => r.coalesced)) };
});
