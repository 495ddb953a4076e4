import { z } from "zod";
import { readBodyText } from "@/lib/net/read-body";
import type { ProviderDefinition } from "@/lib/providers/types";
import { credentialNameSchema } from "@/lib/zod/integrations";
import { plainText } from "@/lib/zod/text";
import { apiError } from "./errors";

const MAX_BODY_BYTES = 64 * 1024;

const metadataSchema = z
  .record(plainText().max(100), z.union([plainText().max(500), z.number(), z.boolean(), z.null()]), "metadata must be an object of short strings, numbers or booleans.")
  .refine((m) => Object.keys(m).length <= 20, "metadata may hold at most 20 entries.");

const bodySchema = z.object({
  credential: z.union([z.string(), z.record(z.string(), z.unknown())], "credential must be a string, or an object of the provider's fields."),
  credential_name: credentialNameSchema.default("default"),
  metadata: metadataSchema.optional(),
  skip_validation: z.boolean("skip_validation must be true or false.").default(false),
  clear_fields: z.array(z.string().max(40), "clear_fields must be an array of field names.").max(10).default([]),
});

export interface SetupBody {
  name: string;
  credential: Record<string, unknown>;
  skipValidation: boolean;
  metadata?: Record<string, unknown>;
  /** Kept fields to remove from the credential this one replaces (SetupInput.clearFields). */
  clearFields: string[];
}

/** Reads a JSON body, refusing a wrong content, size or shape with a 400 rather than throwing. */
export async function readJson(req: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await readBodyText(req, MAX_BODY_BYTES);
  if (text === null) return { ok: false, response: apiError("invalid_request", "The request body is larger than 64 KB.") };
  try {
    return { ok: true, value: text.trim() === "" ? {} : JSON.parse(text) };
  } catch {
    return { ok: false, response: apiError("invalid_json", "The request body is not valid JSON.") };
  }
}

/**
 * The setup body as the service takes it. `credential` is a string for a one-field provider, or
 * an object of the provider's field names; a service-account file may also come as the object
 * itself. The provider's own format checks run later, in the service, exactly as for the UI.
 */
export function parseSetupBody(provider: ProviderDefinition, raw: unknown): { ok: true; body: SetupBody } | { ok: false; response: Response } {
  const parsed = bodySchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fields[String(issue.path[0] ?? "body")] ??= []).push(issue.message);
    return { ok: false, response: apiError("invalid_request", "Check the highlighted fields.", { fields }) };
  }
  const { credential, credential_name, skip_validation, metadata, clear_fields } = parsed.data;
  const mapped = mapCredential(provider, credential);
  if (typeof mapped === "string") return { ok: false, response: apiError("invalid_request", mapped, { fields: { credential: [mapped] } }) };
  // Only a field a blank would keep can be cleared; naming another is a mistake worth saying.
  const keepable = provider.fields.filter((f) => f.keptWhenBlank).map((f) => f.name);
  const stray = clear_fields.find((f) => !keepable.includes(f));
  if (stray !== undefined) {
    const said = `clear_fields: "${stray.slice(0, 40)}" is not a field ${provider.name} keeps when left blank${keepable.length ? ` (${keepable.join(", ")})` : ""}.`;
    return { ok: false, response: apiError("invalid_request", said, { fields: { clear_fields: [said] } }) };
  }
  return { ok: true, body: { name: credential_name, credential: mapped, skipValidation: skip_validation, metadata, clearFields: clear_fields } };
}

function mapCredential(provider: ProviderDefinition, credential: string | Record<string, unknown>): Record<string, unknown> | string {
  const names = provider.fields.map((f) => f.name);
  if (names.length === 0) return `${provider.name} connects by OAuth only; there is no key to send.`;
  const [only] = provider.fields;
  if (typeof credential === "string") {
    if (names.length === 1) return { [only.name]: credential };
    return `${provider.name} takes several fields: send credential as an object with ${names.join(", ")}.`;
  }
  if (names.length === 1 && only.kind === "json" && !(only.name in credential)) return { [only.name]: JSON.stringify(credential) };
  const unknown = Object.keys(credential).filter((k) => !names.includes(k));
  if (unknown.length) return `Unknown credential field ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(", ")}; ${provider.name} takes ${names.join(", ")}.`;
  const notText = names.find((n) => credential[n] !== undefined && typeof credential[n] !== "string");
  if (notText) return `credential.${notText} must be a string.`;
  return credential;
}
