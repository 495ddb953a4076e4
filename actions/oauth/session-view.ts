import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { nangoNotConfiguredMessage, sessionFailureMessage } from "@/lib/oauth/messages";
import { nangoPublicConfig } from "@/lib/oauth/nango";
import type { SessionResult } from "@/lib/oauth/sessions";
import { fail, type ActionResult } from "@/lib/safe-action";

/** What the browser gets to open Connect UI: the short-lived session token and public URLs only. */
export interface ConnectSessionView {
  token: string;
  expiresAt: string;
  since: string;
  apiUrl: string;
  connectUrl: string;
}

/** This server's public origin, for the webhook URL in the "not configured" message. */
async function origin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  return `${h.get("x-forwarded-proto") ?? (host.startsWith("localhost") ? "http" : "https")}://${host}`;
}

/** One mapping from a session outcome to the action contract, shared by connect and reconnect. */
export async function sessionResult(result: SessionResult, providerName: string, integration: string, name?: string): Promise<ActionResult<ConnectSessionView>> {
  switch (result.kind) {
    case "started": {
      const { apiUrl, connectUrl } = nangoPublicConfig(env);
      return { ok: true, data: { token: result.token, expiresAt: result.expiresAt, since: result.since, apiUrl, connectUrl } };
    }
    case "not_configured":
      return fail(503, nangoNotConfiguredMessage(await origin(), integration));
    case "nango_error":
      return fail(502, `Couldn't start the ${providerName} connection: ${result.reason}`);
    case "name_taken":
      return fail(409, sessionFailureMessage("name_taken", providerName, name), { name: ["That name is taken for this provider."] });
    default:
      return fail(result.kind === "no_oauth" ? 400 : 404, sessionFailureMessage(result.kind, providerName));
  }
}
