import { z } from "zod";
import { orgSlugRef as orgSlug, plainText } from "./text";

const uuid = z.string().uuid("Unknown credential.");
const workers = (label: string) => z.coerce.number({ error: `${label} is a whole number.` }).int(`${label} is a whole number.`).min(0, `${label} is 0 or more.`).max(50, `${label} is at most 50 here; ask RunPod for a higher quota first.`);

/**
 * A new serverless endpoint as the form sends it. Credentials whose values go into its env are
 * checkboxes named `credential.<integration id>`: only ids travel, never a value.
 */
export const createRunpodEndpointSchema = z
  .object({
    orgSlug,
    name: plainText().min(1, "Name the endpoint.").max(60, "Use at most 60 characters.").regex(/^[\w .-]+$/, "Use letters, digits, spaces, dots, dashes and underscores."),
    source: z.enum(["template", "image"], { error: "Choose a template or a container image." }),
    templateId: z.string().trim().max(64).regex(/^[A-Za-z0-9_-]*$/, "A template id is letters, digits, - and _ only.").default(""),
    image: z.string().trim().max(300).regex(/^[a-z0-9][a-z0-9._\-/:@]*$|^$/, "Give an image reference such as runpod/worker-vllm:stable-cuda12.1.0.").default(""),
    gpuTypeId: plainText().min(1, "Choose a GPU in the table above.").max(100),
    gpuCount: z.coerce.number().int().min(1, "At least one GPU per worker.").max(8, "At most 8 GPUs per worker.").default(1),
    workersMin: workers("Minimum workers"),
    workersMax: workers("Maximum workers"),
  })
  .catchall(z.unknown())
  .superRefine((v, ctx) => {
    if (v.source === "template" && !v.templateId) ctx.addIssue({ code: "custom", path: ["templateId"], message: "Give the template id, or choose a container image." });
    if (v.source === "image" && !v.image) ctx.addIssue({ code: "custom", path: ["image"], message: "Give the container image, or choose a template." });
    if (v.workersMax < 1) ctx.addIssue({ code: "custom", path: ["workersMax"], message: "At least one worker, or the endpoint can never run." });
    if (v.workersMin > v.workersMax) ctx.addIssue({ code: "custom", path: ["workersMin"], message: "The minimum cannot exceed the maximum." });
  });

/** The integration ids ticked in the form, each checked to be an id (the action checks they are the org's). */
export function chosenCredentialIds(input: Record<string, unknown>): { ok: true; ids: string[] } | { ok: false; error: string } {
  const ids = Object.entries(input)
    .filter(([k, on]) => k.startsWith("credential.") && (on === "on" || on === "true" || on === true))
    .map(([k]) => k.slice("credential.".length));
  if (ids.length > 40) return { ok: false, error: "Choose at most 40 credentials." };
  if (!ids.every((id) => uuid.safeParse(id).success)) return { ok: false, error: "One of the chosen credentials is unknown; reload the page." };
  return { ok: true, ids };
}

export const deleteRunpodEndpointSchema = z.object({ orgSlug, deploymentId: z.string().uuid("Unknown endpoint.") });
