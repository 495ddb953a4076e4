import { mcpRoute } from "@/lib/mcp/deps";

// The MCP endpoint (Streamable HTTP): lib/mcp/handler.ts. Every request carries the agent's bearer token.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// The GET notification stream ends itself before this (EVENT_STREAM_MAX_SECONDS).
export const maxDuration = 300;

export const GET = mcpRoute;
export const POST = mcpRoute;
export const DELETE = mcpRoute;
export const PUT = mcpRoute;
export const PATCH = mcpRoute;
