import "server-only";
import { fail } from "@/lib/safe-action";
import { isKeyServiceDown } from "@/lib/vault/vault-types";
import { DeploymentError } from "./credential";

export const NO_VERCEL = "Connect Vercel first: add a Vercel access token under Integrations, then come back.";

/** An expected failure as the action contract's sentence; anything else is rethrown (safe-action logs it with a reference). */
export function deploymentFailure(err: unknown) {
  if (err instanceof DeploymentError) return fail(err.status, err.message);
  if (isKeyServiceDown(err)) return fail(503, "Switchboard could not reach its key service to open the credential; nothing was changed. Try again in a minute.");
  throw err;
}
