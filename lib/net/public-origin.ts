import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * This deployment's address for text shown to the person who asked (a command, a link to pass on):
 * the operator's APP_URL when set, else the address this request came to.
 */
export async function publicOrigin(): Promise<string> {
  if (env.APP_URL) return env.APP_URL.replace(/\/+$/, "");
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000"}`;
}
