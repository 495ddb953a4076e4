import type { ProviderDefinition } from "@/lib/providers/types";
import { VaultError } from "@/lib/vault/vault-types";

export type FieldErrors = Record<string, string[]>;

/**
 * Runs each field's local format check. Free and instant, so it always comes before any call.
 * Returns the normalised credential, or per-field sentences.
 */
export function parseCredential(
  provider: ProviderDefinition, raw: Record<string, unknown>,
): { ok: true; credential: Record<string, string> } | { ok: false; fieldErrors: FieldErrors } {
  const credential: Record<string, string> = {};
  const fieldErrors: FieldErrors = {};
  for (const field of provider.fields) {
    const value = typeof raw[field.name] === "string" ? (raw[field.name] as string).trim() : "";
    if (!value) {
      if (!field.optional) fieldErrors[field.name] = [`Enter the ${field.label.toLowerCase()}.`];
      continue;
    }
    const parsed = field.schema.safeParse(value);
    if (parsed.success) credential[field.name] = parsed.data;
    else fieldErrors[field.name] = parsed.error.issues.map((i) => i.message);
  }
  return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, credential };
}

/**
 * A decrypted credential back into its fields. JSON.parse quotes its input in its error message,
 * and the input is a secret: a corrupt plaintext must fail with a fixed sentence instead.
 */
export function parseOpenedCredential(plaintext: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(plaintext);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, string>;
  } catch {
    // fall through to the fixed error below
  }
  // cannot_open: like a ciphertext that fails its tag, this credential is broken, not the vault.
  throw new VaultError("A stored credential could not be read back after decryption.", "cannot_open");
}
