import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { agentActor, listAgentIntegrations } from "@/lib/agents";
import { writeAudit } from "@/lib/audit";
import { guardTool, textResult } from "../results";
import type { ToolContext } from "../server";

export function registerListIntegrations(server: McpServer, ctx: ToolContext) {
  server.registerTool("list_integrations", {
    title: "List integrations",
    description: "The providers this agent may use through Switchboard: for each grant, the provider, the operations it allows (proxy, reveal, env), the allowed methods and paths, and whether the organization's credential is there and working.",
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, () => guardTool("list_integrations", async () => {
    const integrations = await listAgentIntegrations(ctx.deps.db, ctx.agent);
    // A read of names and statuses only, audited all the same: an agent's usage log shows every tool it used.
    await writeAudit(ctx.deps.db, agentActor(ctx.agent), {
      orgId: ctx.agent.orgId, action: "agent.list", outcome: "ok", metadata: { tool: "list_integrations", grants: integrations.length },
    });
    const text = integrations.length === 0
      ? "This agent has no grants yet: an admin of the organization gives it integrations in Settings, Agents."
      : JSON.stringify(integrations, null, 2);
    return textResult(text, { integrations });
  }));
}
