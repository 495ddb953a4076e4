import { isIP } from "node:net";
import { hashSecret } from "@/lib/api/keys";
import { addressBucket } from "@/lib/auth/address-limit";
import { slotUpsert, type Budget } from "@/lib/auth/attempts";
import type { Db } from "@/lib/db/types";
import { LIVE_GRANTS_ORDER, liveGrantsSelect, resolveGrants, type LiveGrant, type LiveGrantRow } from "./grants";
import { parseAgentToken } from "./tokens";
import type { AgentPrincipal } from "./types";

/**
 * Failed token attempts per client address (see verifyToken). Generous for a fleet of agents
 * behind one address, useless for guessing.
 */
export const AGENT_TOKEN_BUDGET: Budget = { limit: 30, windowSeconds: 10 * 60 };

export type AgentAuth =
  | { ok: true; agent: AgentPrincipal }
  | { ok: false; reason: "missing" | "invalid" | "revoked" | "expired" | "address_not_allowed" }
  | { ok: false; reason: "locked"; retryAfterSeconds: number };

/** The address as PostgreSQL's inet reads it; an IPv4-mapped IPv6 address is its IPv4 address. */
function inetOf(ip: string | null): string | null {
  if (!ip) return null;
  const bare = ip.trim().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  const out = mapped ? mapped[1] : bare;
  return isIP(out) ? out : null;
}

interface Found extends Partial<LiveGrantRow> {
  ok: boolean;
  count: number;
  retry: number;
  tokenAgentId: string | null;
  tokenOrgId: string;
  tokenOrgSlug: string;
  tokenName: string;
  tokenMatches: boolean;
  tokenRevoked: boolean;
  tokenExpired: boolean;
  tokenAddressAllowed: boolean;
}

/**
 * The token check, and the agent's live grants for `grantsOf` (a provider, or null for all) when
 * asked, in one statement that writes nothing when the token opens: the hash, revocation, expiry
 * (database clock), allowed source addresses and the address's attempt budget. Only a failure
 * takes a slot (one locking upsert, so parallel guesses each see the count the one before left and
 * no more than the budget are ever answered "invalid"); once the budget is spent even the right
 * token is refused. A right token checked while the budget fills up at the same moment may still
 * pass: it is not a failure, and guessing one is hopeless (256 random bits). The hash is compared
 * in the database: its timing says nothing about the secret. Nothing is cached, so a revocation
 * holds on the next call on every instance.
 */
async function verifyToken(db: Db, token: string, ip: string | null, grantsOf: { provider: string | null } | null): Promise<{ auth: AgentAuth; grants: LiveGrant[] }> {
  const parsed = parseAgentToken(token);
  const inet = inetOf(ip);
  const slotKey = `agent-token:address:${addressBucket(inet)}`;
  const { rows } = await db.query<Found>(
    `with found as (
       select ag.id, ag.org_id, o.slug, ag.name, ag.secret_hash = $6 as matches,
         ag.revoked_at is not null as revoked, coalesce(ag.expires_at <= now(), false) as expired,
         (cardinality(ag.allowed_cidrs) = 0 or coalesce($5::inet <<= any(ag.allowed_cidrs), false)) as "addressAllowed"
         from agents ag join organizations o on o.id = ag.org_id where ag.prefix = $4
     ), verdict as (
       select coalesce((select matches and not revoked and not expired and "addressAllowed" from found), false) as ok
     ), failed as (
       ${slotUpsert({ key: "$1", windowSeconds: "$2", limit: "$3", when: "not (select ok from verdict)" })}
     ), standing as (
       select case when window_start <= now() - make_interval(secs => $2::int) then 0 else count end as count,
         greatest(1, ceil(extract(epoch from window_start + make_interval(secs => $2::int) - now())))::int as retry
         from auth_attempts where key = $1
     )
     select v.ok, coalesce((select count from failed), (select count from standing), 0) as count,
       coalesce((select retry from failed), (select retry from standing), 1) as retry,
       f.id as "tokenAgentId", f.org_id as "tokenOrgId", f.slug as "tokenOrgSlug", f.name as "tokenName", f.matches as "tokenMatches",
       f.revoked as "tokenRevoked", f.expired as "tokenExpired", f."addressAllowed" as "tokenAddressAllowed", g.*
       from verdict v left join found f on true
       left join lateral (${liveGrantsSelect("f.org_id", "f.id", "$8")}) g on v.ok and $7::boolean
      order by ${LIVE_GRANTS_ORDER("g.")}`,
    [slotKey, AGENT_TOKEN_BUDGET.windowSeconds, AGENT_TOKEN_BUDGET.limit, parsed?.prefix ?? "", inet,
      hashSecret(parsed?.secret ?? ""), grantsOf !== null, grantsOf?.provider ?? null],
  );
  const f = rows[0];
  // A failure has counted itself; a right token is refused where one more failure would have been. more than the budget is what a failure would have made of this count.
  if (f.count > AGENT_TOKEN_BUDGET.limit - (f.ok ? 1 : 0)) return { auth: { ok: false, reason: "locked", retryAfterSeconds: f.retry }, grants: [] };
  if (!parsed || !f.tokenAgentId || !f.tokenMatches) return { auth: { ok: false, reason: "invalid" }, grants: [] };
  // Only a caller holding the whole secret learns that the agent was revoked or has expired.
  if (f.tokenRevoked) return { auth: { ok: false, reason: "revoked" }, grants: [] };
  if (f.tokenExpired) return { auth: { ok: false, reason: "expired" }, grants: [] };
  if (!f.tokenAddressAllowed) return { auth: { ok: false, reason: "address_not_allowed" }, grants: [] };
  const agent = { agentId: f.tokenAgentId, orgId: f.tokenOrgId, orgSlug: f.tokenOrgSlug, name: f.tokenName, prefix: parsed.prefix, ip: inet };
  return { auth: { ok: true, agent }, grants: resolveGrants(rows.filter((r) => r.id) as LiveGrantRow[]) };
}

/**
 * Checks an agent token (see verifyToken) and marks the agent used: two statements, the second
 * only for a token that opens. For the MCP server and the reveal and env routes.
 */
export async function checkAgentToken(db: Db, token: string | null, ip: string | null): Promise<AgentAuth> {
  if (!token) return { ok: false, reason: "missing" };
  const { auth } = await verifyToken(db, token, ip, null);
  if (auth.ok) await db.query(`update agents set last_used_at = now(), last_used_ip = $2 where id = $1`, [auth.agent.agentId, auth.agent.ip]);
  return auth;
}

/**
 * The token check of a brokered call, with the agent's live grants for the provider read in the
 * same statement. It marks nothing: the call's next statement (takeCall) or its refusal's audit
 * event records the use, so a call costs one round trip fewer.
 */
export async function checkAgentCall(db: Db, token: string | null, ip: string | null, provider: string): Promise<{ auth: AgentAuth; grants: LiveGrant[] }> {
  if (!token) return { auth: { ok: false, reason: "missing" }, grants: [] };
  return verifyToken(db, token, ip, { provider });
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
