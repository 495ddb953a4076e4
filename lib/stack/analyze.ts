import "server-only";
import { writeAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { parseOpenedCredential } from "@/lib/integrations/credential";
import { listIntegrations, listProviderSummaries } from "@/lib/integrations/queries";
import { reserveCheck, type ValidationLimits } from "@/lib/integrations/rate-limit";
import { providers } from "@/lib/providers";
import type { ValidationContext } from "@/lib/providers/types";
import { readSecret } from "@/lib/vault/secrets";
import type { Vault } from "@/lib/vault/vault";
import { detectStack } from "./detect";
import { modelInput } from "./input";
import { mergePasses, groupWithStatus } from "./merge";
import { askModel, MODELS, type ModelAnswer, type ModelProvider } from "./model";
import { stackModelEnabled } from "./settings";
import type { StackAnalysis } from "./types";

export interface StackDeps {
  db: Db;
  vault: Vault;
  context(providerId: string): ValidationContext;
  checkLimits?: ValidationLimits;
  /** How long the model may take before the deterministic result is used alone. */
  modelTimeoutMs?: number;
}

export const MODEL_TIMEOUT_MS = 20_000;

const INPUT_NOTE = {
  "package.json": "Read as a package.json: its dependencies and description.",
  ".env": "Read as an env file: its variable names (values are ignored).",
  text: null,
} as const;

const catalog = () => providers.map((p) => ({ id: p.id, name: p.name, description: p.description }));

/** The org's valid OpenAI key (its default first), else its valid Anthropic key. */
async function modelCredential(db: Db, orgId: string) {
  const rows = (await listIntegrations(db, orgId)).filter((r) => r.status === "VALID" && r.authType === "api_key");
  for (const provider of ["openai", "anthropic"] as const) {
    const row = rows.find((r) => r.provider === provider);
    if (row) return { provider, row };
  }
  return null;
}

type ModelRun = { used: false; note: string | null } | { used: true; provider: ModelProvider; answer: Extract<ModelAnswer, { ok: true }> };

async function runModel(deps: StackDeps, actor: Actor, orgId: string, text: string): Promise<ModelRun> {
  if (!(await stackModelEnabled(deps.db, orgId))) return { used: false, note: null };
  const cred = await modelCredential(deps.db, orgId);
  if (!cred) return { used: false, note: "The model pass is on, but this org has no valid OpenAI or Anthropic key; showing what the deterministic pass found." };
  // A model call spends the org's credits through its key: it takes a slot of the same budget as a check.
  const slot = await reserveCheck(deps.db, actor, orgId, deps.checkLimits);
  if (!slot.ok) return { used: false, note: `The model pass was skipped: ${slot.error}` };

  const ref = { orgId, integrationId: cred.row.id, provider: cred.provider };
  let answer: ModelAnswer;
  try {
    const sealed = await readSecret(deps.db, ref);
    if (!sealed) return { used: false, note: "The model pass was skipped: the key could not be read." };
    const key = parseOpenedCredential(await deps.vault.open(deps.db, ref, sealed)).apiKey ?? "";
    answer = await askModel(cred.provider, key, catalog(), modelInput(text), deps.context(cred.provider), deps.modelTimeoutMs ?? MODEL_TIMEOUT_MS);
  } catch {
    answer = { ok: false, outcome: "failed", note: "The key could not be opened." };
  }
  await writeAudit(deps.db, actor, {
    orgId, action: "stack.analyze_model", provider: cred.provider, integrationId: cred.row.id,
    outcome: answer.ok ? "answered" : answer.outcome,
    metadata: { model: MODELS[cred.provider], name: cred.row.name, proposals: answer.ok ? answer.proposals.length : 0 },
  });
  if (!answer.ok) return { used: false, note: `The model's answer could not be used (${answer.note}); showing what the deterministic pass found.` };
  return { used: true, provider: cred.provider, answer };
}

/** Both passes on one input, merged, with each proposal's status in the org. */
export async function analyzeStack(deps: StackDeps, actor: Actor, orgId: string, text: string): Promise<StackAnalysis> {
  const det = detectStack(text);
  const model = await runModel(deps, actor, orgId, text);
  const merged = model.used ? mergePasses(det.integrations, model.answer.proposals) : det.integrations;
  const statuses = new Map((await listProviderSummaries(deps.db, orgId)).map((s) => [s.provider, s.status]));
  const notes = [INPUT_NOTE[det.input], model.used ? null : model.note].filter((n): n is string => n !== null);
  if (merged.length === 0) notes.push("Nothing in it points to a provider in the catalog.");
  const seen = new Set<string>();
  const notInCatalog = (model.used ? model.answer.notInCatalog : []).filter((n) => {
    const k = n.name.toLowerCase();
    return seen.has(k) ? false : (seen.add(k), true);
  }).map((n) => ({ name: n.name.slice(0, 80), reason: n.reason.slice(0, 300) }));
  return {
    groups: groupWithStatus(merged, statuses),
    notInCatalog, notes,
    model: model.used ? { used: true, provider: model.provider } : { used: false, provider: null },
  };
}
