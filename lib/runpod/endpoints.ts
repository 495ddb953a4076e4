import "server-only";
import { writeAudit, type Actor } from "@/lib/audit";
import { DeploymentError, openCredential } from "@/lib/deployments/credential";
import { assertDeploymentAllowed } from "@/lib/deployments/plan-limit";
import { getDeployment, insertDeployment } from "@/lib/deployments/queries";
import { isTerminal, type Deployment } from "@/lib/deployments/types";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import type { Deps } from "@/lib/integrations/service";
import { runpodApi, RunpodError, type EndpointSpec, type GpuType } from "./api";
import { readGpuCatalog } from "./catalog";
import { openRunpodKey } from "./credential";
import { envFromVault } from "./endpoint-env";
import type { RunpodRef } from "./follower";
import type { gpuCache as GpuCache } from "./gpu-cache";

export type RunpodDeps = Pick<Deps, "db" | "vault" | "context" | "oauthToken">;

export interface NewEndpoint {
  orgId: string;
  name: string;
  source: { templateId: string } | { image: string };
  gpuTypeId: string;
  gpuCount: number;
  workersMin: number;
  workersMax: number;
  credentialIds: string[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; error: string; field?: string };

/**
 * An endpoint pinned to one GPU type: v2 places workers by pool, so the pool's other types are
 * excluded (a type RunPod adds to that pool later becomes eligible; v2 has no allowlist).
 */
export function pinGpu(catalog: GpuType[], gpuTypeId: string, count: number): Outcome<EndpointSpec["gpu"]> {
  const gpu = catalog.find((g) => g.id === gpuTypeId);
  if (!gpu) return { ok: false, status: 400, error: "That GPU type is not in RunPod's catalog any more; choose another in the table.", field: "gpuTypeId" };
  if (!gpu.pool) return { ok: false, status: 400, error: `${gpu.name} is offered for pods only, not for serverless endpoints; choose another GPU.`, field: "gpuTypeId" };
  const excludedTypes = catalog.filter((g) => g.pool === gpu.pool && g.id !== gpu.id).map((g) => g.id);
  return { ok: true, value: { pool: gpu.pool, excludedTypes, count } };
}

const credentialList = (d: Pick<Deployment, "credentials">) => d.credentials.map((c) => `${c.provider}/${c.name}/${c.fingerprint ?? "-"}`).join("; ") || null;

/**
 * Creates the endpoint at RunPod with env from the vault, then records it as a deployment of kind
 * runpod (queued; the worker follows its workers to readiness) with its audit event, in one
 * transaction. RunPod is called first because nothing can be followed without its id; if the
 * record then cannot be written, the endpoint is deleted again so nothing runs unseen.
 */
export async function createRunpodEndpoint(deps: RunpodDeps, actor: Actor, input: NewEndpoint, cache?: typeof GpuCache): Promise<Outcome<Deployment>> {
  const opened = await openRunpodKey(deps, input.orgId);
  if (!opened.ok) return opened;
  const { key } = opened;
  const catalog = await readGpuCatalog(deps, input.orgId, cache);
  if (!catalog.ok) return { ok: false, status: 503, error: catalog.error };
  const gpu = pinGpu(catalog.gpus, input.gpuTypeId, input.gpuCount);
  if (!gpu.ok) return gpu;
  const vaultEnv = await envFromVault(deps, input.orgId, input.credentialIds);
  if (!vaultEnv.ok) return { ...vaultEnv, field: "credentials" };

  const api = runpodApi(deps.context("runpod"), key.apiKey);
  const spec: EndpointSpec = { name: input.name, source: input.source, env: vaultEnv.env, gpu: gpu.value, workers: { min: input.workersMin, max: input.workersMax } };
  const audit = {
    name: input.name, gpu: input.gpuTypeId, pool: gpu.value.pool, workers: `${input.workersMin}-${input.workersMax}`,
    source: "templateId" in input.source ? `template ${input.source.templateId}` : `image ${input.source.image}`,
    runpodKey: `runpod/${key.name}/${key.fingerprint ?? "-"}`,
    credentials: credentialList({ credentials: vaultEnv.used }), variables: Object.keys(vaultEnv.env).join(",") || null,
  };
  const refused = (await nameTaken(deps.db, input.orgId, input.name)) ?? (await planRefusal(deps.db, input.orgId));
  if (refused) return refused;
  let endpoint;
  try {
    endpoint = await api.createEndpoint(spec);
  } catch (err) {
    if (!(err instanceof RunpodError)) throw err;
    // The values were sent even though RunPod refused: which ones went there is still recorded.
    await writeAudit(deps.db, actor, { orgId: input.orgId, action: "runpod.endpoint_create", outcome: "refused", provider: "runpod", integrationId: key.integrationId, metadata: { ...audit, httpStatus: err.httpStatus ?? null } });
    return { ok: false, status: err.kind === "rate_limited" ? 429 : 502, error: err.message };
  }
  const ref: RunpodRef = { endpointId: endpoint.id, gpuTypeId: input.gpuTypeId, pool: gpu.value.pool, workersMin: endpoint.workers.min, workersMax: endpoint.workers.max };
  try {
    const deployment = await deps.db.transaction(async (tx) => {
      await assertDeploymentAllowed(tx, input.orgId);
      const row = await insertDeployment(tx, {
        orgId: input.orgId, kind: "runpod", name: input.name, startedBy: actor.userId, integrationId: key.integrationId,
        credentials: vaultEnv.used, providerRef: { ...ref }, providerState: "created", url: endpoint.url,
      });
      await writeAudit(tx, actor, { orgId: input.orgId, action: "runpod.endpoint_create", outcome: "created", provider: "runpod", integrationId: key.integrationId, metadata: { ...audit, endpoint: endpoint.id, deployment: row.id } });
      return row;
    });
    return { ok: true, value: deployment };
  } catch (err) {
    await api.deleteEndpoint(endpoint.id).catch(() => false);
    // A parallel start took this month's last place, or this name, after the first check: the endpoint is undone.
    if (err instanceof DeploymentError) return { ok: false, status: err.status, error: err.message };
    if (isUniqueViolation(err, NAME_INDEX)) return duplicateName(input.name);
    throw err;
  }
}

const NAME_INDEX = "deployments_runpod_live_name_key";
const duplicateName = (name: string): Outcome<never> =>
  ({ ok: false, status: 409, field: "name", error: `This org already has an endpoint named "${name}"; choose another name or delete that endpoint first.` });

/**
 * A live endpoint of the org already has this name (case aside): asked before RunPod so nothing is
 * created in vain. The unique index on live names is what holds when two creates race past here.
 */
async function nameTaken(db: Db, orgId: string, name: string): Promise<Outcome<never> | null> {
  const { rows } = await db.query(`select 1 from deployments where org_id = $1 and kind = 'runpod' and provider_state is distinct from 'deleted' and lower(name) = lower($2)`, [orgId, name]);
  return rows.length ? duplicateName(name) : null;
}

/** The plan's monthly deployment limit as this module's outcome, checked before RunPod is asked. */
async function planRefusal(db: Db, orgId: string): Promise<Outcome<never> | null> {
  try {
    await assertDeploymentAllowed(db, orgId);
    return null;
  } catch (err) {
    if (err instanceof DeploymentError) return { ok: false, status: err.status, error: err.message };
    throw err;
  }
}

/** Appends one event to a deployment outside its follower (the next seq locks the row until commit). */
async function appendDeploymentEvent(tx: Db, d: Deployment, e: { type: "log" | "state"; state?: "canceled"; level?: "info" | "warning"; text: string }): Promise<number> {
  const { rows } = await tx.query<{ seq: number }>(`update deployments set last_seq = last_seq + 1, updated_at = now() where id = $1 returning last_seq::int as seq`, [d.id]);
  const seq = rows[0].seq;
  await tx.query(`insert into deployment_events (deployment_id, org_id, seq, type, state, level, text) values ($1, $2, $3, $4, $5, $6, $7)`,
    [d.id, d.orgId, seq, e.type, e.state ?? null, e.level ?? "info", e.text]);
  await appendEvent(tx, { orgId: d.orgId, type: "deployment.progress", data: { deploymentId: d.id, seq } });
  return seq;
}

/**
 * Deletes the endpoint at RunPod (one already gone there counts as deleted) and says so on its
 * deployment: one still coming up ends canceled; a ready one keeps its history and gains the line.
 */
export async function deleteRunpodEndpoint(deps: RunpodDeps, actor: Actor, orgId: string, deploymentId: string): Promise<Outcome<{ alreadyGone: boolean }>> {
  const d = await getDeployment(deps.db, orgId, deploymentId);
  if (!d || d.kind !== "runpod") return { ok: false, status: 404, error: "That RunPod endpoint is not one of this org's deployments." };
  const ref = d.providerRef as unknown as RunpodRef;
  if (ref.deletedAt) return { ok: true, value: { alreadyGone: true } };
  let apiKey: string;
  try {
    apiKey = (await openCredential(deps, orgId, d.integrationId)).apiKey ?? "";
  } catch (err) {
    if (!(err instanceof DeploymentError)) throw err;
    // The key that made it was deleted: the org's current RunPod key may still reach the endpoint.
    const current = await openRunpodKey(deps, orgId);
    if (!current.ok) return current;
    apiKey = current.key.apiKey;
  }
  let existed: boolean;
  try {
    existed = await runpodApi(deps.context("runpod"), apiKey).deleteEndpoint(ref.endpointId);
  } catch (err) {
    if (!(err instanceof RunpodError)) throw err;
    return { ok: false, status: err.kind === "rate_limited" ? 429 : 502, error: err.message };
  }
  await deps.db.transaction(async (tx) => {
    const now = (await tx.query<{ state: Deployment["state"] }>(`select state from deployments where id = $1 for update`, [d.id])).rows[0];
    const text = existed ? "Endpoint deleted at RunPod." : "Endpoint was already gone at RunPod; marked deleted.";
    await tx.query(`update deployments set provider_ref = provider_ref || $2::jsonb, provider_state = 'deleted' where id = $1`, [d.id, JSON.stringify({ deletedAt: new Date().toISOString() })]);
    if (isTerminal(now.state)) {
      await appendDeploymentEvent(tx, d, { type: "log", text });
    } else {
      await appendDeploymentEvent(tx, d, { type: "state", state: "canceled", text: `Canceled (deleted): ${text}` });
      await tx.query(`update deployments set state = 'canceled', finished_at = now(), followed_at = now(), lease_holder = null, lease_expires_at = null where id = $1`, [d.id]);
      await appendEvent(tx, { orgId, type: "deployment.state_changed", data: { deploymentId: d.id, kind: "runpod", state: "canceled", previous: now.state, name: d.name } });
    }
    await writeAudit(tx, actor, { orgId, action: "runpod.endpoint_delete", outcome: existed ? "deleted" : "already_gone", provider: "runpod", integrationId: d.integrationId, metadata: { endpoint: ref.endpointId, deployment: d.id, name: d.name } });
  });
  return { ok: true, value: { alreadyGone: !existed } };
}
