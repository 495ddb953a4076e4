import type { Actor } from "@/lib/audit";
import type { AgentPrincipal } from "./types";

/** The audit trail's actor for an agent: its own kind, with its name as it is now. */
export const agentActor = (agent: AgentPrincipal): Actor => ({
  userId: null, ip: agent.ip, userAgent: agent.userAgent ?? null, agent: { id: agent.agentId, name: agent.name },
});
