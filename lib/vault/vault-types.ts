/** What a sealed credential belongs to; all three are bound into the ciphertext's AAD. */
export type SecretRef = { orgId: string; integrationId: string; provider: string };

/** One AES-256-GCM ciphertext and what is needed to open it (the integration_secrets columns). */
export type SealedSecret = { keyVersion: number; iv: Buffer; ciphertext: Buffer; authTag: Buffer };

export type VaultErrorCode = "cannot_open" | "no_org_key" | "kek_failed" | "no_integration";

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
