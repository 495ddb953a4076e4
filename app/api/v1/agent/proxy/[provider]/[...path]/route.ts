import { internalError } from "@/lib/api/context";
import { proxyHandler } from "@/lib/agents/http";
import { agentDeps } from "@/lib/agents/real-deps";

// The agent's token, grant, path and rate limits are checked inside the handler (lib/agents/broker.ts).
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ provider: string; path: string[] }> };

async function handle(req: Request, ctx: Ctx): Promise<Response> {
  const params = await ctx.params;
  try {
    return await proxyHandler(req, params, await agentDeps());
  } catch (err) {
    return internalError(err);
  }
}

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
