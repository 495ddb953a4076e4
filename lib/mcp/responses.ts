/**
 * The endpoint's own refusals, in the shape the Streamable HTTP transport uses for its (a JSON-RPC
 * error with a null id), so an MCP client reports them like the SDK's own. Never cached: every
 * answer is per token.
 */
export function rpcRefusal(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json(
    { jsonrpc: "2.0", error: { code, message }, id: null },
    { status, headers: { "Cache-Control": "no-store", ...headers } },
  );
}

/** JSON-RPC's own codes, and the one the SDK uses for a transport-level refusal. */
export const RPC = { parseError: -32700, invalidRequest: -32600, refused: -32000, sessionNotFound: -32001 } as const;

// What a client is told on a 401. No OAuth here: the agent's token, created in Settings, Agents, is the credential.
export const UNAUTHORIZED_HEADERS = { "WWW-Authenticate": 'Bearer realm="switchboard", error="invalid_token"' };
