import { z } from "zod";
import { orgSlugRef as orgSlug } from "./text";

/** What a credential name may contain, in words; \w is ASCII letters, digits and the underscore. */
export const CREDENTIAL_NAME_RULE = "Use letters, digits, spaces, underscores, dots, dashes and round brackets.";

export const credentialNameSchema = z
  .string()
  .trim()
  .min(1, "Name this credential.")
  .max(80, "Use at most 80 characters.")
  // "*", not "+": zod runs every check, and an empty name is the min rule's to refuse, so the
  // field shows that one sentence rather than it and the character rule together.
  .regex(/^[\w .\-()]*$/, CREDENTIAL_NAME_RULE);

const providerId = z.string().regex(/^[a-z0-9_]{2,40}$/, "Unknown provider.");
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

// Credential fields vary per provider: they are prefixed "field." in the form and checked
// against the provider's own definition after this first parse.
export const setupIntegrationSchema = z
  .object({
    orgSlug,
    provider: providerId,
    name: credentialNameSchema.default("default"),
    skipValidation: checkbox.default(false),
  })
  .catchall(z.unknown());

export const integrationRefSchema = z.object({
  orgSlug,
  provider: providerId,
  integrationId: z.uuid("Unknown credential."),
});

export const renameIntegrationSchema = integrationRefSchema.extend({ name: credentialNameSchema });

export const notificationRefSchema = z.object({ orgSlug, notificationId: z.uuid("Unknown notification.") });
