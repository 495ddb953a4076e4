import "server-only";
import { randomUUID } from "node:crypto";
import { agentDeps } from "@/lib/agents/real-deps";
import { env } from "@/lib/env";
import { getEventFeed } from "@/lib/events";
import type { McpDeps } from "./deps-types";
import { mcpHandler } from "./handler";
import { rpcRefusal } from "./responses";

export async function mcpDeps(): Promise<McpDeps> {
  return {
    ...(await agentDeps()),
    feed: await getEventFeed(),
    heartbeatMs: env.EVENT_STREAM_HEARTBEAT_SECONDS * 1000,
    streamMaxMs: env.EVENT_STREAM_MAX_SECONDS * 1000,
  };
}

/** The route's one export for every method: the handler answers 405 itself for those it does not take. */
export async function mcpRoute(req: Request): Promise<Response> {
  try {
    return await mcpHandler(req, await mcpDeps());
  } catch (err) {
    // Logged by name and first line only: a tool call's arguments may carry a request body.
    const ref = randomUUID().slice(0, 8);
    console.error(`[mcp ${ref}]`, err instanceof Error ? `${err.name}: ${err.message.split("\n")[0].slice(0, 200)}` : "error");
    return rpcRefusal(500, -32603, `Something went wrong on Switchboard's side (reference ${ref}). Nothing was changed.`);
  }
}
