import { writeAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { generateApiKey, insertApiKey, revokeApiKey, type ApiKeyRow, type Scope } from "./keys";

export interface NewApiKey {
  orgId: string;
  name: string;
  scopes: Scope[];
  createdBy: string;
  expiresAt: Date | null;
}

/** Creates a key and its audit event together; the full key is returned once and never stored. */
export async function createOrgApiKey(db: Db, actor: Actor, input: NewApiKey): Promise<{ key: string; row: ApiKeyRow }> {
  const { key, prefix, secretHash } = generateApiKey();
  const row = await db.transaction(async (tx) => {
    const created = await insertApiKey(tx, { ...input, prefix, secretHash });
    await writeAudit(tx, actor, {
      orgId: input.orgId, action: "api_key.create", outcome: "created",
      metadata: { key_prefix: prefix, name: input.name, scopes: input.scopes.join(","), expires_at: input.expiresAt?.toISOString() ?? null },
    });
    await appendEvent(tx, { orgId: input.orgId, type: "api_key.created", data: { apiKeyId: created.id } });
    return created;
  });
  return { key, row };
}

/** Revokes a live key of this org, audited; null when there is none. Takes effect on the next request. */
export async function revokeOrgApiKey(db: Db, actor: Actor, orgId: string, keyId: string): Promise<ApiKeyRow | null> {
  return db.transaction(async (tx) => {
    const row = await revokeApiKey(tx, orgId, keyId);
    if (!row) return null;
    await writeAudit(tx, actor, { orgId, action: "api_key.revoke", outcome: "revoked", metadata: { key_prefix: row.prefix, name: row.name } });
    await appendEvent(tx, { orgId, type: "api_key.revoked", data: { apiKeyId: row.id } });
    return row;
  });
}
