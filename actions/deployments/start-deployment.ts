"use server";

import { revalidatePath } from "next/cache";
import { NO_VERCEL, deploymentFailure } from "@/lib/deployments/action-support";
import { vercelAccount } from "@/lib/deployments/vercel/account";
import { startVercelDeployment } from "@/lib/deployments/vercel/deploy";
import { integrationDeps } from "@/lib/integrations/deps";
import { fail, orgAction } from "@/lib/safe-action";
import { deploySchema } from "@/lib/zod/deployments";

/** An admin starts a Vercel deployment; the page then follows it live. */
export const startDeploymentAction = orgAction("admin", deploySchema, async (input, { actor, membership }) => {
  const deps = await integrationDeps();
  let id: string;
  try {
    const account = await vercelAccount(deps, membership.orgId);
    if (!account) return fail(409, NO_VERCEL);
    const d = await startVercelDeployment(deps, account, actor, membership.orgId,
      input.mode === "git" ? { projectId: input.projectId, mode: "git", ref: input.ref!, target: input.target ?? "preview" } : { projectId: input.projectId, mode: "redeploy" });
    id = d.id;
  } catch (err) {
    return deploymentFailure(err);
  }
  revalidatePath(`/${membership.slug}/deployments`);
  return { ok: true as const, data: { id, href: `/${membership.slug}/deployments/${id}` }, message: "Deployment started." };
});
