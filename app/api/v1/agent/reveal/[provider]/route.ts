import { internalError } from "@/lib/api/context";
import { otherMethods } from "@/lib/api/methods";
import { revealHandler } from "@/lib/agents/http";
import { agentDeps } from "@/lib/agents/real-deps";

// The agent's token and its reveal grant are checked inside the handler; each reveal is audited.
export const dynamic = "force-dynamic";

async function handle(req: Request, ctx: { params: Promise<{ provider: string }> }): Promise<Response> {
  try {
    return await revealHandler(req, await ctx.params, await agentDeps());
  } catch (err) {
    return internalError(err);
  }
}

export const GET = handle;

// Any other method: 405 in the API's error shape, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
