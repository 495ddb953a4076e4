import type { AgentDeps } from "@/lib/agents";
import type { EventFeed } from "@/lib/events/feed";

/** What /api/mcp uses: the agents broker's deps and the event feed, passed in so tests serve the handler without Next running. */
export interface McpDeps extends AgentDeps {
  feed: EventFeed;
  /** The completion stream's keep-alive comment interval; the token is re-checked with each. */
  heartbeatMs: number;
  /** The completion stream ends itself after this long; the client reconnects with Last-Event-ID. */
  streamMaxMs: number;
}
