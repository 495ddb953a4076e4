import { z } from "zod";
import { orgSlugRef } from "./text";

// Vercel project ids (prj_...) and names: letters, digits, dots, dashes and underscores.
const projectId = z.string({ error: "Choose a project." }).trim().regex(/^[A-Za-z0-9._-]{1,100}$/, "Choose a project from the list.");
const TARGETS = ["production", "preview", "development"] as const;

/** A comma-separated list from a form (checkboxes joined by the client), or an array from code. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v), z.array(item));

export const envSyncSchema = z.object({
  orgSlug: orgSlugRef,
  projectId,
  targets: list(z.enum(TARGETS, "Targets are production, preview and development.")).refine((t) => t.length > 0, "Choose at least one target."),
  // Empty: every variable the vault's default credentials provide; else only these.
  names: list(z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/, "Env variable names are upper-case letters, digits and underscores.")).optional(),
});

/** Redeploy the latest production deployment, or deploy the connected repository at a ref. */
export const deploySchema = z.object({
  orgSlug: orgSlugRef,
  projectId,
  mode: z.enum(["redeploy", "git"], "Choose to redeploy or to deploy from git."),
  ref: z.string().trim().max(200, "That ref is too long.").optional(),
  target: z.enum(["production", "preview"], "Deploy to production or preview.").optional(),
}).superRefine((v, ctx) => {
  if (v.mode === "git" && !v.ref) ctx.addIssue({ code: "custom", path: ["ref"], message: "Name a branch, tag or commit." });
});

export const deploymentRefSchema = z.object({ orgSlug: orgSlugRef, deploymentId: z.uuid("No such deployment.") });
