import { writeAudit, type Actor } from "@/lib/audit";
import { checkPlanLimit, type PlanLimitHit } from "@/lib/billing/limits";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { getIntegration } from "@/lib/integrations/queries";
import { getProvider } from "@/lib/providers";
import { isProxyMethod, patternProblem } from "./paths";
import { findPreset } from "./presets";
import { insertAgent, saveGrant, revokeAgentRow, revokeGrantRow, getAgent, type AgentRow } from "./queries";
import { generateAgentToken } from "./tokens";
import type { GrantRow, Operation, ProxyRule } from "./types";

export type CreateAgentResult = { kind: "created"; agent: AgentRow; token: string } | { kind: "duplicate" } | { kind: "plan_limit"; hit: PlanLimitHit };

// What the plan's agent limit counts: agents that can still be used (revoked and expired ones no longer count).
const countLiveAgents = (orgId: string) => async (db: Db) =>
  (await db.query<{ n: number }>(
    `select count(*)::int as n from agents where org_id = $1 and revoked_at is null and (expires_at is null or expires_at > now())`, [orgId],
  )).rows[0].n;

/** A new agent and its token, returned this once; only the token's hash is kept. */
export async function createAgent(
  db: Db, actor: Actor, input: { orgId: string; name: string; description: string | null; expiresAt: Date | null; allowedCidrs: string[]; createdBy: string | null },
): Promise<CreateAgentResult> {
  const { token, prefix, secretHash } = generateAgentToken();
  return db.transaction(async (tx) => {
    const hit = await checkPlanLimit(tx, input.orgId, "agents", { count: countLiveAgents(input.orgId) });
    if (hit) return { kind: "plan_limit" as const, hit };
    const agent = await insertAgent(tx, { ...input, prefix, secretHash });
    if (!agent) return { kind: "duplicate" as const };
    await writeAudit(tx, actor, {
      orgId: input.orgId, action: "agent.create", outcome: "created",
      metadata: { agent_id: agent.id, name: agent.name, prefix, expires_at: agent.expiresAt?.toISOString() ?? null, allowed_cidrs: agent.allowedCidrs.join(",") || null },
    });
    await appendEvent(tx, { orgId: input.orgId, type: "agent.created", data: { agentId: agent.id } });
    return { kind: "created" as const, agent, token };
  });
}

/** Revokes the agent: its very next call, on any instance, is refused. */
export async function revokeAgent(db: Db, actor: Actor, orgId: string, agentId: string): Promise<AgentRow | null> {
  return db.transaction(async (tx) => {
    const agent = await revokeAgentRow(tx, orgId, agentId);
    if (agent) {
      await writeAudit(tx, actor, { orgId, action: "agent.revoke", outcome: "revoked", metadata: { agent_id: agent.id, name: agent.name, prefix: agent.prefix } });
      await appendEvent(tx, { orgId, type: "agent.revoked", data: { agentId: agent.id } });
    }
    return agent;
  });
}

/** "GET /v1/models/**" per line (methods comma-separated) into rules, or the first problem. */
export function parseRules(text: string): { ok: true; rules: ProxyRule[] } | { ok: false; error: string } {
  const rules: ProxyRule[] = [];
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const m = /^([A-Za-z,]+)\s+(\S+)$/.exec(line);
    if (!m) return { ok: false, error: `"${line.slice(0, 80)}": write a method and a path, like GET /v1/models/**.` };
    const methods = m[1].toUpperCase().split(",").filter(Boolean);
    const bad = methods.find((x) => !isProxyMethod(x));
    if (bad) return { ok: false, error: `${bad.slice(0, 20)} is not a method the proxy forwards (GET, HEAD, POST, PUT, PATCH, DELETE).` };
    const problem = patternProblem(m[2]);
    if (problem) return { ok: false, error: problem };
    rules.push({ methods: methods as ProxyRule["methods"], paths: [m[2]] });
  }
  if (rules.length === 0) return { ok: false, error: "List at least one rule, like GET /v1/models/**." };
  if (rules.length > 20) return { ok: false, error: "List at most 20 rules." };
  return { ok: true, rules };
}

export interface GrantInput {
  orgId: string;
  agentId: string;
  provider: string;
  /** Null: the provider's default credential, whichever it is when used. */
  integrationId: string | null;
  operations: Operation[];
  /** A preset id of the provider, or "custom" with rulesText. */
  preset?: string | null;
  rulesText?: string | null;
  maxUses?: number | null;
  /** "keep": the existing grant's expiry stays (a re-save must not move it); refused for a new grant. */
  expiresAt?: Date | null | "keep";
  revealSeconds?: number | null;
  awsRoleArn?: string | null;
  ratePerMinute?: number | null;
  createdBy: string | null;
}

export type GrantResult = { kind: "granted"; grant: GrantRow } | { kind: "bad_input"; field: string; error: string } | { kind: "not_found"; error: string };

