import type { Actor } from "@/lib/audit";
import { writeAudit } from "@/lib/audit";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Db } from "@/lib/db/types";
import { getIntegration } from "./queries";
import { appendEvent } from "@/lib/events/append";
import { fulfilPendingRequests } from "@/lib/requests/queries";

/** Named credentials: several per provider, exactly one of them the default. */

/** duplicate: taken is the stored spelling of the name, which may differ from the one asked for in letter case only. */
export type RenameResult = { kind: "renamed" } | { kind: "unchanged" } | { kind: "not_found" } | { kind: "duplicate"; taken: string };

/**
 * Renames a credential; the unique index on (org, provider, lower(name)) decides duplicates, so a
 * race cannot slip past. A change of letter case alone renames the credential itself.
 */
export async function renameIntegration(
  db: Db, actor: Actor, orgId: string, provider: string, integrationId: string, name: string,
): Promise<RenameResult> {
  try {
    return await db.transaction(async (tx) => {
      const row = await getIntegration(tx, orgId, integrationId);
      if (!row || row.provider !== provider) return { kind: "not_found" } as const;
      if (row.name === name) return { kind: "unchanged" } as const;
      await tx.query(`update integrations set name = $3, updated_at = now() where org_id = $1 and id = $2`, [orgId, integrationId, name]);
      await writeAudit(tx, actor, {
        orgId, action: "integration.rename", provider: row.provider, integrationId, outcome: "renamed",
        metadata: { fingerprint: row.fingerprint, from: row.name, name },
      });
      await appendEvent(tx, { orgId, type: "credential.renamed", data: { integrationId, provider: row.provider, name, from: row.name } });
      return { kind: "renamed" } as const;
    });
  } catch (err) {
    if (!isUniqueViolation(err, "integrations_name_ignoring_case")) throw err;
    const { rows } = await db.query<{ name: string }>(
      `select name from integrations where org_id = $1 and provider = $2 and lower(name) = lower($3)`, [orgId, provider, name]);
    return { kind: "duplicate", taken: rows[0]?.name ?? name };
  }
}

export type SetDefaultResult = { kind: "switched"; previous: string | null } | { kind: "unchanged" } | { kind: "not_found" };

/**
 * Makes one credential its provider's default, in one transaction. The partial unique index
 * allows one default at a time and is checked per statement, so the old default is cleared
 * first; locking the provider's rows first makes concurrent switches queue instead of colliding.
 */
export async function setDefaultIntegration(db: Db, actor: Actor, orgId: string, provider: string, integrationId: string): Promise<SetDefaultResult> {
  return db.transaction(async (tx) => {
    const row = await getIntegration(tx, orgId, integrationId);
    if (!row || row.provider !== provider) return { kind: "not_found" };
    const { rows: locked } = await tx.query<{ id: string; name: string; isDefault: boolean }>(
      `select id, name, is_default as "isDefault" from integrations where org_id = $1 and provider = $2 order by id for update`,
      [orgId, row.provider],
    );
    const current = locked.find((r) => r.isDefault);
    if (!locked.some((r) => r.id === integrationId)) return { kind: "not_found" };
    if (current?.id === integrationId) return { kind: "unchanged" };
    await tx.query(`update integrations set is_default = false, updated_at = now() where org_id = $1 and provider = $2 and is_default`, [orgId, row.provider]);
    await tx.query(`update integrations set is_default = true, updated_at = now() where org_id = $1 and id = $2`, [orgId, integrationId]);
    await writeAudit(tx, actor, {
      orgId, action: "integration.set_default", provider: row.provider, integrationId, outcome: "switched",
      metadata: { fingerprint: row.fingerprint, name: row.name, previous: current?.name ?? null },
    });
    await appendEvent(tx, { orgId, type: "credential.default_changed", data: { integrationId, provider: row.provider, name: row.name, previous: current?.name ?? null } });
    // Now what pull exports: if it is Valid, it answers the provider's pending requests.
    await fulfilPendingRequests(tx, actor, { orgId, provider: row.provider, integrationId, name: row.name });
    return { kind: "switched", previous: current?.name ?? null };
  });
}
