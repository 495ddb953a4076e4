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

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * The Export page's line over the variable names. They are counted per provider, not per
 * credential (two OpenAI keys export one OPENAI_API_KEY; one Gemini key goes under two names), so
 * the line names providers: "The 4 variable names" beside 3 credentials read like a miscount.
 */
export function variableNamesSummary(names: number, providers: number, catalog: boolean): string {
  if (catalog) return `No credentials yet, so the .env.example lists the catalog's ${count(names, "variable name")}`;
  return `${count(names, "variable name")} from ${count(providers, "provider")}`;
}
