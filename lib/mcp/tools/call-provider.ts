import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { brokerCall, MissingCredential } from "@/lib/agents";
import { guardTool, missingCredential, textResult } from "../results";
import type { ToolContext } from "../server";

/** A provider's answer is handed to a model: past this it is cut, and the result says so. */
export const RESULT_BODY_LIMIT_BYTES = 256 * 1024;

export function registerCallProvider(server: McpServer, ctx: ToolContext) {
  server.registerTool("call_provider", {
    title: "Call a provider's API",
    description: "An HTTP call to a provider's own API through Switchboard, which checks this agent's proxy grant (methods and path patterns) and adds the organization's credential: the key never reaches you. Answers the provider's status, headers and body.",
    inputSchema: {
      provider: z.string().min(1).max(40).describe("Provider id from list_integrations, e.g. \"openai\"."),
      method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
      path: z.string().min(1).max(2048).describe("Path on the provider's API origin, e.g. \"/v1/models\"."),
      query: z.record(z.string().max(200), z.string().max(2000)).optional().describe("Query parameters."),
      headers: z.record(z.string().max(200), z.string().max(4000)).optional().describe("Extra request headers (credentials and cookies are Switchboard's to add and are dropped)."),
      // Models often pass a JSON body as an object: sent as its JSON text, under the same cap.
      body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
        .transform((b) => (typeof b === "string" ? b : JSON.stringify(b)))
        .pipe(z.string().max(1024 * 1024, "The body is over 1 MB."))
        .optional().describe("Request body: text, or a JSON object or array (sent as JSON text)."),
      credential: z.string().min(1).max(80).optional().describe("The credential's name, when this agent holds grants on several of this provider's credentials."),
    },
    annotations: { readOnlyHint: false, openWorldHint: true },
  }, (args) => guardTool("call_provider", async () => {
    try {
      const res = await brokerCall(ctx.deps, ctx.agent, args);
      return await present(res);
    } catch (err) {
      if (err instanceof MissingCredential) return missingCredential(err, args.provider, ctx.session);
      throw err;
    }
  }));
}

async function present(res: Response) {
  const { text, truncated } = await readCapped(res, RESULT_BODY_LIMIT_BYTES);
  const headers = Object.fromEntries([...res.headers].filter(([n]) => n === "content-type" || n.startsWith("x-ratelimit") || n === "retry-after"));
  const head = `HTTP ${res.status}${truncated ? ` (body cut at ${RESULT_BODY_LIMIT_BYTES / 1024} KB)` : ""}`;
  return { ...textResult(`${head}\n\n${text}`, { status: res.status, headers, body: text, truncated }), isError: res.status >= 400 };
}

async function readCapped(res: Response, max: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: "", truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: Buffer.concat(chunks).toString("utf8"), truncated: false };
    chunks.push(value);
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return { text: Buffer.concat(chunks).subarray(0, max).toString("utf8"), truncated: true };
    }
  }
}
