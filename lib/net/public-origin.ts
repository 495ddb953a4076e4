import "server-only";
import { env } from "@/lib/env";

export interface PublicOrigin {
  origin: string;
  /** False when APP_URL is unset and `origin` is only this server's address on its own machine. */
  configured: boolean;
}

/**
 * This deployment's address for text meant for use elsewhere (a command to run, a link to pass
 * on): the operator's APP_URL. Never the request's Host or X-Forwarded-Host: any client sets those,
 * so a command or invite link built from them would point wherever that client chose. Without
 * APP_URL it is http://localhost:<PORT>, right for a terminal on the machine running Switchboard
 * (the embedded default), and `configured: false` so the page can say that APP_URL is not set.
 */
export function publicOrigin(): PublicOrigin {
  if (env.APP_URL) return { origin: env.APP_URL.replace(/\/+$/, ""), configured: true };
  return { origin: `http://localhost:${env.PORT}`, configured: false };
}
