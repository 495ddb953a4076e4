import "server-only";
import { deploymentsCancelDeployment } from "@vercel/sdk/funcs/deploymentsCancelDeployment.js";
import { deploymentsCreateDeployment } from "@vercel/sdk/funcs/deploymentsCreateDeployment.js";
import { deploymentsGetDeployments } from "@vercel/sdk/funcs/deploymentsGetDeployments.js";
import { writeAudit, type Actor } from "@/lib/audit";
import { DeploymentError } from "../credential";
import { assertDeploymentAllowed } from "../plan-limit";
import { insertDeployment } from "../queries";
import type { Deployment, UsedCredential } from "../types";
import type { WorkerDeps } from "../worker";
import { getVercelProject, teamArg, type VercelAccount } from "./account";
import { call } from "./client";

export type DeployInput =
  | { projectId: string; mode: "redeploy" }
  | { projectId: string; mode: "git"; ref: string; target: "production" | "preview" };

/** Git ref names as git allows them, minus what would never name a branch, tag or commit here. */
export const GIT_REF = /^(?!.*\.\.)(?!\/)(?!.*\/$)[A-Za-z0-9._\/-]{1,200}$/;

/** The credentials synced into this project, from the sync records: what the deployment's build reads. */
async function syncedCredentials(deps: WorkerDeps, orgId: string, projectId: string): Promise<UsedCredential[]> {
  const { rows } = await deps.db.query<UsedCredential>(
    `select distinct i.id as "integrationId", i.provider, i.name, i.fingerprint from vercel_env_syncs s
       join integrations i on i.id = s.integration_id and i.org_id = s.org_id
      where s.org_id = $1 and s.project_id = $2 order by i.provider, i.name`,
    [orgId, projectId],
  );
  return rows;
}

/**
 * Starts a Vercel deployment: a redeploy of the project's latest ready production deployment,
 * or a new one from its connected git repository at a ref. Recorded (queued), with who started it
 * and with which credentials, and audited in one transaction; the worker follows it from there.
 */
export async function startVercelDeployment(deps: WorkerDeps, account: VercelAccount, actor: Actor, orgId: string, input: DeployInput): Promise<Deployment> {
  const project = await getVercelProject(account, input.projectId);
  const team = teamArg(account.scope);
  let body: Record<string, unknown>;
  let target: string;
  if (input.mode === "redeploy") {
    const list = (await call(() => deploymentsGetDeployments(account.sdk, { ...team, projectId: project.id, target: "production", state: "READY", limit: 1 }))) as { deployments?: { uid?: string; id?: string }[] };
    const latest = list.deployments?.[0];
    const from = latest?.uid ?? latest?.id;
    if (!from) throw new DeploymentError(`${project.name} has no ready production deployment to redeploy; deploy from its git repository instead.`, true, 409);
    body = { name: project.name, project: project.id, deploymentId: from, target: "production" };
    target = "production";
  } else {
    if (!GIT_REF.test(input.ref)) throw new DeploymentError("That is not a git branch, tag or commit name.", true, 400);
    const repo = project.repo;
    if (!repo) throw new DeploymentError(`${project.name} has no connected git repository; connect one in Vercel, or redeploy instead.`, true, 409);
    const gitSource = repo.type === "github" ? { type: "github", repoId: repo.repoId, ref: input.ref }
      : repo.type === "gitlab" ? { type: "gitlab", projectId: repo.repoId, ref: input.ref } : null;
    if (!gitSource) throw new DeploymentError(`Deploying from ${repo.type} is not supported here; redeploy instead.`, true, 409);
    // A preview deployment is one without a target (Vercel's targets are production and staging).
    body = { name: project.name, project: project.id, ...(input.target === "production" ? { target: "production" } : {}), gitSource };
    target = input.target;
  }
  await assertDeploymentAllowed(deps.db, orgId);
  const created = (await call(() => deploymentsCreateDeployment(account.sdk, { ...team, requestBody: body as never }))) as { id?: string; readyState?: string; url?: string };
  const createdId = created.id;
  if (!createdId) throw new DeploymentError("Vercel answered without a deployment id.", false, 502);
  const used: UsedCredential[] = [
    { integrationId: account.credential.id, provider: "vercel", name: account.credential.name, fingerprint: account.credential.fingerprint },
    ...(await syncedCredentials(deps, orgId, project.id)).filter((c) => c.integrationId !== account.credential.id),
  ];
  try {
    return await deps.db.transaction(async (tx) => {
      await assertDeploymentAllowed(tx, orgId);
      const d = await insertDeployment(tx, {
        orgId, kind: "vercel", name: project.name, startedBy: actor.userId, integrationId: account.credential.id, credentials: used,
        providerRef: { deploymentId: created.id, projectId: project.id, teamId: account.scope.teamId, mode: input.mode, ref: input.mode === "git" ? input.ref : null },
        target, url: created.url ? `https://${created.url}` : null, providerState: created.readyState ?? "QUEUED",
      });
      await writeAudit(tx, actor, {
        orgId, action: "deployment.create", outcome: "started", provider: "vercel", integrationId: account.credential.id,
        metadata: { deployment: d.id, project: project.name, mode: input.mode, ref: input.mode === "git" ? input.ref : null, target, credentials: used.map((c) => `${c.provider}/${c.name}/${c.fingerprint ?? "-"}`).join("; ") },
      });
      return d;
    });
  } catch (err) {
    // A parallel start took this month's last place after the check above: undo it at Vercel too.
    if (err instanceof DeploymentError) await call(() => deploymentsCancelDeployment(account.sdk, { id: createdId, ...team })).catch(() => {});
    throw err;
  }
}

/** Asks Vercel to cancel; the follower records CANCELED from the stream, as for any other state. */
export async function cancelVercelDeployment(deps: WorkerDeps, account: VercelAccount, actor: Actor, d: Deployment): Promise<void> {
  const id = String(d.providerRef.deploymentId ?? "");
  if (!id) throw new DeploymentError("This deployment has no Vercel id to cancel.", true, 409);
  const teamId = typeof d.providerRef.teamId === "string" ? { teamId: d.providerRef.teamId } : {};
  await call(() => deploymentsCancelDeployment(account.sdk, { id, ...teamId }));
  await writeAudit(deps.db, actor, { orgId: d.orgId, action: "deployment.cancel", outcome: "requested", provider: "vercel", integrationId: d.integrationId, metadata: { deployment: d.id, project: d.name } });
}
