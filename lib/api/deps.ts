import "server-only";
import { integrationDeps } from "@/lib/integrations/deps";
import { internalError, type ApiDeps, type ApiHandler, type ApiParams } from "./context";
import { DEFAULT_RATE_LIMIT } from "./rate-limit";

export async function apiDeps(): Promise<ApiDeps> {
  return { ...(await integrationDeps()), rateLimit: DEFAULT_RATE_LIMIT };
}

/** Adapts a handler to a Next route export: awaits the route params and builds the real deps. */
export function route<P extends ApiParams>(handler: ApiHandler) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    const params = await ctx.params;
    let deps: ApiDeps;
    try {
      deps = await apiDeps();
    } catch (err) {
      return internalError(err);
    }
    return handler(req, params, deps);
  };
}
