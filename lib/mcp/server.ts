import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { AgentDeps, AgentPrincipal } from "@/lib/agents";
import type { McpSession } from "./session-id";
import { registerCallProvider } from "./tools/call-provider";
import { registerGetEnv } from "./tools/get-env";
import { registerListIntegrations } from "./tools/list-integrations";
import { registerRequestCredential } from "./tools/request-credential";

export interface ToolContext {
  deps: AgentDeps;
  agent: AgentPrincipal;
  session: McpSession;
}

const INSTRUCTIONS = [
  "Switchboard holds this organization's provider credentials; you act as one of its agents, within the grants an admin gave you.",
  "Call list_integrations first. call_provider makes an HTTP call to a provider's API through Switchboard, which adds the credential: you never see the key.",
  "When a credential is missing, Switchboard files a request and gives you its approval page: a signed-in admin of the organization opens it and adds the key; then call the tool again.",
].join(" ");

/** One server per request (see handler.ts): its tools act as this agent, and every check is made again per call. */
export function buildMcpServer(ctx: ToolContext): McpServer {
  const server = new McpServer({ name: "switchboard", title: "Switchboard", version: "1.0.0" }, { instructions: INSTRUCTIONS });
  registerListIntegrations(server, ctx);
  registerCallProvider(server, ctx);
  registerRequestCredential(server, ctx);
  registerGetEnv(server, ctx);
  return server;
}
