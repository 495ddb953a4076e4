import "server-only";
import type { Nango } from "@nangohq/node";
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db/types";
import { getNango } from "./client";
import { describeNangoError } from "./nango";
import { getOAuthRow } from "./queries";

export type OAuthTokenResult =
  | { ok: true; accessToken: string; expiresAt: string | null; provider: string }
  | { ok: false; code: "not_configured" | "not_found" | "unavailable" | "unsupported"; reason: string };

/**
 * The current access token of an OAuth integration, fetched from Nango at the moment of use.
 * Switchboard never stores it: Nango keeps and refreshes tokens, and the caller holds this one in
 * memory only for as long as it needs it. Callers audit the use (export, API read) themselves.
 */
export async function oauthAccessToken(orgId: string, integrationId: string): Promise<OAuthTokenResult> {
  return oauthAccessTokenWith({ db: await getDb(), nango: getNango() }, orgId, integrationId);
}

export async function oauthAccessTokenWith(deps: { db: Db; nango: Nango | null }, orgId: string, integrationId: string): Promise<OAuthTokenResult> {
  if (!deps.nango) return { ok: false, code: "not_configured", reason: "OAuth through Nango is not configured on this server (NANGO_SECRET_KEY is unset)." };
  const row = await getOAuthRow(deps.db, orgId, integrationId);
  if (!row) return { ok: false, code: "not_found", reason: "No OAuth connection with that id in this organization." };
  try {
    // getConnection rather than getToken: it also says when the token expires. No refresh token is asked for.
    const connection = await deps.nango.getConnection(row.nangoIntegration, row.connectionId);
    const creds = connection.credentials as { type?: string; access_token?: unknown; expires_at?: unknown; apiKey?: unknown };
    const token = creds.type === "OAUTH2" ? creds.access_token : creds.type === "API_KEY" ? creds.apiKey : undefined;
    if (typeof token !== "string" || !token) {
      return { ok: false, code: "unsupported", reason: `Nango holds ${creds.type ?? "unknown"} credentials for this connection, which have no single access token.` };
    }
    const expiresAt = typeof creds.expires_at === "string" ? creds.expires_at : null;
    return { ok: true, accessToken: token, expiresAt, provider: row.provider };
  } catch (err) {
    // 424 is Nango's "the provider refused the refresh": the connection needs a reconnect.
    const { status, reason } = describeNangoError(err);
    return { ok: false, code: "unavailable", reason: status === 424 ? "The provider refused to refresh this connection's token; reconnect it from settings." : reason };
  }
}
