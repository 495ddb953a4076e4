import { getProvider, providersByCategory } from "@/lib/providers";
import type { IntegrationStatus } from "@/lib/integrations/queries";
import type { ModelProposal } from "./model";
import type { OrgProposedIntegration, ProposedIntegration, StackGroup } from "./types";

/**
 * Deterministic proposals keep their reasons, triggers and required flag; the model's agreement
 * raises their confidence a little. What only the model found is added, capped below what named
 * evidence earns, with the words it quoted from the description as its triggers.
 */
export function mergePasses(deterministic: ProposedIntegration[], model: ModelProposal[]): ProposedIntegration[] {
  const byId = new Map(deterministic.map((d) => [d.provider, { ...d }]));
  for (const m of model) {
    const found = byId.get(m.provider);
    if (found) {
      if (!found.sources.includes("model")) {
        found.sources = [...found.sources, "model"];
        found.confidence = Math.min(0.99, Math.round((found.confidence + 0.04) * 100) / 100);
      }
      continue;
    }
    const p = getProvider(m.provider);
    if (!p) continue;
    byId.set(p.id, {
      provider: p.id, name: p.name, category: p.category, required: m.required,
      confidence: Math.min(0.8, Math.round(m.confidence * 100) / 100),
      reason: m.reason.trim() ? `The model reads: ${m.reason.trim()}` : "Proposed by the model.",
      triggers: [...new Set(m.evidence)].slice(0, 8), sources: ["model"], oauth: p.oauth,
    });
  }
  return [...byId.values()];
}

/** In catalog order, grouped as the integrations page groups them, each with the org's status. */
export function groupWithStatus(list: ProposedIntegration[], statuses: Map<string, IntegrationStatus>): StackGroup<OrgProposedIntegration>[] {
  const byId = new Map(list.map((i) => [i.provider, i]));
  return providersByCategory()
    .map(({ category, title, providers }) => ({
      category, title,
      integrations: providers.flatMap((p) => {
        const i = byId.get(p.id);
        return i ? [{ ...i, status: statuses.get(p.id) ?? ("NOT_CONFIGURED" as const) }] : [];
      }),
    }))
    .filter((g) => g.integrations.length > 0);
}
