import "server-only";
import type { Nango } from "@nangohq/node";
import { env } from "@/lib/env";
import { createNango } from "./nango";

// One SDK instance per process; it holds only configuration, no per-request state.
let nango: Nango | null | undefined;

/** The server's Nango client, or null when OAuth is off (NANGO_SECRET_KEY unset). */
export function getNango(): Nango | null {
  if (nango === undefined) nango = createNango(env);
  return nango;
}
