import { internalError } from "@/lib/api/context";
import { otherMethods } from "@/lib/api/methods";
import { envHandler } from "@/lib/agents/http";
import { agentDeps } from "@/lib/agents/real-deps";

// The agent's token and its env grants are checked inside the handler; each export is audited.
export const dynamic = "force-dynamic";

async function handle(req: Request): Promise<Response> {
  try {
    return await envHandler(req, await agentDeps());
  } catch (err) {
    return internalError(err);
  }
}

export const GET = handle;

// Any other method: 405 in the API's error shape, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
