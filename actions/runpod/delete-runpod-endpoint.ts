"use server";

import { revalidatePath } from "next/cache";
import { integrationDeps } from "@/lib/integrations/deps";
import { deleteRunpodEndpoint } from "@/lib/runpod/endpoints";
import { fail, orgAction } from "@/lib/safe-action";
import { deleteRunpodEndpointSchema } from "@/lib/zod/runpod";

/** Deletes a serverless endpoint at RunPod and records it on its deployment. */
export const deleteRunpodEndpointAction = orgAction("admin", deleteRunpodEndpointSchema, async (input, { actor, membership }) => {
  const result = await deleteRunpodEndpoint(await integrationDeps(), actor, membership.orgId, input.deploymentId);
  if (!result.ok) return fail(result.status, result.error);
  revalidatePath(`/${membership.slug}/deployments`, "layout");
  return { ok: true, data: null, message: result.value.alreadyGone ? "The endpoint was already gone at RunPod." : "Endpoint deleted at RunPod." };
});
