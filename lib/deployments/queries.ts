import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import type { Deployment, DeploymentEvent, DeploymentKind, DeploymentState, LogLevel, UsedCredential } from "./types";

const COLUMNS = `id, org_id as "orgId", kind, name, state, provider_state as "providerState", started_by as "startedBy",
  integration_id as "integrationId", credentials, provider_ref as "providerRef", cursor, target, url, error,
  last_seq::int as "lastSeq", followed_at as "followedAt", created_at as "createdAt", updated_at as "updatedAt",
  finished_at as "finishedAt"`;

export interface NewDeployment {
  orgId: string;
  kind: DeploymentKind;
  name: string;
  startedBy: string | null;
  integrationId: string | null;
  credentials?: UsedCredential[];
  providerRef?: Record<string, unknown>;
  cursor?: Record<string, unknown>;
  target?: string | null;
  url?: string | null;
  providerState?: string | null;
}

/**
 * A new deployment in state queued, with its first event and its org event, in the caller's
 * transaction (the one that also audits it). Following starts with the worker's next tick.
 */
export async function insertDeployment(tx: Db, d: NewDeployment): Promise<Deployment> {
  const { rows } = await tx.query<Deployment>(
    `insert into deployments (org_id, kind, name, started_by, integration_id, credentials, provider_ref, cursor, target, url, provider_state, last_seq)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10, $11, 1) returning ${COLUMNS}`,
    [d.orgId, d.kind, d.name, d.startedBy, d.integrationId, JSON.stringify(d.credentials ?? []), JSON.stringify(d.providerRef ?? {}),
      JSON.stringify(d.cursor ?? {}), d.target ?? null, d.url ?? null, d.providerState ?? null],
  );
  const row = rows[0];
  await tx.query(
    `insert into deployment_events (deployment_id, org_id, seq, type, state, text) values ($1, $2, 1, 'state', 'queued', $3)`,
    [row.id, row.orgId, `Queued${d.providerState ? ` (${d.providerState})` : ""}.`],
  );
  await appendEvent(tx, { orgId: d.orgId, type: "deployment.state_changed", data: { deploymentId: row.id, kind: d.kind, state: "queued", previous: null, name: d.name } });
  return row;
}

export async function getDeployment(db: Db, orgId: string, id: string): Promise<Deployment | null> {
  const { rows } = await db.query<Deployment>(`select ${COLUMNS} from deployments where org_id = $1 and id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

/** The org's deployments, newest first (the deployments page and the integrations strip). */
export async function listDeployments(db: Db, orgId: string, { limit = 20, kind }: { limit?: number; kind?: DeploymentKind } = {}): Promise<Deployment[]> {
  const { rows } = await db.query<Deployment>(
    `select ${COLUMNS} from deployments where org_id = $1 and ($2::text is null or kind = $2) order by created_at desc, id limit $3`,
    [orgId, kind ?? null, limit],
  );
  return rows;
}

interface EventRow { seq: string; type: "state" | "log"; state: DeploymentState | null; level: LogLevel; text: string; providerAt: Date | null; createdAt: Date }

/** A deployment's events after `afterSeq`, oldest first. Seqs commit in order, so consecutive reads miss nothing. */
export async function deploymentEventsSince(db: Db, orgId: string, deploymentId: string, afterSeq: number, limit = 500): Promise<DeploymentEvent[]> {
  const { rows } = await db.query<EventRow>(
    `select seq::text as seq, type, state, level, text, provider_at as "providerAt", created_at as "createdAt" from deployment_events
      where org_id = $1 and deployment_id = $2 and seq > $3 order by deployment_events.seq limit $4`,
    [orgId, deploymentId, afterSeq, limit],
  );
  return rows.map((r) => ({
    seq: Number(r.seq), type: r.type, state: r.state, level: r.level, text: r.text,
    providerAt: r.providerAt ? new Date(r.providerAt).toISOString() : null, createdAt: new Date(r.createdAt).toISOString(),
  }));
}
