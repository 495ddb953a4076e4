import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/types";
import { WrappedKeyRejected, type KeyEncryptionKey } from "./kek";
import { KeyCache } from "./key-cache";
import { insertFirstOrgKey, latestOrgKey, readOrgKey, type OrgKeyRow } from "./org-keys";
import { VaultError, type SealedSecret, type SecretRef, type VersionedSecretRef } from "./vault-types";

export { isBrokenCredential, isKeyServiceDown, VaultError, type SealedSecret, type SecretRef, type VersionedSecretRef } from "./vault-types";

/** Envelope encryption of credentials. Crypto and key storage only: callers write the audit events. */
export interface Vault {
  /** Seals for one secret version of the row: the version upsertIntegration just gave it. */
  seal(db: Db, ref: VersionedSecretRef, plaintext: string): Promise<SealedSecret>;
  open(db: Db, ref: SecretRef, sealed: SealedSecret): Promise<string>;
  /** Drops (and zeroes) every cached org key, e.g. after a KEK rotation. */
  clearCache(): void;
}

export type VaultOptions = { kek: KeyEncryptionKey; cacheTtlMs: number; maxCachedKeys?: number };

/**
 * AAD for a credential: a versioned, unambiguous (JSON array) encoding of org, integration row,
 * provider and secret version. GCM authenticates it, so a ciphertext copied to another row, org or
 * provider fails to open instead of decrypting as someone else's credential, and so does an
 * earlier ciphertext of the same row put back after a replacement (the version moved on).
 * Secret version 0 marks ciphertexts sealed before versions existed: they keep the original
 * shape (v1, no version) so they still open, and no ciphertext of version 1 or later has it.
 */
export function secretAad(ref: SecretRef, secretVersion: number): Buffer {
  const fields = secretVersion === 0
    ? ["switchboard/integration-secret/v1", ref.orgId.toLowerCase(), ref.integrationId.toLowerCase(), ref.provider]
    : ["switchboard/integration-secret/v2", ref.orgId.toLowerCase(), ref.integrationId.toLowerCase(), ref.provider, secretVersion];
  return Buffer.from(JSON.stringify(fields), "utf8");
}

