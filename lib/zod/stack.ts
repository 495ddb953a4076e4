import { z } from "zod";
import { hasUnsafeCharacters } from "./text";

/** A pasted package.json of a real app fits well within this; more is not a description. */
export const MAX_DESCRIPTION_CHARS = 32_000;

export const descriptionSchema = z
  .string("description must be a string.")
  .trim()
  .min(1, "Describe the app, or paste its package.json or .env.example.")
  .max(MAX_DESCRIPTION_CHARS, `Keep it under ${MAX_DESCRIPTION_CHARS.toLocaleString("en-US")} characters: paste the dependencies or the env names rather than whole files.`)
  // Line breaks and tabs are the point of a pasted file; NULs and direction overrides are not.
  .refine((v) => !hasUnsafeCharacters(v, true), "Use only printable characters, line breaks and tabs.");
