import { z } from "zod";

// Top-level paths the app owns: an org with one of these slugs would shadow a route.
export const RESERVED_SLUGS = new Set([
  "api", "app", "admin", "auth", "orgs", "org", "new", "settings", "sign-in", "sign-up", "sign-out",
  "login", "logout", "signin", "signup", "register", "account", "health", "static", "public", "assets",
  "status", "favicon.ico", "robots.txt", "sitemap.xml", "_next", "docs", "help", "support", "billing", "integrations",
]);

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters.")
  .max(40, "Use at most 40 characters.")
  .regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, "Use lowercase letters, digits and dashes, starting and ending with a letter or digit.")
  .refine((s) => !RESERVED_SLUGS.has(s), "That address is reserved by Switchboard; pick another.");

export function suggestSlug(name: string): string {
  return name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
}
