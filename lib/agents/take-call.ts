import type { Db } from "@/lib/db/types";
import { sealedFrom, type SealedColumns } from "@/lib/vault/secrets";
import type { SealedSecret } from "@/lib/vault/vault-types";
import { tokenArgs, tokenAuth, type AgentAuth, type TokenVerdict } from "./auth";
import { rateRefusal, resolveGrants, usedUpRefusal, type LiveGrant, type LiveGrantRow, type ResolvedGrant } from "./grants";
import type { AgentPrincipal, BrokerLimits } from "./types";

// A check that failed says the key is wrong or gone: nothing an agent can use.
export const UNUSABLE_STATUSES = new Set(["INVALID", "NOT_CONFIGURED"]);

/** Who makes the call: a bearer token to check, or an agent already authenticated (the MCP server). */
export type Caller = { token: string; ip: string | null } | { agent: AgentPrincipal };

/** What the call asks for, as far as the grant's rules go. */
export interface CallTarget {
  provider: string;
  credential: string | null;
  method: string;
  segments: readonly string[];
  /** False when the caller already knows it will refuse (provider not proxied, invalid path or headers): nothing is spent. */
  take: boolean;
}

export type TakenCall =
  /** A use was spent; `sealed` is the stored secret (null for an OAuth connection, opened apart). */
  | { used: true; sealed: SealedSecret | null }
  /** No usable credential: nothing spent but the rate slots. */
  | { used: false };

export interface CallRow extends TokenVerdict, SealedColumns {
  /** The grants as public.agent_call read them (JSON: dates are ISO text). */
  grants: (Omit<LiveGrantRow, "expiresAt" | "createdAt" | "revokedAt"> & Record<"expiresAt" | "createdAt" | "revokedAt", string | null>)[] | null;
  /** The grant the call tried to spend (null: it spent nothing). */
  grantId: string | null;
  agentCount: number | null;
  agentRetry: number | null;
  grantCount: number | null;
  grantRetry: number | null;
  used: boolean | null;
}

export interface AgentCall {
  auth: AgentAuth;
  grants: LiveGrant[];
  row: CallRow;
}

const when = (v: string | null) => (v === null ? null : new Date(v));

/**
 * A brokered call's one statement before the upstream call (public.agent_call,
 * 20261203150000_agent_call.sql): the token check when there is a token, the agent's grants for
 * the provider, pickGrant's choice with the method and path rules, and, when all allow it, what
 * the call spends (rate slots, the use, last use) and the sealed secret. The caller names any
 * refusal from the grants returned (pickGrant, ruleAllows) and then reads the take with
 * `takenFrom`.
 */
export async function agentCall(db: Db, caller: Caller, target: CallTarget, limits: BrokerLimits): Promise<AgentCall> {
  // The statement commits a call without a capped grant without waiting for the disk
  // (20261203150000_agent_call.sql): inside a caller's transaction that would reach its commit too.
  if (db.beforeCommit) throw new Error("public.agent_call runs as a statement of its own, not inside a transaction.");
  const token = "token" in caller ? tokenArgs(caller.token, caller.ip) : null;
  const agent = "agent" in caller ? caller.agent : null;
  const { rows } = await db.query<CallRow>(
    `/* writes */ select * from public.agent_call($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [agent?.agentId ?? null, agent?.orgId ?? null, ...(token?.params ?? [null, null, null, null, agent?.ip ?? null, null]),
      target.provider, target.credential || null, target.method, target.segments, target.take, limits.agentPerMinute, [...UNUSABLE_STATUSES]],
  );
  const row = rows[0];
  const auth = token ? tokenAuth(row, token.parsed, token.inet) : { ok: true as const, agent: agent! };
  const grants = auth.ok ? resolveGrants((row.grants ?? []).map((g) => ({ ...g, expiresAt: when(g.expiresAt), createdAt: when(g.createdAt)!, revokedAt: when(g.revokedAt) }))) : [];
  return { auth, grants, row };
}

/**
 * Whether a call could use this credential: there is one, its status is not unusable, and it has
 * a sealed secret unless it is an OAuth connection (its token is fetched at the call).
 */
export const credentialUsable = (cred: ResolvedGrant["credential"], hasSecret: boolean) =>
  Boolean(cred && !UNUSABLE_STATUSES.has(cred.status) && (cred.authType === "oauth" || hasSecret));

/**
 * What the statement spent for `grant` (pickGrant's choice, its rules allowing the call): a rate
 * refusal, no usable credential, the grant used up in a race, or the use and the sealed secret.
 * The statement chose the same grant by the same rules; a disagreement is a bug, refused as one.
 */
export function takenFrom(row: CallRow, grant: ResolvedGrant, limits: BrokerLimits): TakenCall {
  if (row.grantId !== grant.id) throw new Error("The broker's statement chose another grant than pickGrant.");
  if (row.agentCount! > limits.agentPerMinute) throw rateRefusal("this agent", limits.agentPerMinute, row.agentRetry!);
  if (row.grantCount! > grant.ratePerMinute) throw rateRefusal("this grant", grant.ratePerMinute, row.grantRetry!);
  const sealed = sealedFrom(row);
  if (!credentialUsable(grant.credential, sealed !== null)) return { used: false };
  if (!row.used) throw usedUpRefusal(grant);
  return { used: true, sealed };
}

/** Gives back the use the statement spent, for a call that then could not be made (the credential did not open, the body was too large). */
export async function returnUse(db: Db, grant: ResolvedGrant): Promise<void> {
  await db.query(`update agent_grants set uses = uses - 1 where id = $1 and uses > 0`, [grant.id]);
}
