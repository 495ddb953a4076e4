import { randomBytes } from "node:crypto";

/**
 * The Mcp-Session-Id this server hands out at initialize. Nothing is stored per session: every
 * request is authenticated by its bearer token on its own, on whichever instance it reaches, and
 * what later requests need from initialize is written into the id itself: whether the client
 * declared URL-mode elicitation, and the org's event position at that moment, where its
 * notification stream starts (so a request resolved before the client's GET arrives is still
 * completed). A client that forges either only changes what it is told about its own requests
 * (how to open an approval page; from where completions are replayed): the id grants nothing, so
 * it needs no signature and no table.
 */
export interface McpSession {
  /** The client declared capabilities.elicitation.url (MCP revision 2025-11-25). */
  urlElicitation: boolean;
  /** The org's newest event id at initialize, as a decimal string. */
  since: string;
}

const SHAPE = /^[A-Za-z0-9_-]{32}\.(u|n)\.(0|[1-9][0-9]{0,17})$/;

export function newSessionId(session: McpSession): string {
  return `${randomBytes(24).toString("base64url")}.${session.urlElicitation ? "u" : "n"}.${session.since}`;
}

/** null when the header is absent; "malformed" for an id this server never issued (answered 404, so the client starts over). */
export function readSessionId(header: string | null): McpSession | null | "malformed" {
  if (header === null) return null;
  const m = SHAPE.exec(header);
  return m ? { urlElicitation: m[1] === "u", since: m[2] } : "malformed";
}

/** What a client declared at initialize, read from the SDK's parsed initialize params. */
export function declaredUrlElicitation(capabilities: unknown): boolean {
  const elicitation = (capabilities as { elicitation?: { url?: unknown } } | undefined)?.elicitation;
  return typeof elicitation?.url === "object" && elicitation.url !== null;
}
