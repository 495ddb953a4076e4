import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AgentDeps } from "@/lib/agents/deps";
import { createAgent, setGrant, type GrantInput } from "@/lib/agents/manage";
import type { Db } from "@/lib/db/types";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { createVault } from "@/lib/vault/vault";
import { startUpstreamFake, type UpstreamFake } from "../fakes/agent-upstream-fake";
import { freshDb, type DbKind } from "./db";
import { makeOrg } from "./fixtures";

export type Org = Awaited<ReturnType<typeof makeOrg>>;

/**
 * A migrated database, the loopback upstream (every provider's origin, through the operator
 * override as in production), a local-key vault and two orgs: the broker wired as the app wires it.
 * `extraBaseUrls` points other providers elsewhere (the AWS STS fake).
 */
export async function agentsWorld(kind: DbKind, label: string, opts: { db?: Db; extraBaseUrls?: Record<string, string> } = {}) {
  const db: Db = opts.db ?? (await freshDb(kind));
  const upstream: UpstreamFake = await startUpstreamFake();
  const kek = await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-agents-")));
  const deps: AgentDeps = {
    db,
    vault: createVault({ kek, cacheTtlMs: 60_000 }),
    context: (id) => validationContext({ providerBaseUrls: { [id]: opts.extraBaseUrls?.[id] ?? upstream.url }, PROVIDER_TIMEOUT_MS: 2000 }, id),
    origin: "http://switchboard.test",
  };
  const a = await makeOrg(db, `${label}-a-${kind}`);
  const b = await makeOrg(db, `${label}-b-${kind}`);
  return { db, upstream, deps, a, b, close: async () => { await upstream.close(); if (!opts.db) await db.close(); } };
}

export const adminActor = (org: Org) => ({ userId: org.users.admin });

/** An agent of the org and its token. */
export async function makeAgent(db: Db, org: Org, name = `agent-${Math.random().toString(36).slice(2, 8)}`, extra: { expiresAt?: Date | null; allowedCidrs?: string[] } = {}) {
  const r = await createAgent(db, adminActor(org), {
    orgId: org.orgId, name, description: null, expiresAt: extra.expiresAt ?? null, allowedCidrs: extra.allowedCidrs ?? [], createdBy: org.users.admin,
  });
  if (r.kind !== "created") throw new Error("agent name taken");
  return { token: r.token, agent: r.agent };
}

/** A stored credential (saved unverified: PENDING, which is usable). */
export async function storeCredential(deps: AgentDeps, org: Org, provider: string, credential: Record<string, string>, name = "default") {
  const r = await setupIntegration(deps, adminActor(org), { orgId: org.orgId, provider: getProvider(provider)!, name, credential, skipValidation: true });
  if (r.kind !== "stored") throw new Error(`could not store ${provider}: ${r.kind}`);
  return r.integrationId;
}

export async function grant(db: Db, org: Org, agentId: string, input: Partial<GrantInput> & Pick<GrantInput, "provider" | "operations">) {
  const r = await setGrant(db, adminActor(org), { orgId: org.orgId, agentId, integrationId: null, createdBy: org.users.admin, ...input });
  if (r.kind !== "granted") throw new Error(`grant refused: ${JSON.stringify(r)}`);
  return r.grant;
}

/** A request from an agent, as a client would send it. */
export function agentRequest(method: string, url: string, token: string | null, opts: { body?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "user-agent": "jest-agent", ...opts.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  return new Request(`http://switchboard.test${url}`, { method, headers, body: opts.body });
}

export const openaiKey = (tag: string) => `sk-proj-${tag}${"Ab3d".repeat(12)}T3BlbkFJ${"Zz9y".repeat(12)}`;
