import { writeAudit, type Actor } from "@/lib/audit";
import { describeNangoError } from "./nango";
import { deleteOAuthRow, getOAuthRow } from "./queries";
import type { OAuthDeps } from "./sessions";

export type DisconnectResult =
  | { kind: "not_configured" }
  | { kind: "not_found" }
  | { kind: "nango_error"; reason: string }
  | { kind: "disconnected"; provider: string; name: string };

/**
 * Deletes the connection at Nango first, then the row, with its audit event in the same
 * transaction. In that order so a failure at Nango leaves the row in place to retry from, rather
 * than a connection (and its tokens) at Nango that nothing in Switchboard points to any more.
 */
export async function disconnectOAuth(deps: OAuthDeps, actor: Actor, orgId: string, integrationId: string): Promise<DisconnectResult> {
  if (!deps.nango) return { kind: "not_configured" };
  const row = await getOAuthRow(deps.db, orgId, integrationId);
  if (!row) return { kind: "not_found" };
  try {
    await deps.nango.deleteConnection(row.nangoIntegration, row.connectionId);
  } catch (err) {
    const { status, reason } = describeNangoError(err);
    // Already gone at Nango (deleted in its dashboard): finishing here is what the user asked for.
    if (status !== 404) return { kind: "nango_error", reason };
  }
  await deps.db.transaction(async (tx) => {
    await deleteOAuthRow(tx, row);
    await writeAudit(tx, actor, {
      orgId, action: "oauth.disconnect", provider: row.provider, integrationId: row.id, outcome: "deleted",
      metadata: { name: row.name, connection: row.connectionId.slice(0, 8) },
    });
  });
  return { kind: "disconnected", provider: row.provider, name: row.name };
}
