import { randomUUID } from "node:crypto";
import { McpError, UrlElicitationRequiredError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { isAgentRefusal, type MissingCredential } from "@/lib/agents";
import { getProvider } from "@/lib/providers";
import type { McpSession } from "./session-id";

export const textResult = (text: string, structured?: Record<string, unknown>): CallToolResult =>
  ({ content: [{ type: "text", text }], ...(structured ? { structuredContent: structured } : {}) });

export const refusal = (text: string): CallToolResult => ({ content: [{ type: "text", text }], isError: true });

/**
 * A credential the tool needs is missing, and a request for it was filed (or joined). A client
 * that declared URL elicitation (MCP 2025-11-25) gets the URLElicitationRequiredError, -32042,
 * with the request id as elicitationId and its approval page as url; it hears
 * notifications/elicitation/complete on its GET stream once the request is resolved. Any other
 * client gets a tool result saying what to open. The sentence is in both, as the error's message
 * too: some clients declare URL mode and then silently drop it.
 */
export function missingCredential(err: MissingCredential, provider: string, session: McpSession): CallToolResult {
  const name = getProvider(provider)?.name ?? provider;
  const sentence = `This organization has no usable ${name} credential for this agent yet, so Switchboard filed a request (${err.requestId}). `
    + `Ask an admin of the organization to open ${err.approvalUrl}, sign in and add the key; then call this tool again.`;
  if (session.urlElicitation) {
    const e = new UrlElicitationRequiredError([{ mode: "url", elicitationId: err.requestId, url: err.approvalUrl, message: sentence }]);
    // The SDK prefixes "MCP error -32042:" itself when it reads the error; the wire message is the sentence alone.
    e.message = sentence;
    throw e;
  }
  return { ...refusal(sentence), structuredContent: { requestId: err.requestId, approvalUrl: err.approvalUrl } };
}

/**
 * Runs a tool: expected refusals come back as sentences (the handler maps them), the
 * elicitation error passes through to the client, and anything unexpected becomes a sentence
 * with a reference, logged by name and first line only: tool arguments carry request bodies.
 */
export async function guardTool(tool: string, run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof McpError) throw err;
    if (isAgentRefusal(err)) {
      const retry = err.headers["Retry-After"];
      return { ...refusal(retry ? `${err.message} Try again in ${retry} s.` : err.message), structuredContent: { code: err.code, ...err.extra } };
    }
    const ref = randomUUID().slice(0, 8);
    console.error(`[mcp ${tool} ${ref}]`, err instanceof Error ? `${err.name}: ${err.message.split("\n")[0].slice(0, 200)}` : "error");
    return refusal(`Something went wrong on Switchboard's side (reference ${ref}). Nothing was changed.`);
  }
}
