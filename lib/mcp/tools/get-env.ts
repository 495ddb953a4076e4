import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { agentEnv, MissingCredential, requestForAgent } from "@/lib/agents";
import { guardTool, missingCredential, textResult } from "../results";
import type { ToolContext } from "../server";

export function registerGetEnv(server: McpServer, ctx: ToolContext) {
  server.registerTool("get_env", {
    title: "Get .env variables",
    description: "The credentials of this agent's env grants as .env lines (NAME=value). Only providers granted with the env operation are included; every pull is audited. A granted provider the organization has no credential for is asked for.",
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, () => guardTool("get_env", async () => {
    const env = await agentEnv(ctx.deps, ctx.agent);
    const missing = env.skipped.filter((s) => s.reason === "credential_missing").map((s) => s.provider);
    const structured = { written: env.written, credentials: env.credentials, skipped: env.skipped };
    if (missing.length === 0) return textResult(env.text, structured);
    // What the agent lacks is asked for on its behalf, as the broker does for a call.
    const filed = await requestForAgent(ctx.deps, ctx.agent, { providers: missing, reason: `Agent ${[...ctx.agent.name].slice(0, 60).join("")} pulls these credentials as .env variables.` });
    if (env.written.length === 0) {
      return missingCredential(new MissingCredential(missing[0], filed.requestId, filed.approvalUrl, ""), missing[0], ctx.session);
    }
    const asked = filed.requests.map((r) => `${r.provider}: ${r.approvalUrl}`).join("; ");
    return textResult(`${env.text}\n# Not set: no usable credential yet. Requested from the organization's admins (${asked}); pull again once an admin adds it.\n`,
      { ...structured, requests: filed.requests });
  }));
}
