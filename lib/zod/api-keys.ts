import { z } from "zod";
import { SCOPES } from "@/lib/api/keys";
import { orgSlugRef as orgSlug, plainText } from "./text";

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const EXPIRY_CHOICES = ["7", "30", "90", "365", "never"] as const;

// Scopes arrive as one checkbox each (scope.read, …): FormData flattened to an object keeps only
// one value per name, so a multi-value "scopes" field would lose all but the last.
export const createApiKeySchema = z
  .object({
    orgSlug,
    name: plainText().min(1, "Name this key, e.g. after where it will be used.").max(80, "Use at most 80 characters."),
    "scope.read": checkbox.default(false),
    "scope.write": checkbox.default(false),
    "scope.export": checkbox.default(false),
    "scope.request": checkbox.default(false),
    expiresInDays: z.enum(EXPIRY_CHOICES, "Choose when the key expires.").default("90"),
  })
  .refine((v) => SCOPES.some((s) => v[`scope.${s}`]), { path: ["scopes"], message: "Give the key at least one scope." });

export const apiKeyRefSchema = z.object({ orgSlug, keyId: z.uuid("Unknown API key.") });
