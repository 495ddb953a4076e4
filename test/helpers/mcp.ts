import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitationCompleteNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { migrate } from "@/lib/db/migrate";
import { openPglite } from "@/lib/db/pglite";
import { openPostgres } from "@/lib/db/postgres";
import type { Db } from "@/lib/db/types";
import { createEventFeed } from "@/lib/events/feed";
import { pgliteSource, postgresSource, type NotificationSource } from "@/lib/events/listeners";
import type { McpDeps } from "@/lib/mcp/deps-types";
import { agentsWorld } from "./agents";
import type { DbKind } from "./db";
import { scratchDatabase } from "./scratch-database";

/**
 * The agents world (test/helpers/agents.ts: the broker, its loopback upstream, a vault, two orgs)
 * on a database whose event feed runs (PGlite's own LISTEN, or a LISTEN connection to the
 * PostgreSQL server), wired as /api/mcp is in the app. `databaseUrl` (PostgreSQL only) lets a
 * test open a second instance's own connections.
 */
export async function mcpWorld(kind: DbKind, label: string) {
  let db: Db;
  let source: NotificationSource;
  let databaseUrl: string | null = null;
  let drop = async () => {};
  if (kind === "pglite") {
    db = await openPglite();
    await migrate(db);
    source = pgliteSource(db);
  } else {
    const scratch = await scratchDatabase(process.env.DATABASE_URL!, "sb_test");
    db = openPostgres(scratch.url, 8);
    await migrate(db);
    source = postgresSource({ connectionString: scratch.url });
    databaseUrl = scratch.url;
    drop = scratch.drop;
  }
  const feed = createEventFeed(db, source);
  const world = await agentsWorld(kind, label, { db });
  const deps: McpDeps = { ...world.deps, feed, heartbeatMs: 60_000, streamMaxMs: 120_000 };
  return {
    ...world, deps, databaseUrl,
    close: async () => {
      await feed.close();
      await world.close();
      await db.close();
      await drop();
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
