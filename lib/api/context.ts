import { randomUUID } from "node:crypto";
import { DATABASE_DOWN, isDatabaseUnavailable } from "@/lib/db/availability";
import { isKeyServiceDown, KEY_SERVICE_UNAVAILABLE } from "@/lib/vault/vault-types";
import type { Deps } from "@/lib/integrations/service";
import { apiError } from "./errors";
import type { RateLimit } from "./rate-limit";

/** Everything a /api/v1 handler uses, passed in so tests call handlers without Next running. */
export interface ApiDeps extends Deps {
  rateLimit: RateLimit;
}

export interface ApiParams {
  orgSlug: string;
  provider?: string;
}

export type ApiHandler = (req: Request, params: ApiParams, deps: ApiDeps) => Promise<Response>;

/**
 * Unexpected errors become a 500 with a reference and are logged by name and first line only:
 * request bodies carry credentials, and an error message may quote them.
 */
export function guarded<P = ApiParams, D = ApiDeps>(handler: (req: Request, params: P, deps: D) => Promise<Response>): (req: Request, params: P, deps: D) => Promise<Response> {
  return async (req, params, deps) => {
    try {
      return await handler(req, params, deps);
    } catch (err) {
      return internalError(err);
    }
  };
}

/**
 * Adapts a handler to a Next route export: awaits the route params and builds the deps (the
 * database or the key service out of reach answers as internalError says, not as a crash).
 */
export function nextRoute<P, D>(build: () => Promise<D>, handler: (req: Request, params: P, deps: D) => Promise<Response>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    const params = await ctx.params;
    let deps: D;
    try {
      deps = await build();
    } catch (err) {
      return internalError(err);
    }
    return handler(req, params, deps);
  };
}

export function internalError(err: unknown): Response {
  // The database or the key service out of reach is an outage, not a bug: 503 with a sentence, retry later.
  if (isDatabaseUnavailable(err)) return apiError("database_unavailable", DATABASE_DOWN, {}, { "Retry-After": "5" });
  if (isKeyServiceDown(err)) return apiError("key_service_unavailable", KEY_SERVICE_UNAVAILABLE, {}, { "Retry-After": "30" });
  const ref = randomUUID().slice(0, 8);
  console.error(`[api ${ref}]`, err instanceof Error ? `${err.name}: ${err.message.split("\n")[0].slice(0, 200)}` : "error");
  return apiError("internal_error", `Something went wrong on our side (reference ${ref}). Nothing was changed.`);
}

/** Merges headers (rate-limit counters) into a handler's response. */
export function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
}
