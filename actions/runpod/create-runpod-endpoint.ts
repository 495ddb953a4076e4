"use server";

import { revalidatePath } from "next/cache";
import { integrationDeps } from "@/lib/integrations/deps";
import { createRunpodEndpoint } from "@/lib/runpod/endpoints";
import { fail, orgAction } from "@/lib/safe-action";
import { chosenCredentialIds, createRunpodEndpointSchema } from "@/lib/zod/runpod";

/** Creates a RunPod serverless endpoint with env from the vault; the browser sends credential ids, never values. */
export const createRunpodEndpointAction = orgAction("admin", createRunpodEndpointSchema, async (input, { actor, membership }) => {
  const chosen = chosenCredentialIds(input);
  if (!chosen.ok) return fail(400, chosen.error, { credentials: [chosen.error] });
  const result = await createRunpodEndpoint(await integrationDeps(), actor, {
    orgId: membership.orgId,
    name: input.name,
    source: input.source === "template" ? { templateId: input.templateId } : { image: input.image },
    gpuTypeId: input.gpuTypeId,
    gpuCount: input.gpuCount,
    workersMin: input.workersMin,
    workersMax: input.workersMax,
    credentialIds: chosen.ids,
  });
  if (!result.ok) return fail(result.status, result.error, result.field ? { [result.field]: [result.error] } : undefined);
  revalidatePath(`/${membership.slug}/deployments`, "layout");
  return { ok: true, data: { deploymentId: result.value.id }, message: `Endpoint ${input.name} created at RunPod; Switchboard is following its workers.` };
});
