import { isIP } from "node:net";
import { addressBucket } from "@/lib/auth/address-limit";
import type { Budget } from "@/lib/auth/attempts";
import type { Db } from "@/lib/db/types";
import { parseAgentToken, tokenMatches } from "./tokens";
import type { AgentPrincipal } from "./types";

/**
 * Token attempts per client address. Every attempt takes a slot (so the count and the check are one
 * upsert, and parallel guesses cannot slip past it) and a token that opens gives its slot back: only
 * failures add up. Generous for a fleet of agents behind one address, useless for guessing.
 */
export const AGENT_TOKEN_BUDGET: Budget = { limit: 30, windowSeconds: 10 * 60 };

export type AgentAuth =
  | { ok: true; agent: AgentPrincipal }
  | { ok: false; reason: "missing" | "invalid" | "revoked" | "expired" | "address_not_allowed" }
  | { ok: false; reason: "locked"; retryAfterSeconds: number };

// Compared against when no agent has the presented prefix, so a miss costs what a hit costs.
const DUMMY_HASH = "0".repeat(64);

/** The address as PostgreSQL's inet reads it; an IPv4-mapped IPv6 address is its IPv4 address. */
function inetOf(ip: string | null): string | null {
  if (!ip) return null;
  const bare = ip.trim().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  const out = mapped ? mapped[1] : bare;
  return isIP(out) ? out : null;
}

interface Found {
  count: number;
  windowStart: string;
  retry: number;
  id: string | null;
  orgId: string;
  orgSlug: string;
  name: string;
  secretHash: string;
  revoked: boolean;
  expired: boolean;
  addressAllowed: boolean;
}

/**
 * Checks an agent token: its format, the address's attempt budget, the hash, revocation, expiry
 * (database clock) and allowed source addresses, then marks the agent used. Nothing is cached, so
 * a revocation holds on the next call on every instance. Two statements in all.
 */
export async function checkAgentToken(db: Db, token: string | null, ip: string | null): Promise<AgentAuth> {
  if (!token) return { ok: false, reason: "missing" };
  const parsed = parseAgentToken(token);
  const inet = inetOf(ip);
  const slotKey = `agent-token:address:${addressBucket(inet)}`;
  const { rows } = await db.query<Found>(
    `with slot as (
       insert into auth_attempts as a (key, window_start, count) values ($1, now(), 1)
       on conflict (key) do update set
         count = case when a.window_start <= now() - make_interval(secs => $2::int) then 1 else least(a.count + 1, $3::int + 1) end,
         window_start = case when a.window_start <= now() - make_interval(secs => $2::int) then now() else a.window_start end
       returning count, window_start,
         greatest(1, ceil(extract(epoch from window_start + make_interval(secs => $2::int) - now())))::int as retry)
     select s.count, s.window_start::text as "windowStart", s.retry, g.id, g."orgId", g."orgSlug", g.name, g."secretHash",
       g.revoked, g.expired, g."addressAllowed"
       from slot s left join (
         select ag.id, ag.org_id as "orgId", o.slug as "orgSlug", ag.name, ag.secret_hash as "secretHash",
           ag.revoked_at is not null as revoked, coalesce(ag.expires_at <= now(), false) as expired,
           (cardinality(ag.allowed_cidrs) = 0 or coalesce($5::inet <<= any(ag.allowed_cidrs), false)) as "addressAllowed"
           from agents ag join organizations o on o.id = ag.org_id where ag.prefix = $4
       ) g on true`,
    [slotKey, AGENT_TOKEN_BUDGET.windowSeconds, AGENT_TOKEN_BUDGET.limit, parsed?.prefix ?? "", inet],
  );
  const f = rows[0];
  if (f.count > AGENT_TOKEN_BUDGET.limit) return { ok: false, reason: "locked", retryAfterSeconds: f.retry };
  const matches = tokenMatches(parsed?.secret ?? "", f.id ? f.secretHash : DUMMY_HASH);
  if (!parsed || !f.id || !matches) return { ok: false, reason: "invalid" };
  // Only a caller holding the whole secret learns that the agent was revoked or has expired.
  if (f.revoked) return { ok: false, reason: "revoked" };
  if (f.expired) return { ok: false, reason: "expired" };
  if (!f.addressAllowed) return { ok: false, reason: "address_not_allowed" };
  await db.query(
    `with used as (update agents set last_used_at = now(), last_used_ip = $3 where id = $1)
     update auth_attempts set count = least(count, $5::int) - 1 where key = $2 and window_start = $4::timestamptz and count > 0`,
    [f.id, slotKey, inet, f.windowStart, AGENT_TOKEN_BUDGET.limit],
  );
  return { ok: true, agent: { agentId: f.id, orgId: f.orgId, orgSlug: f.orgSlug, name: f.name, prefix: parsed.prefix, ip: inet } };
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
