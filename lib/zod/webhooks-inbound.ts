import { z } from "zod";
import { orgSlugRef as orgSlug } from "./text";

const headerName = z.string().trim().toLowerCase().regex(/^[a-z0-9-]{1,64}$/, "A header name: letters, digits and dashes, at most 64.");
const optionalHeader = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), headerName.optional());

/** Creating an inbound endpoint: a credential of the org, a scheme its provider signs with, and a name. */
export const createInboundEndpointSchema = z
  .object({
    orgSlug,
    integrationId: z.uuid("Choose a credential."),
    scheme: z.enum(["stripe", "github", "hmac_sha256", "standard_webhooks"], "Choose how the sender signs."),
    name: z.string().trim().min(1, "Name this endpoint.").max(80, "Use at most 80 characters.").regex(/^[\w .\-()]+$/, "Use letters, digits, spaces, underscores, dots, dashes and round brackets."),
    signatureHeader: optionalHeader,
    signatureEncoding: z.enum(["hex", "base64"]).optional(),
    idHeader: optionalHeader,
  })
  .superRefine((v, ctx) => {
    if (v.scheme !== "hmac_sha256") return;
    if (!v.signatureHeader) ctx.addIssue({ code: "custom", path: ["signatureHeader"], message: "Name the header the signature arrives in (for example x-signature)." });
    if (!v.signatureEncoding) ctx.addIssue({ code: "custom", path: ["signatureEncoding"], message: "Choose hex or base64." });
  });

export const inboundEndpointRefSchema = z.object({ orgSlug, endpointId: z.uuid("Unknown endpoint.") });
