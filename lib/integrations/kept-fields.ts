import "server-only";
import type { Db } from "@/lib/db/types";
import type { ProviderDefinition } from "@/lib/providers/types";
import { readSecret } from "@/lib/vault/secrets";
import { isBrokenCredential, type Vault } from "@/lib/vault/vault";
import { parseOpenedCredential } from "./credential";

/** The credential this save replaces, as stored: what a blank kept field falls back on. */
export interface Replaced {
  integrationId: string;
  secretVersion: number;
  fields: Record<string, string>;
}

/**
 * The stored credential of this org, provider and name, opened; null for a new name, an OAuth
 * connection, or a ciphertext that no longer opens (replacing it is how that gets mended, so it
 * keeps nothing). With forUpdate, inside the saving transaction, the row stays locked until commit.
 */
export async function readReplaced(
  db: Db, vault: Vault, orgId: string, provider: ProviderDefinition, name: string, forUpdate = false,
): Promise<Replaced | null> {
  if (!provider.fields.some((f) => f.keptWhenBlank)) return null;
  const { rows } = await db.query<{ id: string; secretVersion: number }>(
    `select id, secret_version as "secretVersion" from integrations
      where org_id = $1 and provider = $2 and lower(name) = lower($3) and auth_type = 'api_key'${forUpdate ? " for update" : ""}`,
    [orgId, provider.id, name],
  );
  const row = rows[0];
  if (!row) return null;
  const ref = { orgId, integrationId: row.id, provider: provider.id };
  const sealed = await readSecret(db, ref);
  if (!sealed) return null;
  try {
    return { integrationId: row.id, secretVersion: row.secretVersion, fields: parseOpenedCredential(await vault.open(db, ref, sealed)) };
  } catch (err) {
    if (!isBrokenCredential(err)) throw err;
    return null;
  }
}

/** The credential to store, and the names (never values) of the stored fields it kept or cleared. */
export interface Merged { credential: Record<string, string>; kept: string[]; cleared: string[] }

/**
 * The new credential with each kept field (keptWhenBlank) that was left blank filled in from the
 * replaced one, unless the caller cleared it or a field it belongs to changed. Names the fields
 * kept, and those cleared: stored, left blank and dropped because the caller asked.
 */
export function keepBlankFields(
  provider: ProviderDefinition, fresh: Record<string, string>, replaced: Replaced | null, clear: readonly string[] = [],
): Merged {
  const credential = { ...fresh };
  const kept: string[] = [];
  const cleared: string[] = [];
  if (!replaced) return { credential, kept, cleared };
  for (const field of provider.fields) {
    const stored = replaced.fields[field.name];
    if (!field.keptWhenBlank || fresh[field.name] || !stored) continue;
    if (clear.includes(field.name)) {
      cleared.push(field.name);
      continue;
    }
    const same = field.keptWhenBlank.whileSame.every((other) => (fresh[other] ?? "") === (replaced.fields[other] ?? ""));
    if (!same) continue;
    credential[field.name] = stored;
    kept.push(field.name);
  }
  return { credential, kept, cleared };
}
