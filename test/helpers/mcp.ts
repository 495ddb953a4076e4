import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitationCompleteNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { createEventFeed } from "@/lib/events/feed";
import type { McpDeps } from "@/lib/mcp/deps-types";
import { agentsWorld } from "./agents";
import { feedDb, type DbKind } from "./db";

/**
 * The agents world (test/helpers/agents.ts: the broker, its loopback upstream, a vault, two orgs)
 * on a database whose event feed runs (PGlite's own LISTEN, or a LISTEN connection to the
 * PostgreSQL server), wired as /api/mcp is in the app. `databaseUrl` (PostgreSQL only) lets a
 * test open a second instance's own connections.
 */
export async function mcpWorld(kind: DbKind, label: string) {
  const { db, source, url: databaseUrl } = await feedDb(kind);
  const feed = createEventFeed(db, source);
  const world = await agentsWorld(kind, label, { db });
  const deps: McpDeps = { ...world.deps, feed, heartbeatMs: 60_000, streamMaxMs: 120_000 };
  return {
    ...world, deps, databaseUrl,
    close: async () => {
      await feed.close();
      await world.close();
      await db.close();
    },
  };
}

/**
 * The SDK's own client on the Streamable HTTP transport, with the agent's token as its bearer
 * token; `urlElicitation` declares capabilities.elicitation.url (MCP 2025-11-25). completed()
 * resolves when notifications/elicitation/complete names that id (at once if it already came).
 */
export async function mcpClient(url: string, token: string, opts: { urlElicitation: boolean }) {
  const client = new Client({ name: "jest-mcp-client", version: "1.0.0" }, { capabilities: opts.urlElicitation ? { elicitation: { url: {} } } : {} });
  const seen: string[] = [];
  const waiting = new Map<string, () => void>();
  client.setNotificationHandler(ElicitationCompleteNotificationSchema, ({ params }) => {
    seen.push(params.elicitationId);
    waiting.get(params.elicitationId)?.();
  });
  const errors: Error[] = [];
  client.onerror = (e) => void errors.push(e);
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  await client.connect(transport);
  return {
    client, transport, seen, errors,
    completed: (id: string) => new Promise<void>((resolve) => (seen.includes(id) ? resolve() : waiting.set(id, resolve))),
    close: () => client.close(),
  };
}
