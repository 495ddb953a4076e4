"use server";

import { revalidatePath } from "next/cache";
import { integrationDeps } from "@/lib/integrations/deps";
import { publicOrigin } from "@/lib/net/public-origin";
import { fail, orgAction } from "@/lib/safe-action";
import { GITHUB_EVENT_CHOICES } from "@/lib/webhooks/setup/choices";
import { setupGithubWebhook } from "@/lib/webhooks/setup/github";
import { checkedEvents, githubWebhookSetupSchema } from "@/lib/zod/webhooks-setup";

/** Setup after save: a repository webhook at GitHub pointing at this credential's inbound endpoint. */
export const setupGithubWebhookAction = orgAction("admin", githubWebhookSetupSchema, async (input, { actor, membership }) => {
  const result = await setupGithubWebhook(await integrationDeps(), actor, {
    orgId: membership.orgId, integrationId: input.integrationId, repository: input.repository,
    events: checkedEvents(GITHUB_EVENT_CHOICES, input), origin: publicOrigin().origin,
  });
  if (result.kind === "refused") return fail(result.status, result.error);
  revalidatePath(`/${membership.slug}/integrations/github`);
  revalidatePath(`/${membership.slug}/settings/webhooks/inbound`);
  return {
    ok: true, data: { url: result.url, remoteId: result.remoteId, created: result.kind === "created" },
    message: result.kind === "created"
      ? `Created webhook ${result.remoteId} on ${input.repository}; GitHub now signs its deliveries with the endpoint's secret.`
      : `${input.repository} already sends to this endpoint (webhook ${result.remoteId}); nothing was changed.`,
  };
});
