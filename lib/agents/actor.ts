import { auditStatement, type Actor, type AuditEvent } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import type { AgentPrincipal } from "./types";

/** The audit trail's actor for an agent: its own kind, with its name as it is now. */
export const agentActor = (agent: AgentPrincipal): Actor => ({
  userId: null, ip: agent.ip, userAgent: agent.userAgent ?? null, agent: { id: agent.agentId, name: agent.name },
});

/**
 * An audit event of this agent and its last use, in one statement: a call refused before it spent
 * anything still counts as the agent's use (the token was right).
 */
export async function writeAgentAudit(db: Db, agent: AgentPrincipal, e: AuditEvent): Promise<void> {
  const { sql, params } = auditStatement(agentActor(agent), e);
  await db.query(`with seen as (update agents set last_used_at = now(), last_used_ip = $13 where id = $14) ${sql}`, [...params, agent.ip, agent.agentId]);
}
