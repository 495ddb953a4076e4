import { z } from "zod";
import { credentialNameSchema } from "./integrations";
import { orgSlugRef as orgSlug, plainText } from "./text";

const providerId = z.string().regex(/^[a-z0-9_]{2,40}$/, "Unknown provider.");

export const connectSessionSchema = z.object({ orgSlug, provider: providerId, name: credentialNameSchema.default("default") });

export const oauthRefSchema = z.object({ orgSlug, integrationId: z.uuid("Unknown connection.") });

export const connectionStatusSchema = z.object({
  orgSlug,
  connectionId: plainText().min(1).max(255),
  /** Database time returned when the session started (see startConnectSession). */
  since: plainText().min(10).max(64).refine((v) => !Number.isNaN(Date.parse(v)), "Unknown start time."),
});
