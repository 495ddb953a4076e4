import type { Nango } from "@nangohq/node";
import type { Db } from "@/lib/db/types";
import type { ProviderDefinition } from "@/lib/providers/types";
import { describeNangoError, nangoIntegrationOf } from "./nango";
import { credentialNameTaken, dbNow, forgetDeliveries, getOAuthRow } from "./queries";

export interface OAuthDeps {
  db: Db;
  /** Null when NANGO_SECRET_KEY is unset: OAuth is off. */
  nango: Nango | null;
}

export interface SessionOwner {
  org: { id: string; slug: string };
  user: { id: string; email: string };
}

export type SessionResult =
  | { kind: "not_configured" }
  | { kind: "no_oauth" }
  | { kind: "name_taken"; taken: string }
  | { kind: "not_found" }
  | { kind: "nango_error"; reason: string }
  /** `since` is the database time before the session existed: the UI waits for a change after it. */
  | { kind: "started"; token: string; expiresAt: string; since: string };

/**
 * Who is connecting, in Nango's terms. The tags come back in every auth webhook for the connection,
 * which is how the webhook finds the org, the provider and the credential name it belongs to.
 */
function identity({ org, user }: SessionOwner, providerId: string, name: string) {
  return {
    end_user: { id: user.id, email: user.email, display_name: user.email },
    organization: { id: org.id, display_name: org.slug },
    tags: {
      end_user_id: user.id, end_user_email: user.email, organization_id: org.id,
      switchboard_provider: providerId, credential_name: name,
    },
  };
}

async function call(db: Db, request: () => Promise<{ data: { token: string; expires_at: string } }>): Promise<SessionResult> {
  const since = await dbNow(db);
  try {
    const { data } = await request();
    return { kind: "started", token: data.token, expiresAt: data.expires_at, since };
  } catch (err) {
    return { kind: "nango_error", reason: describeNangoError(err).reason };
  }
}

/** A Connect UI session limited to this provider's Nango integration; nothing is stored until Nango's webhook confirms. */
export async function startConnectSession(deps: OAuthDeps, owner: SessionOwner, provider: ProviderDefinition, name: string): Promise<SessionResult> {
  const integration = nangoIntegrationOf(provider);
  if (!integration) return { kind: "no_oauth" };
  if (!deps.nango) return { kind: "not_configured" };
  const taken = await credentialNameTaken(deps.db, owner.org.id, provider.id, name);
  if (taken !== null) return { kind: "name_taken", taken };
  const nango = deps.nango;
  return call(deps.db, () => nango.createConnectSession({ ...identity(owner, provider.id, name), allowed_integrations: [integration] }));
}

/** A session that repairs an existing connection in place (same connection id), e.g. after a failed refresh. */
export async function startReconnectSession(deps: OAuthDeps, owner: SessionOwner, integrationId: string): Promise<SessionResult> {
  if (!deps.nango) return { kind: "not_configured" };
  const row = await getOAuthRow(deps.db, owner.org.id, integrationId);
  if (!row) return { kind: "not_found" };
  const nango = deps.nango;
  const result = await call(deps.db, () =>
    nango.createReconnectSession({ connection_id: row.connectionId, integration_id: row.nangoIntegration, ...identity(owner, row.provider, row.name) }),
  );
  // Its confirming webhook may repeat an earlier body byte for byte (Nango's carry no event id).
  if (result.kind === "started") await forgetDeliveries(deps.db, row.connectionId);
  return result;
}