/** Gives the agent the integration with these operations (editing its grant on the same integration in place). */
export async function setGrant(db: Db, actor: Actor, input: GrantInput): Promise<GrantResult> {
  const provider = getProvider(input.provider);
  if (!provider) return { kind: "bad_input", field: "target", error: `"${input.provider}" is not a provider in the Switchboard catalog.` };
  const operations = [...new Set(input.operations)];
  if (operations.length === 0) return { kind: "bad_input", field: "operations", error: "Tick at least one of Proxy, Reveal and Env. To take a grant away, use Revoke." };
  let rules: ProxyRule[] = [];
  let preset: string | null = null;
  if (operations.includes("proxy")) {
    if (!provider.agentProxy) return { kind: "bad_input", field: "op.proxy", error: `Switchboard does not proxy calls to ${provider.name}; grant reveal or env instead.` };
    if (!input.preset || input.preset === "custom") {
      const parsed = parseRules(input.rulesText ?? "");
      if (!parsed.ok) return { kind: "bad_input", field: "rules", error: parsed.error };
      rules = parsed.rules;
      preset = input.preset ?? null;
    } else {
      const found = findPreset(provider.id, input.preset);
      if (!found) return { kind: "bad_input", field: "preset", error: `${provider.name} has no preset "${input.preset.slice(0, 40)}".` };
      rules = found.rules;
      preset = found.id;
    }
  }
  if (input.awsRoleArn && provider.id !== "aws") return { kind: "bad_input", field: "awsRoleArn", error: "Only an AWS grant assumes a role." };
  const revealSeconds = input.revealSeconds ?? 900;
  if (revealSeconds < 900 || revealSeconds > 43200) return { kind: "bad_input", field: "revealMinutes", error: "A derived credential lasts from 15 minutes to 12 hours." };
  if (input.maxUses != null && (input.maxUses < 1 || input.maxUses > 1_000_000)) return { kind: "bad_input", field: "maxUses", error: "Allow from 1 to 1,000,000 uses, or leave it empty for no limit." };

  return db.transaction(async (tx) => {
    // Locked: a concurrent revocation of the agent cannot slip between this check and the grant.
    const { rows } = await tx.query(`select 1 from agents where org_id = $1 and id = $2 and revoked_at is null for update`, [input.orgId, input.agentId]);
    if (rows.length === 0) return { kind: "not_found" as const, error: "That agent is revoked or no longer exists." };
    // The named credential, so the audit trail can name it after it is renamed or deleted.
    let credentialName: string | null = null;
    if (input.integrationId) {
      const credential = await getIntegration(tx, input.orgId, input.integrationId);
      if (!credential || credential.provider !== provider.id) return { kind: "bad_input" as const, field: "target", error: `Pick a ${provider.name} credential of this organization.` };
      credentialName = credential.name;
    }
    const saved = await saveGrant(tx, {
      orgId: input.orgId, agentId: input.agentId, provider: provider.id, integrationId: input.integrationId, operations, proxyRules: rules, preset,
      awsRoleArn: input.awsRoleArn ?? null, revealSeconds, ratePerMinute: input.ratePerMinute ?? 60, maxUses: input.maxUses ?? null,
      expiresAt: input.expiresAt ?? null, createdBy: input.createdBy,
    });
    // "Keep as is" with no live grant: the form offers it only for one, so most likely it was revoked meanwhile.
    if (!saved) return { kind: "bad_input" as const, field: "expiresInDays", error: "There is no grant to keep the expiry of (it may have been revoked meanwhile); choose when it expires." };
    const { grant, edited } = saved;
    const agent = await getAgent(tx, input.orgId, input.agentId);
    await writeAudit(tx, actor, {
      orgId: input.orgId, action: "agent.grant", provider: provider.id, integrationId: input.integrationId, outcome: edited ? "edited" : "granted",
      metadata: {
        agent_id: input.agentId, agent: agent?.name ?? null, grant_id: grant.id, uses: grant.uses, operations: operations.join(","),
        target: input.integrationId ? "named" : "default", credential: credentialName, preset, rules: rules.map((r) => `${r.methods.join(",")} ${r.paths.join(" ")}`).join("; ") || null,
        max_uses: grant.maxUses, expires_at: grant.expiresAt?.toISOString() ?? null,
      },
    });
    await appendEvent(tx, { orgId: input.orgId, type: "agent.granted", data: { agentId: input.agentId, grantId: grant.id, provider: provider.id, edited } });
    return { kind: "granted" as const, grant };
  });
}

export async function revokeGrant(db: Db, actor: Actor, orgId: string, grantId: string): Promise<GrantRow | null> {
  return db.transaction(async (tx) => {
    const grant = await revokeGrantRow(tx, orgId, grantId);
    if (grant) {
      // Names as they are now, for the audit trail once the agent or credential is gone.
      const agent = await getAgent(tx, orgId, grant.agentId);
      const credential = grant.integrationId ? await getIntegration(tx, orgId, grant.integrationId) : null;
      await writeAudit(tx, actor, {
        orgId, action: "agent.grant_revoke", provider: grant.provider, integrationId: grant.integrationId, outcome: "revoked",
        metadata: { agent_id: grant.agentId, agent: agent?.name ?? null, grant_id: grant.id, target: grant.integrationId ? "named" : "default", credential: credential?.name ?? null },
      });
      await appendEvent(tx, { orgId, type: "agent.grant_revoked", data: { agentId: grant.agentId, grantId: grant.id, provider: grant.provider } });
    }
    return grant;
  });
}
