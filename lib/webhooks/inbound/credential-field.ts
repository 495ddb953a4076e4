import "server-only";
import type { Actor } from "@/lib/audit";
import { writeAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { parseOpenedCredential } from "@/lib/integrations/credential";
import type { IntegrationStatus } from "@/lib/integrations/queries";
import { getProvider } from "@/lib/providers";
import { readSecret, writeSecret } from "@/lib/vault/secrets";
import type { Vault } from "@/lib/vault/vault";

export type FieldResult = { ok: true } | { ok: false; kind: "not_found" | "invalid"; error: string };

/**
 * Sets one field of a stored credential (Stripe's webhook signing secret, returned by Stripe or
 * pasted for an endpoint), inside the caller's transaction: the row is locked, the credential
 * opened, changed, and sealed again for a new secret version, so the ciphertext it replaces stops
 * opening, as with any replacement. The value passes the field's own format check first.
 */
export async function setCredentialField(
  tx: Db, vault: Vault, actor: Actor, ref: { orgId: string; integrationId: string }, field: string, value: string,
): Promise<FieldResult> {
  const { rows } = await tx.query<{ provider: string; name: string; status: IntegrationStatus; fingerprint: string }>(
    `select provider, name, status, fingerprint from integrations where org_id = $1 and id = $2 and auth_type = 'api_key' for update`,
    [ref.orgId, ref.integrationId],
  );
  const row = rows[0];
  const definition = row ? getProvider(row.provider)?.fields.find((f) => f.name === field) : undefined;
  if (!row || !definition) return { ok: false, kind: "not_found", error: "That credential no longer exists." };
  const parsed = definition.schema.safeParse(value);
  if (!parsed.success || !parsed.data) return { ok: false, kind: "invalid", error: parsed.error?.issues[0]?.message ?? `Enter the ${definition.label.toLowerCase()}.` };

  const secretRef = { ...ref, provider: row.provider };
  const sealed = await readSecret(tx, secretRef);
  if (!sealed) return { ok: false, kind: "not_found", error: "That credential no longer exists." };
  const fields = { ...parseOpenedCredential(await vault.open(tx, secretRef, sealed)), [field]: parsed.data };
  const bumped = await tx.query<{ secretVersion: number }>(
    `update integrations set secret_version = secret_version + 1, updated_at = now(),
        details = details || jsonb_build_object($3::text, $4::text)
      where org_id = $1 and id = $2 returning secret_version as "secretVersion"`,
    // The last four characters, as every credential's fingerprint: enough to tell two secrets apart.
    [ref.orgId, ref.integrationId, field, `provided, ends in ${parsed.data.slice(-4)}`],
  );
  await writeSecret(tx, secretRef, await vault.seal(tx, { ...secretRef, secretVersion: bumped.rows[0].secretVersion }, JSON.stringify(fields)));
  await writeAudit(tx, actor, {
    orgId: ref.orgId, action: "integration.store", provider: row.provider, integrationId: ref.integrationId,
    outcome: "field_set", metadata: { name: row.name, fingerprint: row.fingerprint, field },
  });
  await appendEvent(tx, { orgId: ref.orgId, type: "credential.saved", data: { integrationId: ref.integrationId, provider: row.provider, name: row.name, status: row.status, via: "key" } });
  return { ok: true };
}
