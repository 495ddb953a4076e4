/**
 * A small MCP client for Switchboard's /api/mcp, on the official SDK, declaring URL-mode
 * elicitation (MCP 2025-11-25): it calls one tool and, when Switchboard answers that a credential
 * is missing, prints the approval page, waits for notifications/elicitation/complete and calls the
 * tool again. The token comes from the environment, never argv (which other users can list).
 *
 *   SWITCHBOARD_AGENT_TOKEN=sba_... node --import tsx scripts/mcp-client.ts http://localhost:3000/api/mcp \
 *     call_provider '{"provider":"openai","method":"GET","path":"/v1/models"}'
 *
 * Prints the tool's result as JSON on stdout; progress goes to stderr. Exit code 0 when the tool
 * succeeded, 1 when it answered an error, 2 on bad usage or a connection failure.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitationCompleteNotificationSchema, UrlElicitationRequiredError } from "@modelcontextprotocol/sdk/types.js";

async function main(): Promise<number> {
  const [url, tool, json = "{}"] = process.argv.slice(2);
  const token = process.env.SWITCHBOARD_AGENT_TOKEN;
  if (!url || !tool || !token) {
    console.error("usage: SWITCHBOARD_AGENT_TOKEN=sba_... mcp-client <endpoint URL> <tool> [arguments as JSON]");
    return 2;
  }
  const args = JSON.parse(json) as Record<string, unknown>;
  const client = new Client({ name: "switchboard-mcp-client", version: "1.0.0" }, { capabilities: { elicitation: { url: {} } } });
  const completed = new Set<string>();
  const waiters = new Map<string, () => void>();
  client.setNotificationHandler(ElicitationCompleteNotificationSchema, ({ params }) => {
    completed.add(params.elicitationId);
    waiters.get(params.elicitationId)?.();
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  try {
    for (;;) {
      try {
        const result = await client.callTool({ name: tool, arguments: args });
        console.log(JSON.stringify(result));
        return result.isError ? 1 : 0;
      } catch (err) {
        if (!(err instanceof UrlElicitationRequiredError)) throw err;
        for (const e of err.elicitations) {
          if (e.mode !== "url") continue;
          console.error(`switchboard: ${e.message}`);
          console.error(`switchboard: open ${e.url} (waiting for elicitation ${e.elicitationId})`);
          if (!completed.has(e.elicitationId)) await new Promise<void>((resolve) => waiters.set(e.elicitationId, resolve));
          console.error(`switchboard: elicitation ${e.elicitationId} complete; calling ${tool} again`);
        }
      }
    }
  } finally {
    await client.close();
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(`switchboard: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
