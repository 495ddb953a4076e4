import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { latestEventId } from "@/lib/events/queries";
import { integrationDeps } from "@/lib/integrations/deps";
import { listIntegrations } from "@/lib/integrations/queries";
import { isUuid } from "@/lib/zod/text";
import { DeploymentError } from "./credential";
import { getDeployment, listDeployments } from "./queries";
import type { Deployment, DeploymentKind, DeploymentState, UsedCredential } from "./types";
import { listVercelProjects, vercelAccount, type VercelProject } from "./vercel/account";

/** A deployment as pages and client components get it: no cursor, no provider ids beyond display. */
export interface DeploymentView {
  id: string;
  kind: DeploymentKind;
  name: string;
  state: DeploymentState;
  providerState: string | null;
  target: string | null;
  url: string | null;
  error: string | null;
  startedBy: string | null;
  credentials: UsedCredential[];
  ref: string | null;
  createdAt: string;
  finishedAt: string | null;
  lastSeq: number;
  following: boolean;
}

function present(d: Deployment, emails: Map<string, string>): DeploymentView {
  return {
    id: d.id, kind: d.kind, name: d.name, state: d.state, providerState: d.providerState, target: d.target, url: d.url, error: d.error,
    startedBy: d.startedBy ? (emails.get(d.startedBy) ?? "a former member") : null, credentials: d.credentials,
    ref: typeof d.providerRef.ref === "string" ? d.providerRef.ref : null,
    createdAt: new Date(d.createdAt).toISOString(), finishedAt: d.finishedAt ? new Date(d.finishedAt).toISOString() : null,
    lastSeq: d.lastSeq, following: d.followedAt === null,
  };
}

async function emailsOf(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map();
  const { rows } = await (await getDb()).query<{ id: string; email: string }>(`select id, email from users where id = any($1::uuid[])`, [wanted]);
  return new Map(rows.map((r) => [r.id, r.email]));
}

/** The org's recent deployments (the deployments page and the integrations strip). */
export const readRecentDeployments = cache(async (orgId: string, limit = 20): Promise<DeploymentView[]> => {
  const list = await listDeployments(await getDb(), orgId, { limit });
  const emails = await emailsOf(list.map((d) => d.startedBy));
  return list.map((d) => present(d, emails));
});

export const readDeployment = cache(async (orgId: string, id: string): Promise<DeploymentView | null> => {
  if (!isUuid(id)) return null;
  const d = await getDeployment(await getDb(), orgId, id);
  return d ? present(d, await emailsOf([d.startedBy])) : null;
});

export interface VercelPanelData {
  connected: boolean;
  credentialName: string | null;
  teamId: string | null;
  projects: VercelProject[];
  /** Why the projects could not be listed just now, in a sentence. */
  error: string | null;
}

/** For admins: the org's Vercel credential and its token's projects, asked of Vercel now. */
export async function readVercelPanel(orgId: string): Promise<VercelPanelData> {
  const db = await getDb();
  const row = (await listIntegrations(db, orgId, "vercel")).find((r) => r.isDefault);
  if (!row) return { connected: false, credentialName: null, teamId: null, projects: [], error: null };
  try {
    const account = (await vercelAccount(await integrationDeps(), orgId))!;
    return { connected: true, credentialName: row.name, teamId: account.scope.teamId, projects: await listVercelProjects(account), error: null };
  } catch (err) {
    const error = err instanceof DeploymentError ? err.message : "Vercel could not be asked just now; reload to try again.";
    return { connected: true, credentialName: row.name, teamId: null, projects: [], error };
  }
}

export const readEventId = async (orgId: string) => latestEventId(await getDb(), orgId);
