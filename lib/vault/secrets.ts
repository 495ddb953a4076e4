import "server-only";
import type { Db } from "@/lib/db/types";
import { toBuffer } from "./org-keys";
import { VaultError, type SealedSecret, type SecretRef } from "./vault-types";

// Store and read sealed credentials in integration_secrets. The Db comes first and may be the
// caller's transaction, so the secret and its audit event commit or roll back together.

/**
 * Upserts the sealed secret for ref.integrationId. The insert selects from integrations so a
 * secret can only land on a row of the org and provider it was sealed for, at the secret version
 * it was sealed for: any other row or version could never open it (the AAD binds all four), and
 * a silent mismatch would lose the credential.
 */
export async function writeSecret(db: Db, ref: SecretRef, sealed: SealedSecret): Promise<void> {
  const { rows } = await db.query(
    `insert into public.integration_secrets (integration_id, org_id, key_version, iv, ciphertext, auth_tag)
     select i.id, i.org_id, $4::int, $5::bytea, $6::bytea, $7::bytea from public.integrations i
     where i.id = $1 and i.org_id = $2 and i.provider = $3 and i.secret_version = $8
     on conflict (integration_id) do update set key_version = excluded.key_version, iv = excluded.iv,
       ciphertext = excluded.ciphertext, auth_tag = excluded.auth_tag, created_at = now()
     returning integration_id`,
    [ref.integrationId, ref.orgId, ref.provider, sealed.keyVersion, sealed.iv, sealed.ciphertext, sealed.authTag, sealed.secretVersion],
  );
  if (rows.length !== 1) throw new VaultError("No integration matches this org, provider and secret version; the secret was not stored.", "no_integration");
}

/**
 * The sealed secret of one integration, or null when none is stored; scoped by org as well as id.
 * Its secret version comes from the integration's row, not the secrets row: see SealedSecret.
 */
export async function readSecret(db: Db, ref: { orgId: string; integrationId: string }): Promise<SealedSecret | null> {
  const { rows } = await db.query<SealedColumns>(
    `select ${sealedColumns("s", "i")} from public.integration_secrets s
       join public.integrations i on i.id = s.integration_id and i.org_id = s.org_id
      where s.org_id = $1 and s.integration_id = $2`,
    [ref.orgId, ref.integrationId],
  );
  return sealedFrom(rows[0]);
}

/** What a sealed secret is read as: for statements that read one alongside other work. */
export interface SealedColumns {
  key_version: number | null;
  secret_version: number | null;
  iv: Uint8Array | null;
  ciphertext: Uint8Array | null;
  auth_tag: Uint8Array | null;
}

/** The columns of SealedColumns, from integration_secrets `s` and its integrations row `i`. */
export const sealedColumns = (s: string, i: string) => `${s}.key_version, ${i}.secret_version, ${s}.iv, ${s}.ciphertext, ${s}.auth_tag`;

/** The sealed secret those columns hold, or null when they are empty (no secret stored). */
export function sealedFrom(r: SealedColumns | undefined): SealedSecret | null {
  if (!r || r.key_version == null || r.secret_version == null || !r.iv || !r.ciphertext || !r.auth_tag) return null;
  return { keyVersion: r.key_version, secretVersion: r.secret_version, iv: toBuffer(r.iv), ciphertext: toBuffer(r.ciphertext), authTag: toBuffer(r.auth_tag) };
}
