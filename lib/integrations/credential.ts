import type { CredentialField, ProviderDefinition } from "@/lib/providers/types";
import { VaultError } from "@/lib/vault/vault-types";
import { hasUnsafeCharacters } from "@/lib/zod/text";

export type FieldErrors = Record<string, string[]>;

/**
 * The longest value a field takes, far above every real format: keys and tokens run to a few
 * hundred characters (an AWS session token with session tags to a few KB), a service-account
 * file to about 2.5 KB. Anything longer is a paste gone wrong, and would travel in a header.
 */
export const FIELD_MAX_CHARS: Record<CredentialField["kind"], number> = { secret: 8192, text: 8192, json: 32768 };

/** The sentence for a value no provider issues, checked before the provider's own format check. */
function unusable(field: CredentialField, value: string): string | null {
  const label = field.label.toLowerCase();
  const max = FIELD_MAX_CHARS[field.kind];
  if (value.length > max) return `This is longer than any real ${label} (at most ${max.toLocaleString("en")} characters); paste only the ${label}.`;
  if (hasUnsafeCharacters(value, field.kind === "json")) return `The ${label} contains a control character (such as a NUL byte${field.kind === "json" ? "" : " or a line break"}); copy it again.`;
  return null;
}

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
    const refused = unusable(field, value);
    if (refused) {
      fieldErrors[field.name] = [refused];
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
