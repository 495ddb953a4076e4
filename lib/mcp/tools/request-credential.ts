import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { requestForAgent } from "@/lib/agents";
import { guardTool, textResult } from "../results";
import type { ToolContext } from "../server";

export function registerRequestCredential(server: McpServer, ctx: ToolContext) {
  server.registerTool("request_credential", {
    title: "Request a credential",
    description: "Ask the organization's admins for a provider credential it lacks. Files one request per provider (joining this agent's pending one) and answers at once with the approval page an admin opens to add the key; call the tool that needs the key again once it is fulfilled.",
    inputSchema: {
      providers: z.array(z.string().min(1).max(40)).min(1).max(10).describe("Provider ids from the Switchboard catalog, e.g. [\"openai\"]."),
      reason: z.string().min(1).max(280).describe("Why the agent needs it, shown to the admins."),
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  }, ({ providers, reason }) => guardTool("request_credential", async () => {
    const filed = await requestForAgent(ctx.deps, ctx.agent, { providers, reason });
    const lines = filed.requests.map((r) => `${r.provider}: request ${r.requestId}${r.coalesced ? " (already pending)" : ""}, approval page ${r.approvalUrl}`);
    return textResult(
      `Asked the organization's admins. A signed-in admin opens the approval page and adds the key:\n${lines.join("\n")}`,
      { requestId: filed.requestId, approvalUrl: filed.approvalUrl, requests: filed.requests },
    );
  }));
}
