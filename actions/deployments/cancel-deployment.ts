"use server";

import { NO_VERCEL, deploymentFailure } from "@/lib/deployments/action-support";
import { getDeployment } from "@/lib/deployments/queries";
import { isTerminal } from "@/lib/deployments/types";
import { vercelAccount } from "@/lib/deployments/vercel/account";
import { cancelVercelDeployment } from "@/lib/deployments/vercel/deploy";
import { integrationDeps } from "@/lib/integrations/deps";
import { fail, orgAction } from "@/lib/safe-action";
import { deploymentRefSchema } from "@/lib/zod/deployments";

/** An admin asks Vercel to cancel a running deployment; the follower records CANCELED when Vercel does. */
export const cancelDeploymentAction = orgAction("admin", deploymentRefSchema, async (input, { db, actor, membership }) => {
  const d = await getDeployment(db, membership.orgId, input.deploymentId);
  if (!d) return fail(404, "No such deployment in this organization.");
  if (isTerminal(d.state)) return fail(409, `This deployment has already ${d.state === "ready" ? "finished" : d.state === "error" ? "failed" : "been canceled"}.`);
  if (d.kind !== "vercel") return fail(409, "Only Vercel deployments are canceled here.");
  const deps = await integrationDeps();
  try {
    const account = await vercelAccount(deps, membership.orgId, d.integrationId ?? undefined);
    if (!account) return fail(409, NO_VERCEL);
    await cancelVercelDeployment(deps, account, actor, d);
  } catch (err) {
    return deploymentFailure(err);
  }
  return { ok: true as const, data: null, message: "Cancel requested; the state changes here when Vercel confirms." };
});
