import { slotUpsert } from "@/lib/auth/attempts";
import type { Db } from "@/lib/db/types";
import { sealedColumns, sealedFrom, type SealedColumns } from "@/lib/vault/secrets";
import type { SealedSecret } from "@/lib/vault/vault-types";
import { rateRefusal, usedUpRefusal, type ResolvedGrant } from "./grants";
import type { AgentPrincipal, BrokerLimits } from "./types";

// A check that failed says the key is wrong or gone: nothing an agent can use.
export const UNUSABLE_STATUSES = new Set(["INVALID", "NOT_CONFIGURED"]);

export type TakenCall =
  /** A use was spent; `sealed` is the stored secret (null for an OAuth connection, opened apart). */
  | { used: true; sealed: SealedSecret | null }
  /** No usable credential: nothing spent but the rate slots. */
  | { used: false };

interface Taken extends SealedColumns {
  agentCount: number;
  agentRetry: number;
  grantCount: number | null;
  grantRetry: number | null;
  used: boolean;
}

/**
 * Everything a brokered call spends, in one statement (so one round trip and one commit): a slot
 * of the agent's rate window, then one of the grant's (only when the agent's was free), then a use
 * of the grant (only when both were free, the grant is still live, unexpired and under its
 * maximum, and a usable credential is there), and the agent's last use; it reads the sealed secret
 * too. Each slot is the same locking upsert as sign-in attempts and the use a conditional update,
 * so the limits hold across instances and under concurrency exactly as statement by statement.
 * Rows are locked in one order: the agent's and the grant's slots, then the agent, then the grant
 * (`used` waits for `seen`), the order setGrant takes them in (agent, then its grants): no deadlock.
 */
export async function takeCall(db: Db, agent: AgentPrincipal, grant: ResolvedGrant, limits: BrokerLimits): Promise<TakenCall> {
  const cred = grant.credential;
  const usable = Boolean(cred && !UNUSABLE_STATUSES.has(cred.status));
  const needsSecret = cred?.authType !== "oauth";
  const { rows } = await db.query<Taken>(
    `with agent_slot as (
       ${slotUpsert({ key: "$1", windowSeconds: "60", limit: "$2" })}
     ), grant_slot as (
       ${slotUpsert({ key: "$3", windowSeconds: "60", limit: "$4", when: "exists (select 1 from agent_slot where count <= $2::int)" })}
     ), secret as (
       select ${sealedColumns("s", "i")} from integration_secrets s join integrations i on i.id = s.integration_id and i.org_id = s.org_id
        where s.org_id = $5 and s.integration_id = $6::uuid and $7::boolean
     ), seen as (
       update agents set last_used_at = now(), last_used_ip = $10 where id = $11 returning id
     ), used as (
       update agent_grants set uses = uses + 1
        where id = $8 and revoked_at is null and (expires_at is null or expires_at > now()) and (max_uses is null or uses < max_uses)
          and exists (select 1 from grant_slot where count <= $4::int) and $9::boolean and (not $7::boolean or exists (select 1 from secret))
          and exists (select 1 from seen)
        returning uses
     )
     select (select count from agent_slot) as "agentCount", (select retry from agent_slot) as "agentRetry",
       (select count from grant_slot) as "grantCount", (select retry from grant_slot) as "grantRetry",
       exists (select 1 from used) as used, secret.*
       from (select 1) one left join secret on true`,
    [`agent-rate:${agent.agentId}`, limits.agentPerMinute, `agent-grant-rate:${grant.id}`, grant.ratePerMinute,
      grant.orgId, cred?.id ?? null, needsSecret, grant.id, usable, agent.ip, agent.agentId],
  );
  const r = rows[0];
  if (r.agentCount > limits.agentPerMinute) throw rateRefusal("this agent", limits.agentPerMinute, r.agentRetry);
  if (r.grantCount! > grant.ratePerMinute) throw rateRefusal("this grant", grant.ratePerMinute, r.grantRetry!);
  const sealed = sealedFrom(r);
  if (!usable || (needsSecret && !sealed)) return { used: false };
  if (!r.used) throw usedUpRefusal(grant);
  return { used: true, sealed };
}

/** Gives back the use takeCall spent, for a call that then could not be made (the credential did not open). */
export async function returnUse(db: Db, grant: ResolvedGrant): Promise<void> {
  await db.query(`update agent_grants set uses = uses - 1 where id = $1 and uses > 0`, [grant.id]);
}
