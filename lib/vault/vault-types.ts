/** What a sealed credential belongs to; all three are bound into the ciphertext's AAD. */
export type SecretRef = { orgId: string; integrationId: string; provider: string };

/** A SecretRef at one secret version (integrations.secret_version): what a new ciphertext is sealed for. */
export type VersionedSecretRef = SecretRef & { secretVersion: number };

/**
 * One AES-256-GCM ciphertext and what is needed to open it: the integration_secrets columns, and
 * the secret version it is bound to. readSecret takes that version from the integration's row,
 * never from the secrets row, so a ciphertext written back from an earlier version fails to open.
 */
export type SealedSecret = { keyVersion: number; secretVersion: number; iv: Buffer; ciphertext: Buffer; authTag: Buffer };

/**
 * cannot_open, no_org_key and org_key_rejected mean stored data that will not open however often
 * it is tried (a broken credential); kek_failed means the key service could not be used right now
 * (unreachable, throttled, not configured or not permitted), which says nothing about the data.
 */
export type VaultErrorCode = "cannot_open" | "no_org_key" | "org_key_rejected" | "kek_failed" | "no_integration";

/** Vault failures. Messages never contain key material or plaintext, so they are safe to log. */
export class VaultError extends Error {
  override readonly name = "VaultError";
  constructor(
    message: string,
    readonly code: VaultErrorCode,
  ) {
    super(message);
  }
}

/** A credential whose stored data does not open: leave it out and say so, rather than fail everything. */
export const isBrokenCredential = (err: unknown): err is VaultError => {
  const code = vaultCode(err);
  return code === "cannot_open" || code === "no_org_key" || code === "org_key_rejected";
};

/** The key service could not unwrap an org key just now: retry later; no credential is known to be bad. */
export const isKeyServiceDown = (err: unknown): err is VaultError => vaultCode(err) === "kek_failed";

/**
 * A VaultError's code, by name rather than instanceof: the vault is created once per process
 * (lib/vault/index.ts, first from instrumentation.ts), and Next bundles this module separately
 * into each route, so the class that threw is often not the class a route would compare with.
 */
function vaultCode(err: unknown): VaultErrorCode | undefined {
  if (!(err instanceof Error) || err.name !== "VaultError") return undefined;
  return (err as { code?: VaultErrorCode }).code;
}

/** What a write that needed the key service (sealing, or opening a stored credential) answers while it is out of reach. */
export const KEY_SERVICE_UNAVAILABLE =
  "The key service is unavailable, so nothing was stored or changed. Try again in a minute; if it persists, an operator should check the key-encryption key (KMS_KEY_ID and its AWS access, or the keyring in DATA_DIR).";
