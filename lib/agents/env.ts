import "server-only";
import { writeAudit } from "@/lib/audit";
import { serializeEnv, type EnvGroup } from "@/lib/env-export/format";
import { getProvider } from "@/lib/providers";
import { agentActor } from "./actor";
import { openGrantCredential } from "./credential";
import type { AgentDeps } from "./deps";
import { AgentRefusal, isAgentRefusal } from "./errors";
import { consumeUse, liveGrants, takeRate } from "./grants";
import { DEFAULT_BROKER_LIMITS, type AgentPrincipal } from "./types";

export interface AgentEnv {
  text: string;
  /** Variable names written. */
  written: string[];
  credentials: { provider: string; name: string; fingerprint: string | null }[];
  /** Granted providers left out, and why (no usable credential, expired grant, no uses left). */
  skipped: { provider: string; reason: "credential_missing" | "grant_expired" | "grant_used_up" }[];
}

/**
 * The agent's env grants as a .env file: each granted credential under its provider's env names.
 * Every credential written takes a use of its grant; one audit event names them all and is written
 * before the text is returned. With no live env grant at all, a refusal.
 */
export async function agentEnv(deps: AgentDeps, agent: AgentPrincipal): Promise<AgentEnv> {
  const grants = (await liveGrants(deps.db, agent, null)).filter((g) => g.operations.includes("env"));
  const refuse = async (err: AgentRefusal) => {
    await writeAudit(deps.db, agentActor(agent), { orgId: agent.orgId, action: "agent.refused", outcome: err.code, metadata: { operation: "env" } });
    return err;
  };
  if (grants.length > 0 && !grants[0].agentLive) throw await refuse(new AgentRefusal("agent_revoked", "This agent was revoked or has expired. Ask an org admin for a new one."));
  if (grants.length === 0) throw await refuse(new AgentRefusal("operation_not_granted", "This agent has no env grant. An org admin grants one under Settings, Agents."));
  await takeRate(deps.db, agent, null, { ...DEFAULT_BROKER_LIMITS, ...deps.limits });
  const groups: EnvGroup[] = [];
  const credentials: AgentEnv["credentials"] = [];
  const skipped: AgentEnv["skipped"] = [];
  for (const grant of grants) {
    const provider = getProvider(grant.provider);
    if (!provider) continue;
    if (grant.expired || grant.usedUp) {
      skipped.push({ provider: grant.provider, reason: grant.expired ? "grant_expired" : "grant_used_up" });
      continue;
    }
    const credential = await openGrantCredential(deps, grant);
    if (!credential) {
      skipped.push({ provider: grant.provider, reason: "credential_missing" });
      groups.push({ comments: [`${provider.name}: no usable credential in this organization; not set here.`], variables: [] });
      continue;
    }
    try {
      await consumeUse(deps.db, grant);
    } catch (err) {
      if (!isAgentRefusal(err)) throw err;
      skipped.push({ provider: grant.provider, reason: "grant_used_up" });
      continue;
    }
    credentials.push({ provider: grant.provider, name: grant.credential!.name, fingerprint: grant.credential!.fingerprint });
    groups.push({
      comments: [`${provider.name}: credential "${grant.credential!.name}"${grant.credential!.fingerprint ? ` (${grant.credential!.fingerprint})` : ""}`],
      variables: provider.env.map((e) => ({ name: e.name, value: credential[e.field] })).filter((v): v is { name: string; value: string } => typeof v.value === "string" && v.value !== ""),
    });
  }
  const file = serializeEnv([`Switchboard credentials granted to agent ${agent.name} in ${agent.orgSlug}. Secrets: never commit this file.`], groups);
  await writeAudit(deps.db, agentActor(agent), {
    orgId: agent.orgId, action: "agent.env", outcome: skipped.length ? "partial" : "exported",
    metadata: {
      credentials: credentials.map((c) => `${c.provider}/${c.name}/${c.fingerprint ?? "-"}`).join("; "),
      variables: file.written.join(","),
      skipped: skipped.map((s) => `${s.provider}/${s.reason}`).join("; ") || null,
    },
  });
  return { text: file.text, written: file.written, credentials, skipped };
}
