"use server";

import { NO_VERCEL, deploymentFailure } from "@/lib/deployments/action-support";
import { vercelAccount } from "@/lib/deployments/vercel/account";
import { planEnvSync, type SyncPlan } from "@/lib/deployments/vercel/env-sync";
import { integrationDeps } from "@/lib/integrations/deps";
import { fail, orgAction } from "@/lib/safe-action";
import { envSyncSchema } from "@/lib/zod/deployments";

/** An admin sees what a sync would do to a Vercel project: names, targets and credentials, never a value. */
export const planEnvSyncAction = orgAction("admin", envSyncSchema, async (input, { membership }) => {
  const deps = await integrationDeps();
  try {
    const account = await vercelAccount(deps, membership.orgId);
    if (!account) return fail(409, NO_VERCEL);
    const { sources: _values, ...plan } = await planEnvSync(deps, account, membership.orgId, { projectId: input.projectId, targets: input.targets, names: input.names?.length ? input.names : null });
    return { ok: true as const, data: plan satisfies SyncPlan };
  } catch (err) {
    return deploymentFailure(err);
  }
});
