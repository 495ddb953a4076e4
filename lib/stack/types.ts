import type { ProviderCategory } from "@/lib/providers/types";
import type { IntegrationStatus } from "@/lib/integrations/queries";

/** What made the analyzer propose a provider; each kind carries its own weight. */
export type EvidenceKind = "package" | "env" | "name" | "keyword" | "model";

export interface Evidence {
  kind: EvidenceKind;
  /** The words, package or variable name as they appear in the input. */
  trigger: string;
  /** Set when the clause around the trigger reads as optional ("maybe", "later"). */
  optional: boolean;
  /** Set for a keyword shared by several providers: any one of them would do. */
  alternative: boolean;
}

export interface ProposedIntegration {
  /** The catalog id (lib/providers), the only ids the analyzer ever proposes. */
  provider: string;
  name: string;
  category: ProviderCategory;
  required: boolean;
  /** 0 to 1: how sure the analyzer is that the app needs this provider. */
  confidence: number;
  reason: string;
  /** Distinct words, packages or variable names that triggered it, in input order. */
  triggers: string[];
  /** Which passes proposed it. */
  sources: ("deterministic" | "model")[];
  oauth: boolean;
}

export interface StackGroup<T extends ProposedIntegration = ProposedIntegration> {
  category: ProviderCategory;
  title: string;
  integrations: T[];
}

/** A proposed integration with its state in the org that asked. */
export interface OrgProposedIntegration extends ProposedIntegration {
  status: IntegrationStatus;
}

export interface StackAnalysis {
  groups: StackGroup<OrgProposedIntegration>[];
  /** Services the model named that Switchboard has no provider for: reported, never invented. */
  notInCatalog: { name: string; reason: string }[];
  /** Sentences for the person: what kind of input was read, why the model pass did not count. */
  notes: string[];
  model: { used: boolean; provider: "openai" | "anthropic" | null };
}
