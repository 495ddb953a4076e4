import { isIP } from "node:net";
import { hashSecret } from "@/lib/api/keys";
import { addressBucket } from "@/lib/auth/address-limit";
import { writeAudit, type AuditEvent } from "@/lib/audit";
import type { Budget } from "@/lib/auth/attempts";
import type { Db } from "@/lib/db/types";
import { agentActor } from "./actor";
import { parseAgentToken } from "./tokens";
import type { AgentPrincipal } from "./types";

/**
 * Failed token attempts per client address (see verifyToken). Generous for a fleet of agents
 * behind one address, useless for guessing.
 */
export const AGENT_TOKEN_BUDGET: Budget = { limit: 30, windowSeconds: 10 * 60 };

export type AgentAuth =
  | { ok: true; agent: AgentPrincipal }
  | { ok: false; reason: "missing" | "invalid" }
  /**
   * The whole secret matched, but the agent is revoked or expired, or the address is not one it
   * may call from: the agent is known, for its usage log (auditTokenRefusal).
   */
  | { ok: false; reason: "revoked" | "expired" | "address_not_allowed"; agent: AgentPrincipal }
  | { ok: false; reason: "locked"; retryAfterSeconds: number };

/** The address as PostgreSQL's inet reads it; an IPv4-mapped IPv6 address is its IPv4 address. */
function inetOf(ip: string | null): string | null {
  if (!ip) return null;
  const bare = ip.trim().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  const out = mapped ? mapped[1] : bare;
  return isIP(out) ? out : null;
}

/** What public.agent_check_token answers (and public.agent_call, which starts with it). */
export interface TokenVerdict {
  ok: boolean;
  count: number;
  retry: number;
  agentId: string | null;
  orgId: string | null;
  orgSlug: string | null;
  name: string | null;
  matches: boolean | null;
  revoked: boolean | null;
  expired: boolean | null;
  addressAllowed: boolean | null;
}

/** The token as the check's arguments: the failed-attempt slot of the address, the prefix, the hash. */
export function tokenArgs(token: string, ip: string | null) {
  const parsed = parseAgentToken(token);
  const inet = inetOf(ip);
  return {
    parsed,
    inet,
    // slot key, window, budget, prefix, address, hash: public.agent_check_token's first six.
    params: [`agent-token:address:${addressBucket(inet)}`, AGENT_TOKEN_BUDGET.windowSeconds, AGENT_TOKEN_BUDGET.limit,
      parsed?.prefix ?? "", inet, hashSecret(parsed?.secret ?? "")] as unknown[],
  };
}

/**
 * The check's verdict as an AgentAuth. A failure has counted itself; a right token is refused
 * where one more failure would have been past the budget.
 */
export function tokenAuth(f: TokenVerdict, parsed: ReturnType<typeof parseAgentToken>, inet: string | null): AgentAuth {
  if (f.count > AGENT_TOKEN_BUDGET.limit - (f.ok ? 1 : 0)) return { ok: false, reason: "locked", retryAfterSeconds: f.retry };
  if (!parsed || !f.agentId || !f.matches) return { ok: false, reason: "invalid" };
  const agent: AgentPrincipal = { agentId: f.agentId, orgId: f.orgId!, orgSlug: f.orgSlug!, name: f.name!, prefix: parsed.prefix, ip: inet };
  // Only a caller holding the whole secret learns that the agent was revoked or has expired.
  if (f.revoked) return { ok: false, reason: "revoked", agent };
  if (f.expired) return { ok: false, reason: "expired", agent };
  if (!f.addressAllowed) return { ok: false, reason: "address_not_allowed", agent };
  return { ok: true, agent };
}

/**
 * A refused request that held an agent's whole secret, recorded as its agent.refused
 * (agent_revoked, agent_expired, agent_address_not_allowed, with the address in the row) so its
 * usage log shows that something still uses the token, or uses it from elsewhere. Only a refusal
 * that carries the agent is recorded: tokenAuth gives it only when the prefix and the secret's
 * hash both matched, so an unknown, guessed or garbage token writes no row for any agent (and
 * each refusal spends the address's failed-attempt budget, which bounds the rows). The agent's
 * last use is left as it was: the refusal is not a use.
 */
export async function auditTokenRefusal(db: Db, auth: AgentAuth, userAgent: string | null, e: Pick<AuditEvent, "provider" | "metadata">): Promise<void> {
  if (auth.ok || !("agent" in auth)) return;
  await writeAudit(db, agentActor({ ...auth.agent, userAgent }), { ...e, orgId: auth.agent.orgId, action: "agent.refused", outcome: `agent_${auth.reason}` });
}

/**
 * The token check, one statement (public.agent_check_token, 20261203150000_agent_call.sql) that
 * writes nothing when the token opens: the hash, revocation, expiry (database clock), allowed
 * source addresses and the address's attempt budget. Only a failure takes a slot (one locking
 * upsert, so parallel guesses each see the count the one before left and no more than the budget
 * are ever answered "invalid"); once the budget is spent even the right token is refused. A right
 * token checked while the budget fills up at the same moment may still pass: it is not a failure,
 * and guessing one is hopeless (256 random bits). The hash is compared in the database: its timing
 * says nothing about the secret. Nothing is cached, so a revocation holds on the next call on
 * every instance.
 */
async function verifyToken(db: Db, token: string, ip: string | null): Promise<AgentAuth> {
  const { parsed, inet, params } = tokenArgs(token, ip);
  const { rows } = await db.query<TokenVerdict>(`/* writes */ select * from public.agent_check_token($1, $2, $3, $4, $5, $6)`, params);
  return tokenAuth(rows[0], parsed, inet);
}

/**
 * Checks an agent token (see verifyToken) and marks the agent used: two statements, the second
 * only for a token that opens. For the MCP server and the reveal and env routes (a brokered call
 * checks its token inside its one statement, lib/agents/take-call.ts).
 */
export async function checkAgentToken(db: Db, token: string | null, ip: string | null): Promise<AgentAuth> {
  if (!token) return { ok: false, reason: "missing" };
  const auth = await verifyToken(db, token, ip);
  if (auth.ok) await db.query(`update agents set last_used_at = now(), last_used_ip = $2 where id = $1`, [auth.agent.agentId, auth.agent.ip]);
  return auth;
}

/** The agent a token names, or null for any failure (the MCP server's entry point). */
export async function authenticateAgent(db: Db, token: string, ip: string | null): Promise<AgentPrincipal | null> {
  const auth = await checkAgentToken(db, token, ip);
  return auth.ok ? auth.agent : null;
}

/** A sentence for each refusal, for the REST answers and the MCP server alike. */
export const AGENT_AUTH_MESSAGES: Record<Exclude<AgentAuth, { ok: true }>["reason"], string> = {
  missing: "Send the agent's token as Authorization: Bearer sba_….",
  invalid: "This agent token is not valid. Check that it was copied whole, or ask an org admin for a new agent under Settings, Agents.",
  revoked: "This agent was revoked. Ask an org admin for a new one.",
  expired: "This agent has expired. Ask an org admin for a new one.",
  address_not_allowed: "This agent's token is not accepted from this address (see its allowed addresses under Settings, Agents).",
  locked: "Too many failed agent token attempts from this address. Try again later.",
};