export function createVault({ kek, cacheTtlMs, maxCachedKeys = 1000 }: VaultOptions): Vault {
  const cache = new KeyCache(cacheTtlMs, maxCachedKeys);

  async function unwrapRow(row: OrgKeyRow): Promise<Buffer> {
    const key = await kek.unwrap(row.wrappedKey, row.kekId).catch((err: unknown) => {
      throw new VaultError(`Org key version ${row.version} could not be unwrapped with ${row.kekId}: ${describeError(err)}`,
        err instanceof WrappedKeyRejected ? "org_key_rejected" : "kek_failed");
    });
    if (key.length === 32) return key;
    key.fill(0);
    throw new VaultError(`Org key version ${row.version} unwrapped to the wrong length.`, "kek_failed");
  }

  /**
   * Runs `use` with the org's data key. Given `known` (the caller has read the row), a cached key
   * is used only if it came from exactly those wrapped bytes; otherwise a warm cache answers with
   * no database or KEK call. On a miss each caller reads the row on its own connection and only
   * the unwrap is shared: sharing the read would deadlock PGlite when a caller inside a
   * transaction joined a read queued behind that same transaction.
   */
  async function withOrgKey<T>(db: Db, orgId: string, version: number, use: (key: Buffer) => T, known?: OrgKeyRow): Promise<T> {
    const id = `${orgId}:${version}`;
    for (let attempt = 0; attempt < 5; attempt++) {
      let entry = cache.lookup(id, known?.wrappedKey);
      if (!entry) {
        const row = known ?? (await readOrgKey(db, orgId, version));
        if (!row) throw new VaultError(`This org has no data key version ${version}.`, "no_org_key");
        entry = cache.lookup(id, row.wrappedKey) ?? cache.start(id, row.wrappedKey, () => unwrapRow(row));
      }
      // Warm keys are used without awaiting: unsealing is then about as fast as raw AES-GCM (bench (b)).
      const result = KeyCache.useSettled(entry, use) ?? (await KeyCache.use(entry, use));
      if (result.ok) return result.value;
    }
    throw new VaultError("The org key was evicted repeatedly while in use; try again.", "kek_failed");
  }

  /** Version 1 of the org key: generated, wrapped, inserted unless a concurrent creator won. */
  async function createOrgKey(db: Db, orgId: string): Promise<{ key: Buffer } | { row: OrgKeyRow }> {
    const key = randomBytes(32);
    try {
      const wrapped = await kek.wrap(key).catch((err: unknown) => {
        throw new VaultError(`A new org key could not be wrapped with ${kek.id}: ${describeError(err)}`, "kek_failed");
      });
      if (await insertFirstOrgKey(db, orgId, kek.id, wrapped)) return { key: Buffer.from(key) };
    } finally {
      key.fill(0);
    }
    // Lost the race: re-read so every creator seals under the one key that was stored.
    const row = await readOrgKey(db, orgId, 1);
    if (!row) throw new VaultError("The org key could not be created.", "no_org_key");
    return { row };
  }

  return {
    async seal(db, ref, plaintext) {
      const { secretVersion } = ref;
      const aad = secretAad(ref, secretVersion);
      let row = await latestOrgKey(db, ref.orgId);
      if (!row) {
        const created = await createOrgKey(db, ref.orgId);
        if ("row" in created) row = created.row;
        else {
          // Not cached: the new org_keys row may still roll back with the caller's transaction,
          // and a cached key for a row that never committed would seal credentials nobody can open.
          try {
            return encrypt(created.key, 1, secretVersion, aad, plaintext);
          } finally {
            created.key.fill(0);
          }
        }
      }
      const current = row;
      return withOrgKey(db, ref.orgId, row.version, (key) => encrypt(key, current.version, secretVersion, aad, plaintext), current);
    },

    async open(db, ref, sealed) {
      const aad = secretAad(ref, sealed.secretVersion);
      const attempt = (known?: OrgKeyRow) => withOrgKey(db, ref.orgId, sealed.keyVersion, (key) => decrypt(key, aad, sealed), known);
      let text = await attempt();
      if (text === undefined) {
        // Before calling the ciphertext bad, rule out a stale cached key (one cached from an
        // org_keys row whose transaction later rolled back): check against the stored row.
        const row = await readOrgKey(db, ref.orgId, sealed.keyVersion);
        if (row) text = await attempt(row);
      }
      if (text === undefined) {
        throw new VaultError("This credential could not be decrypted: it was altered, put back from an earlier version, or belongs to another integration, org or provider.", "cannot_open");
      }
      return text;
    },

    clearCache: () => cache.clear(),
  };
}

// 96-bit random IVs, the size GCM is specified for. One key per org and credentials entered by
// people keep the number of seals per key far below the 2^32 bound for random IVs.
function encrypt(key: Buffer, keyVersion: number, secretVersion: number, aad: Buffer, plaintext: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(aad);
  const data = Buffer.from(plaintext, "utf8");
  try {
    const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
    return { keyVersion, secretVersion, iv, ciphertext, authTag: cipher.getAuthTag() };
  } finally {
    data.fill(0);
  }
}

/** The plaintext, or undefined when authentication fails. Nothing is returned before final() verifies the tag. */
function decrypt(key: Buffer, aad: Buffer, sealed: SealedSecret): string | undefined {
  if (sealed.iv.length !== 12 || sealed.authTag.length !== 16) return undefined;
  // authTagLength pins the full 16-byte tag: GCM otherwise accepts truncated, forgeable tags.
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.iv, { authTagLength: 16 }).setAAD(aad);
  decipher.setAuthTag(sealed.authTag);
  const head = decipher.update(sealed.ciphertext);
  try {
    const plaintext = Buffer.concat([head, decipher.final()]);
    const text = plaintext.toString("utf8");
    plaintext.fill(0);
    return text;
  } catch {
    return undefined;
  } finally {
    head.fill(0);
  }
}

/** KEK errors (KMS, keyring) carry no key material; keep their name and first line for operators. */
const describeError = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message.split("\n")[0].slice(0, 200)}` : "unknown error");
