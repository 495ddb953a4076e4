import { randomBytes, randomUUID } from "node:crypto";
import { createAgent, setGrant } from "../../lib/agents/manage";
import type { Db } from "../../lib/db/types";
import { startUpstreamFake, type UpstreamFake } from "../../test/fakes/agent-upstream-fake";
import type { CheckResult } from "./checks";
import type { Recorder } from "./record";
import type { SoakOrg } from "./world";

/**
 * The agents' provider: Mistral, which no slot uses, so its credential stays put while the load
 * churns the others; its API is the loopback upstream fake (PROVIDER_BASE_URL_MISTRAL).
 */
export const AGENT_PROVIDER = "mistral";

/** One org's agent: its token, the key its grant uses, and the calls the product answered. */
export interface SoakAgent {
  token: string;
  key: string;
  /** Call ids (x-soak-call) answered 200, and the rest (refused, or no answer came). */
  acked: string[];
  uncertain: string[];
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export const startAgentUpstream = startUpstreamFake;

/**
 * Each org gets a Mistral key (saved without verifying, through the API as a person would), an
 * agent and a read-only proxy grant on it, made through the product's own functions.
 */
export async function prepareAgents(db: Db, base: string, upstream: UpstreamFake, orgs: SoakOrg[], rec: Recorder): Promise<SoakAgent[]> {
  const agents: SoakAgent[] = [];
  for (const org of orgs) {
    const admin = org.persons[0];
    const key = Array.from(randomBytes(32), (b) => ALNUM[b % ALNUM.length]).join("");
    upstream.keys.add(key);
    const res = await fetch(`${base}/api/v1/integrations/${org.slug}/${AGENT_PROVIDER}/setup`, {
      method: "POST", headers: { "x-api-key": admin.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ credential: key, credential_name: "agents", skip_validation: true }),
    });
    if (res.status !== 200) throw new Error(`soak: the agents' ${AGENT_PROVIDER} key answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    await res.text();
    rec.audit(org.orgId, "integration.store", "acked");
    const actor = { userId: admin.userId, userAgent: "switchboard-soak" };
    const made = await createAgent(db, actor, { orgId: org.orgId, name: "soak agent", description: null, expiresAt: null, allowedCidrs: [], createdBy: admin.userId });
    if (made.kind !== "created") throw new Error("soak: the agent was not created");
    rec.audit(org.orgId, "agent.create", "acked");
    const granted = await setGrant(db, actor, {
      orgId: org.orgId, agentId: made.agent.id, provider: AGENT_PROVIDER, integrationId: null, operations: ["proxy"], preset: "read-only", ratePerMinute: 10_000, createdBy: admin.userId,
    });
    if (granted.kind !== "granted") throw new Error(`soak: the agent's grant was refused: ${JSON.stringify(granted)}`);
    rec.audit(org.orgId, "agent.grant", "acked");
    agents.push({ token: made.token, key, acked: [], uncertain: [] });
  }
  return agents;
}

/** A brokered call's headers: the agent's token, and an id the upstream records so the check can find it. */
export function agentCall(agent: SoakAgent): { id: string; headers: Record<string, string> } {
  const id = randomUUID();
  return { id, headers: { authorization: `Bearer ${agent.token}`, "x-soak-call": id } };
}

/**
 * Every call answered 200 reached the provider exactly once, with the org's own key; none reached
 * it that no agent sent; no answer quoted the key (the upstream does not echo it, so one would be a leak).
 */
export function agentsCheck(upstream: UpstreamFake, orgs: SoakOrg[], agents: SoakAgent[]): CheckResult {
  const detail: string[] = [];
  const seen = new Map<string, { n: number; key: string }>();
  for (const r of upstream.requests) {
    const id = r.headers["x-soak-call"];
    if (typeof id !== "string") continue;
    const bearer = /^Bearer (.+)$/.exec(r.headers.authorization ?? "")?.[1] ?? "";
    const entry = seen.get(id) ?? { n: 0, key: bearer };
    entry.n++;
    seen.set(id, entry);
  }
  let acked = 0;
  for (const [i, agent] of agents.entries()) {
    acked += agent.acked.length;
    for (const id of agent.acked) {
      const s = seen.get(id);
      if (s?.n !== 1) detail.push(`${orgs[i].slug}: call ${id}, answered 200, reached the provider ${s?.n ?? 0} times`);
      else if (s.key !== agent.key) detail.push(`${orgs[i].slug}: call ${id} reached the provider with another org's key`);
    }
  }
  const sent = new Set(agents.flatMap((a) => [...a.acked, ...a.uncertain]));
  const strays = [...seen.keys()].filter((id) => !sent.has(id));
  if (strays.length) detail.push(`${strays.length} calls reached the provider that no agent sent`);
  return { name: `agent calls: each of ${acked} answered 200 reached the provider exactly once, with its org's key`, ok: detail.length === 0, detail: detail.slice(0, 10) };
}
