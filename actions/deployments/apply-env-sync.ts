"use server";

import { NO_VERCEL, deploymentFailure } from "@/lib/deployments/action-support";
import { vercelAccount } from "@/lib/deployments/vercel/account";
import { applyEnvSync, type SyncResult } from "@/lib/deployments/vercel/env-sync";
import { integrationDeps } from "@/lib/integrations/deps";
import { fail, orgAction } from "@/lib/safe-action";
import { envSyncSchema } from "@/lib/zod/deployments";

/**
 * An admin writes the vault's values into a Vercel project's env. The browser names the project,
 * targets and variables; the values are opened here and go straight to Vercel.
 */
export const applyEnvSyncAction = orgAction("admin", envSyncSchema, async (input, { actor, membership }) => {
  const deps = await integrationDeps();
  try {
    const account = await vercelAccount(deps, membership.orgId);
    if (!account) return fail(409, NO_VERCEL);
    const result: SyncResult = await applyEnvSync(deps, account, actor, membership.orgId, { projectId: input.projectId, targets: input.targets, names: input.names?.length ? input.names : null });
    const wrote = result.added + result.updated;
    return { ok: true as const, data: result, message: wrote ? `Synced ${wrote} variable${wrote === 1 ? "" : "s"} to ${result.project.name}.` : `${result.project.name} was already in sync; nothing was written.` };
  } catch (err) {
    return deploymentFailure(err);
  }
});
