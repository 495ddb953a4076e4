import "server-only";
import { integrationDeps } from "@/lib/integrations/deps";
import { nextRoute, type ApiDeps, type ApiHandler, type ApiParams } from "./context";
import { DEFAULT_RATE_LIMIT } from "./rate-limit";

export async function apiDeps(): Promise<ApiDeps> {
  return { ...(await integrationDeps()), rateLimit: DEFAULT_RATE_LIMIT };
}

/** A /api/v1 handler as a Next route export, with the real deps. */
export function route<P extends ApiParams>(handler: ApiHandler) {
  return nextRoute<P, ApiDeps>(apiDeps, handler);
}
