import "server-only";
import { projectsCreateProjectEnv } from "@vercel/sdk/funcs/projectsCreateProjectEnv.js";
import { projectsEditProjectEnv } from "@vercel/sdk/funcs/projectsEditProjectEnv.js";
import { projectsFilterProjectEnvs } from "@vercel/sdk/funcs/projectsFilterProjectEnvs.js";
import { writeAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { listIntegrations } from "@/lib/integrations/queries";
import { getProvider } from "@/lib/providers";
import { DeploymentError, openCredential } from "../credential";
import { createMasker } from "../mask";
import type { WorkerDeps } from "../worker";
import { getVercelProject, teamArg, type VercelAccount } from "./account";
import { call } from "./client";

export const ENV_TARGETS = ["production", "preview", "development"] as const;
export type EnvTarget = (typeof ENV_TARGETS)[number];

export type SyncAction = "add" | "update" | "unchanged";

/** One variable as the diff shows it: names, targets and which credential; never a value. */
export interface SyncItem {
  key: string;
  action: SyncAction;
  targets: EnvTarget[];
  provider: string;
  credentialName: string;
  fingerprint: string | null;
  /** The Vercel variable an update edits; its targets can reach past the chosen ones. */
  envId?: string;
  /** Its Vercel type; a plain one is made encrypted when Switchboard writes a secret into it. */
  vercelType?: string;
  why: string;
  /** Set when the user chose the token Switchboard deploys with: said loudly next to the row. */
  warning?: string;
}

/** A variable the vault could provide that the sync leaves out unless chosen by name, and why. */
export interface LeftOut { key: string; provider: string; credentialName: string; why: string }

export interface SyncPlan {
  project: { id: string; name: string };
  targets: EnvTarget[];
  items: SyncItem[];
  /** Variables in Vercel that Switchboard does not manage here: left alone. */
  unmanaged: { key: string; targets: string[] }[];
  leftOut: LeftOut[];
}

export const DEPLOY_TOKEN_WHY = "The token Switchboard deploys with: every build of this project (any branch's preview too) could read it and act with its full access.";
export const DEPLOY_TOKEN_WARNING = "This is the token Switchboard deploys with. Every build of this project, including any branch's preview, will be able to read it and act with its full access to your Vercel account.";

interface Source { key: string; provider: string; integrationId: string; name: string; fingerprint: string | null; secretVersion: number; field: string }
interface VercelEnv { id: string; key: string; type: string; target: string[]; updatedAt: number | null }

/** The env names of each default pasted-key credential (OAuth tokens expire within hours: not synced). */
async function sources(db: Db, orgId: string, only: string[] | null): Promise<Source[]> {
  const versions = new Map((await db.query<{ id: string; v: number }>(`select id, secret_version as v from integrations where org_id = $1`, [orgId])).rows.map((r) => [r.id, r.v]));
  const out: Source[] = [];
  for (const row of await listIntegrations(db, orgId)) {
    if (!row.isDefault || row.authType !== "api_key") continue;
    for (const e of getProvider(row.provider)?.env ?? []) {
      if (only && !only.includes(e.name)) continue;
      out.push({ key: e.name, provider: row.provider, integrationId: row.id, name: row.name, fingerprint: row.fingerprint, secretVersion: versions.get(row.id) ?? 0, field: e.field });
    }
  }
  // Two providers naming the same variable: the first (by provider id) wins, as in the .env export.
  return out.filter((s, i) => out.findIndex((o) => o.key === s.key) === i);
}

async function vercelEnvs(account: VercelAccount, projectId: string): Promise<VercelEnv[]> {
  const res = (await call(() => projectsFilterProjectEnvs(account.sdk, { idOrName: projectId, ...teamArg(account.scope) }))) as { envs?: Record<string, unknown>[] };
  const list = Array.isArray(res) ? (res as Record<string, unknown>[]) : (res.envs ?? []);
  return list.map((e) => ({
    id: String(e.id), key: String(e.key), type: String(e.type ?? "plain"),
    target: (Array.isArray(e.target) ? e.target : typeof e.target === "string" ? [e.target] : []).map(String),
    updatedAt: typeof e.updatedAt === "number" ? e.updatedAt : null,
  }));
}

interface Record_ { env_id: string; integration_id: string | null; secret_version: number; vercel_updated_at: string | null }

/**
 * What a sync of `targets` would do to the project, from the vault's default credentials (or the
 * chosen variable names): per variable, add where no Vercel variable covers a target, update a
 * variable Switchboard did not write or wrote from another credential version or someone edited
 * in Vercel since, and unchanged otherwise. Everything else in the project is listed as
 * unmanaged and never touched.
 */
export async function planEnvSync(deps: WorkerDeps, account: VercelAccount, orgId: string, input: { projectId: string; targets: EnvTarget[]; names?: string[] | null }): Promise<SyncPlan & { sources: Source[] }> {
  if (input.targets.length === 0) throw new DeploymentError("Choose at least one target (production, preview or development).", true, 400);
  const project = await getVercelProject(account, input.projectId);
  const [all, envs] = await Promise.all([sources(deps.db, orgId, input.names ?? null), vercelEnvs(account, project.id)]);
  // The deploying credential goes into the project only when named: a build would otherwise
  // hold a token that can redeploy, read and rewrite every project in its scope.
  const chosen = new Set(input.names ?? []);
  const isDeployToken = (s: Source) => s.integrationId === account.credential.id;
  const srcs = all.filter((s) => !isDeployToken(s) || chosen.has(s.key));
  const leftOut: LeftOut[] = all.filter((s) => !srcs.includes(s)).map((s) => ({ key: s.key, provider: s.provider, credentialName: s.name, why: DEPLOY_TOKEN_WHY }));
  const records = new Map((await deps.db.query<Record_>(
    `select env_id, integration_id, secret_version, vercel_updated_at::text from vercel_env_syncs where org_id = $1 and project_id = $2`, [orgId, project.id],
  )).rows.map((r) => [r.env_id, r]));
  const items: SyncItem[] = [];
  for (const s of srcs) {
    const label = { provider: s.provider, credentialName: s.name, fingerprint: s.fingerprint, ...(isDeployToken(s) ? { warning: DEPLOY_TOKEN_WARNING } : {}) };
    const existing = envs.filter((e) => e.key === s.key && e.target.some((t) => input.targets.includes(t as EnvTarget)));
    const covered = new Set(existing.flatMap((e) => e.target));
    const missing = input.targets.filter((t) => !covered.has(t));
    if (missing.length) items.push({ key: s.key, action: "add", targets: missing, ...label, why: "Not set in Vercel for these targets." });
    for (const e of existing) {
      const rec = records.get(e.id);
      const targets = e.target.filter((t): t is EnvTarget => (ENV_TARGETS as readonly string[]).includes(t));
      const same = rec && rec.integration_id === s.integrationId && rec.secret_version === s.secretVersion && rec.vercel_updated_at === (e.updatedAt === null ? null : String(e.updatedAt));
      const why = !rec ? "Set in Vercel, not by Switchboard." : rec.integration_id !== s.integrationId || rec.secret_version !== s.secretVersion
        ? "The credential changed since the last sync." : same ? "As Switchboard last wrote it." : "Edited in Vercel since the last sync.";
      items.push({ key: s.key, action: same ? "unchanged" : "update", targets, ...label, envId: e.id, vercelType: e.type, why });
    }
  }
  const managed = new Set(srcs.map((s) => s.key));
  const unmanaged = envs.filter((e) => !managed.has(e.key)).map((e) => ({ key: e.key, targets: e.target }));
  return { project: { id: project.id, name: project.name }, targets: input.targets, items, unmanaged, leftOut, sources: srcs };
}

export interface SyncResult extends SyncPlan { added: number; updated: number; unchanged: number }

/**
 * Applies the plan, computed again here (the browser sends names and targets, never values):
 * values are opened from the vault now, written as sensitive variables (encrypted for
 * development, which Vercel does not allow sensitive ones to target), recorded, and audited with
 * which credentials went where. A second run finds everything unchanged and writes nothing.
 */
export async function applyEnvSync(deps: WorkerDeps, account: VercelAccount, actor: Actor, orgId: string, input: { projectId: string; targets: EnvTarget[]; names?: string[] | null }): Promise<SyncResult> {
  const plan = await planEnvSync(deps, account, orgId, input);
  const values = new Map<string, string>();
  for (const item of plan.items.filter((i) => i.action !== "unchanged")) {
    if (values.has(item.key)) continue;
    const src = plan.sources.find((s) => s.key === item.key)!;
    const value = (await openCredential(deps, orgId, src.integrationId))[src.field];
    if (value) values.set(item.key, value);
  }
  const team = teamArg(account.scope);
  const written: { envId: string; key: string; updatedAt: number | null; src: Source; targets: string[] }[] = [];
  // A Vercel refusal midway still leaves what was written there: it is recorded and audited below.
  let failure: unknown = null;
  try {
    for (const item of plan.items) {
      const value = values.get(item.key);
      if (item.action === "unchanged" || value === undefined) continue;
      const src = plan.sources.find((s) => s.key === item.key)!;
      if (item.action === "add") {
        const groups: { type: "sensitive" | "encrypted"; target: EnvTarget[] }[] = [
          { type: "sensitive" as const, target: item.targets.filter((t) => t !== "development") },
          { type: "encrypted" as const, target: item.targets.filter((t) => t === "development") },
        ].filter((g) => g.target.length);
        for (const g of groups) {
          const res = (await call(() => projectsCreateProjectEnv(account.sdk, { idOrName: plan.project.id, upsert: "true", ...team, requestBody: [{ key: item.key, value, type: g.type, target: g.target }] }))) as { created?: unknown };
          for (const c of [res.created].flat() as { id?: string; updatedAt?: number }[]) {
            if (c?.id) written.push({ envId: c.id, key: item.key, updatedAt: c.updatedAt ?? null, src, targets: g.target });
          }
        }
      } else {
        const res = (await call(() => projectsEditProjectEnv(account.sdk, { idOrName: plan.project.id, id: item.envId!, ...team, requestBody: { value, ...(item.vercelType === "plain" ? { type: "encrypted" as const } : {}) } }))) as { id?: string; updatedAt?: number };
        written.push({ envId: item.envId!, key: item.key, updatedAt: res.updatedAt ?? null, src, targets: item.targets });
      }
    }
  } catch (err) {
    failure = err;
  }
  if (failure && written.length === 0) throw scrubbed(failure, [account.token, ...values.values()]);
  await deps.db.transaction(async (tx) => {
    for (const w of written) {
      await tx.query(
        `insert into vercel_env_syncs (org_id, project_id, env_id, key, integration_id, secret_version, vercel_updated_at, synced_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (org_id, project_id, env_id) do update set key = excluded.key, integration_id = excluded.integration_id,
           secret_version = excluded.secret_version, vercel_updated_at = excluded.vercel_updated_at, synced_by = excluded.synced_by, synced_at = now()`,
        [orgId, plan.project.id, w.envId, w.key, w.src.integrationId, w.src.secretVersion, w.updatedAt, actor.userId],
      );
    }
    const counts = { added: plan.items.filter((i) => i.action === "add").length, updated: plan.items.filter((i) => i.action === "update").length, unchanged: plan.items.filter((i) => i.action === "unchanged").length };
    await writeAudit(tx, actor, {
      orgId, action: "deployment.env_sync", outcome: failure ? "partial" : written.length ? "synced" : "unchanged", provider: "vercel", integrationId: account.credential.id,
      metadata: {
        project: plan.project.name, targets: plan.targets.join(","), ...counts,
        // Which credential went where: provider/name/fingerprint -> variable [targets]. Never a value.
        written: written.map((w) => `${w.src.provider}/${w.src.name}/${w.src.fingerprint ?? "-"} -> ${w.key} [${w.targets.join(",")}]`).join("; ") || null,
      },
    });
  });
  if (failure) throw scrubbed(failure, [account.token, ...values.values()]);
  values.clear();
  return {
    project: plan.project, targets: plan.targets, items: plan.items, unmanaged: plan.unmanaged, leftOut: plan.leftOut,
    added: plan.items.filter((i) => i.action === "add").length,
    updated: plan.items.filter((i) => i.action === "update").length,
    unchanged: plan.items.filter((i) => i.action === "unchanged").length,
  };
}

/** Vercel's own words, passed on in the answer, with anything that was sent to it (or the token) masked. */
function scrubbed(err: unknown, secrets: string[]): unknown {
  if (!(err instanceof DeploymentError)) return err;
  return new DeploymentError(createMasker(secrets).mask(err.message), err.permanent, err.status);
}
