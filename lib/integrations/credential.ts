import type { ProviderDefinition } from "@/lib/providers/types";

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
