import { z } from "zod";
import { DEFAULT_EXPIRY_MINUTES, MAX_EXPIRY_MINUTES } from "@/lib/requests/types";
import { hasUnsafeCharacters, orgSlugRef } from "./text";

export const reasonSchema = z
  .string({ error: "Say why the credential is needed, in a sentence." })
  .trim()
  .min(3, "Say why the credential is needed, in a sentence.")
  .max(280, "Keep the reason to 280 characters.")
  .refine((v) => !hasUnsafeCharacters(v), "The reason must be one line of plain text, without control characters or text-direction controls.");

const providerId = z.string().trim().toLowerCase().regex(/^[a-z0-9_]{2,40}$/, "Name a provider id from the catalog, e.g. openai.");
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/, "Env variable names are upper-case letters, digits and underscores.");

/** The body of POST /api/v1/requests/{org}: snake_case, like the rest of the API. */
export const createRequestBody = z.strictObject({
  provider: providerId.optional(),
  providers: z.array(providerId).min(1).max(10, "Ask for at most 10 providers at once.").optional(),
  reason: reasonSchema,
  context: z.strictObject({
    label: z.string().trim().min(1).max(80, "Keep the label to 80 characters.")
      .refine((v) => !hasUnsafeCharacters(v), "The label must be plain text, without control characters or text-direction controls.").optional(),
    env: z.array(envName).max(20, "Name at most 20 env variables.").optional(),
  }).optional(),
  expires_in_minutes: z.number({ error: "expires_in_minutes must be a number of minutes." }).int("Use a whole number of minutes.")
    .min(1, "A request lasts at least 1 minute.").max(MAX_EXPIRY_MINUTES, "A request lasts at most 7 days (10080 minutes).")
    .default(DEFAULT_EXPIRY_MINUTES),
  callback_url: z.string().max(2000, "The callback URL is too long.").optional(),
}).refine((b) => Boolean(b.provider) !== Boolean(b.providers), { message: "Send either provider or providers.", path: ["provider"] });

export type CreateRequestBody = z.output<typeof createRequestBody>;

// Looked up, never stored, but it still reaches a query: no control characters (lib/zod/text.ts).
const orgSlug = orgSlugRef;
const requestId = z.uuid("Unknown request.");

export const requestRefSchema = z.object({ orgSlug, requestId });
export const fulfilWithExistingSchema = z.object({ orgSlug, requestId, integrationId: z.uuid("Pick a credential.") });
