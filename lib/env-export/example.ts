import type { ProviderDefinition } from "@/lib/providers/types";
import { comment } from "./format";

/**
 * .env.example: every variable of the given providers, empty, each with a comment saying what
 * it is and where to get one. Holds no secret, so any member may download it.
 */
export function buildEnvExample(slug: string, providers: readonly ProviderDefinition[]): string {
  const lines = [
    comment(`Variables this app reads, from the integrations of ${slug} in Switchboard.`),
    comment(`Copy to .env and fill in, or run: node ~/switchboard.cjs pull --org ${slug} (get the tool under Settings, Export)`),
  ];
  for (const provider of providers) {
    for (const e of provider.env) {
      const field = provider.fields.find((f) => f.name === e.field);
      lines.push(
        "",
        comment(`${provider.name}${field ? `: ${field.label}${field.optional ? " (optional)" : ""}` : ""}. ${e.description}`),
        comment(`Get it at ${e.foundAt ?? provider.keysUrl}`),
        `${e.name}=`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
