import "server-only";
import type { VercelCore } from "@vercel/sdk/core.js";
import { projectsGetProject } from "@vercel/sdk/funcs/projectsGetProject.js";
import { projectsGetProjects } from "@vercel/sdk/funcs/projectsGetProjects.js";
import { listIntegrations, type IntegrationRow } from "@/lib/integrations/queries";
import { DeploymentError, openCredential } from "../credential";
import type { WorkerDeps } from "../worker";
import { call, vercelScope, vercelSdk, type VercelScope } from "./client";

export interface VercelAccount {
  sdk: VercelCore;
  scope: VercelScope;
  credential: Pick<IntegrationRow, "id" | "name" | "fingerprint" | "provider">;
  /** Every value of the token's credential, for masking what Vercel echoes. */
  token: string;
}

/** The org's default Vercel credential, opened, with its token's team scope. Null when it has none. */
export async function vercelAccount(deps: WorkerDeps, orgId: string, integrationId?: string): Promise<VercelAccount | null> {
  const rows = await listIntegrations(deps.db, orgId, "vercel");
  const row = integrationId ? rows.find((r) => r.id === integrationId) : rows.find((r) => r.isDefault);
  if (!row) return null;
  const token = (await openCredential(deps, orgId, row.id)).token;
  if (!token) throw new DeploymentError(`The Vercel credential "${row.name}" has no token.`, true, 409);
  const sdk = vercelSdk(deps.context("vercel"), token);
  return { sdk, scope: await vercelScope(sdk), credential: { id: row.id, name: row.name, fingerprint: row.fingerprint, provider: row.provider }, token };
}

export interface VercelProject {
  id: string;
  name: string;
  framework: string | null;
  /** The connected git repository ("owner/repo") and its production branch, when there is one. */
  repo: { slug: string; repoId: string | number; type: string; productionBranch: string | null } | null;
  /** Whether its current production deployment is READY: the one thing a redeploy can start from. */
  productionReady: boolean;
}

const teamArg = (scope: VercelScope) => (scope.teamId ? { teamId: scope.teamId } : {});

/** The token's projects, in its scope (its team's, or the personal account's). */
export async function listVercelProjects(account: VercelAccount): Promise<VercelProject[]> {
  const res = await call(() => projectsGetProjects(account.sdk, { ...teamArg(account.scope), limit: "100" }));
  const projects = (Array.isArray(res) ? res : (res as { projects?: unknown[] }).projects ?? []) as Record<string, unknown>[];
  return projects.map(presentProject).sort((a, b) => a.name.localeCompare(b.name));
}

export async function getVercelProject(account: VercelAccount, idOrName: string): Promise<VercelProject> {
  return presentProject((await call(() => projectsGetProject(account.sdk, { idOrName, ...teamArg(account.scope) }))) as Record<string, unknown>);
}

function presentProject(p: Record<string, unknown>): VercelProject {
  const link = p.link as { type?: string; org?: string; repo?: string; repoId?: string | number; projectId?: string; productionBranch?: string } | undefined;
  const repoId = link?.repoId ?? link?.projectId;
  const production = (p.targets as Record<string, { readyState?: string } | null> | undefined)?.production;
  return {
    id: String(p.id),
    name: String(p.name),
    framework: typeof p.framework === "string" ? p.framework : null,
    repo: link?.type && repoId !== undefined ? { slug: [link.org, link.repo].filter(Boolean).join("/"), repoId, type: link.type, productionBranch: link.productionBranch ?? null } : null,
    productionReady: production?.readyState === "READY",
  };
}

export { teamArg };
