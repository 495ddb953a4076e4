import "server-only";
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

/**
 * This server's public origin for the webhook URL in the "not configured" message: APP_URL when
 * the operator set it. Never the Host header, which a client could set to an address of its choosing.
 */
const origin = () => env.APP_URL?.replace(/\/+$/, "") ?? "https://<your Switchboard address>";

/** One mapping from a session outcome to the action contract, shared by connect and reconnect. */
export async function sessionResult(result: SessionResult, providerName: string, integration: string): Promise<ActionResult<ConnectSessionView>> {
  switch (result.kind) {
    case "started": {
      const { apiUrl, connectUrl } = nangoPublicConfig(env);
      return { ok: true, data: { token: result.token, expiresAt: result.expiresAt, since: result.since, apiUrl, connectUrl } };
    }
    case "not_configured":
      return fail(503, nangoNotConfiguredMessage(origin(), integration));
    case "nango_error":
      return fail(502, `Couldn't start the ${providerName} connection: ${result.reason}`);
    case "name_taken":
      return fail(409, sessionFailureMessage("name_taken", providerName, result.taken), { name: ["That name is taken for this provider."] });
    default:
      return fail(result.kind === "no_oauth" ? 400 : 404, sessionFailureMessage(result.kind, providerName));
  }
}
