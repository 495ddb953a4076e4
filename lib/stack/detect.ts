import { providers } from "@/lib/providers";
import type { ProviderDefinition } from "@/lib/providers/types";
import { readInput, type ReadInput } from "./input";
import { COVERED_BY, KEYWORDS, SIGNALS } from "./signals";
import type { Evidence, ProposedIntegration } from "./types";

/**
 * The deterministic pass: catalog names and aliases, SDK packages, env variable names and category
 * words, each found with word boundaries, negated clauses ("no payments yet", "instead of
 * SendGrid") skipped. Same input, same answer; no network.
 */
export interface DeterministicResult {
  input: ReadInput["kind"];
  integrations: ProposedIntegration[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Not inside a longer word, package path or domain; a hyphen may follow ("GPT-4o", "Stripe-powered").
const wordRe = (alias: string, flags: string) => new RegExp(`(?<![\\w@/.-])${escape(alias)}(?![\\w]|\\.[a-z])`, flags);
// Short all-caps aliases (AWS, S3, GCP, R2) count only as written: "ses" or "sns" in prose are not services.
const caseSensitive = (alias: string) => alias.length <= 4 && alias === alias.toUpperCase();

// Names of catalog entries too generic to match on their own ("Google" is in "Google Cloud").
const GENERIC_NAMES = new Set(["google", "google_oauth"]);

const NEGATION = /\b(no|not|without|never|avoid(ing)?|instead of|rather than|except|don['’]t|do not|doesn['’]t|does not|won['’]t|isn['’]t|no longer|(moving|moved|migrat(e|ing|ed)|switch(ing|ed)?) (away )?(from|off)|replac(e|es|ing)|drop(ping)?|got rid of)\b/gi;
// "Replace SendGrid with Resend", "instead of X we use Y": a new object after the negated one.
const UNNEGATE = new Set(["with", "to", "use", "using", "by", "but", "via", "now", "for"]);
// Words that only continue the negation ("don't need to use X", "no need for X").
const FILLER = new Set(["need", "needs", "to", "use", "using", "want", "have", "any", "a", "an", "the", "be", "it", "yet", "for", "support", "require", "bother", "with", "integrate", "add", "build", "call", "rely", "on", "longer", "anymore", "more", "really", "plan", "going"]);
const OPTIONAL = /\b(optional(ly)?|maybe|might|perhaps|later|eventually|nice[- ]to[- ]have|possibly|considering|could|someday|down the road|phase 2|v2)\b/i;

function clauseBounds(text: string, index: number, length: number) {
  const before = text.slice(0, index);
  const starts = [before.lastIndexOf("."), before.lastIndexOf(";"), before.lastIndexOf("!"), before.lastIndexOf("?"), before.lastIndexOf("\n"), before.lastIndexOf(","), before.toLowerCase().lastIndexOf(" but ")];
  const start = Math.max(...starts) + 1;
  const rest = text.slice(index + length);
  const end = rest.search(/[.;!?\n,]|\bbut\b/);
  return { prefix: text.slice(start, index), clause: text.slice(start, end < 0 ? text.length : index + length + end) };
}

function negated(prefix: string): boolean {
  const hits = [...prefix.matchAll(NEGATION)];
  if (hits.length === 0) return false;
  const last = hits[hits.length - 1];
  const words = prefix.slice((last.index ?? 0) + last[0].length).toLowerCase().match(/[\w'’-]+/g) ?? [];
  // Negated unless a word of its own comes first and then one that starts something new.
  const firstContent = words.findIndex((w) => !FILLER.has(w));
  return firstContent < 0 || !words.slice(firstContent + 1).some((w) => UNNEGATE.has(w));
}

const sentenceStart = (text: string, index: number) => /(^|[.!?:\n]\s*|^\s*[-*]\s*)$/.test(text.slice(Math.max(0, index - 4), index)) || index === 0;

interface Hit { index: number; text: string; optional: boolean }

function findAll(prose: string, re: RegExp, exclude?: RegExp): Hit[] {
  const hits: Hit[] = [];
  for (const m of prose.matchAll(new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`))) {
    const index = m.index ?? 0;
    const window = prose.slice(Math.max(0, index - 40), index + m[0].length + 40);
    if (exclude && exclude.test(window)) continue;
    const { prefix, clause } = clauseBounds(prose, index, m[0].length);
    if (negated(prefix)) continue;
    hits.push({ index, text: m[0], optional: OPTIONAL.test(clause) });
  }
  return hits;
}

function nameHits(provider: ProviderDefinition, prose: string): Hit[] {
  const signals = SIGNALS[provider.id] ?? {};
  const aliases = [...(GENERIC_NAMES.has(provider.id) || signals.ambiguous ? [] : [provider.name]), ...(signals.aliases ?? [])];
  const hits = [...new Set(aliases)].flatMap((a) => findAll(prose, wordRe(a, caseSensitive(a) ? "g" : "gi"), signals.exclude));
  const amb = signals.ambiguous;
  if (amb) {
    const supported = amb.support.test(prose);
    for (const word of amb.words) {
      for (const hit of findAll(prose, wordRe(word, "gi"), amb.exclude ?? signals.exclude)) {
        const capitalized = hit.text[0] === hit.text[0].toUpperCase();
        if (supported || (capitalized && !sentenceStart(prose, hit.index))) hits.push(hit);
      }
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

const stripEnvPrefix = (name: string) => name.replace(/^(NEXT_PUBLIC_|VITE_|EXPO_PUBLIC_|PUBLIC_|REACT_APP_|NUXT_PUBLIC_)/, "");

function envMatches(provider: ProviderDefinition, name: string): boolean {
  const bare = stripEnvPrefix(name);
  const exact = provider.env.map((e) => e.name);
  const prefixes = SIGNALS[provider.id]?.envPrefixes ?? [];
  return exact.includes(bare) || exact.includes(name) || prefixes.some((p) => bare.startsWith(p));
}

function packageMatches(provider: ProviderDefinition, pkg: string): boolean {
  return (SIGNALS[provider.id]?.packages ?? []).some((p) => (p.endsWith("/") ? pkg.startsWith(p) : pkg === p));
}

const WEIGHT: Record<Evidence["kind"], number> = { package: 0.95, env: 0.95, name: 0.9, model: 0.7, keyword: 0.6 };

/** Confidence from the strongest evidence, a little more for each other kind that agrees. */
export function confidenceOf(evidence: Evidence[]): number {
  const weights = evidence.map((e) => (e.kind === "keyword" && e.alternative ? 0.45 : WEIGHT[e.kind]));
  const kinds = new Set(evidence.map((e) => e.kind)).size;
  return Math.min(0.99, Math.round((Math.max(...weights) + 0.03 * (kinds - 1)) * 100) / 100);
}

export function requiredOf(evidence: Evidence[]): boolean {
  return evidence.some((e) => !e.optional && !e.alternative);
}

function reasonOf(provider: ProviderDefinition, evidence: Evidence[], input: ReadInput["kind"], keywordBecause: Map<string, string>): string {
  const parts: string[] = [];
  const of = (kind: Evidence["kind"]) => [...new Set(evidence.filter((e) => e.kind === kind).map((e) => e.trigger))];
  const pkgs = of("package");
  if (pkgs.length) parts.push(`${input === "package.json" ? "the package.json depends on" : "uses the package"} ${pkgs.slice(0, 3).join(", ")}`);
  const envs = of("env");
  if (envs.length) parts.push(`${input === ".env" ? "the env file sets" : "mentions"} ${envs.slice(0, 3).join(", ")}`);
  const names = of("name");
  if (names.length) parts.push(`names ${names.slice(0, 3).map((n) => `"${n}"`).join(", ")}`);
  const words = of("keyword");
  if (words.length) parts.push(`${keywordBecause.get(provider.id) ?? `asks for what ${provider.name} does`} (${words.slice(0, 3).map((w) => `"${w}"`).join(", ")})`);
  const text = parts.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1) + ".";
}

export function detectStack(text: string): DeterministicResult {
  const input = readInput(text);
  const evidence = new Map<string, Evidence[]>();
  const add = (id: string, e: Evidence) => evidence.set(id, [...(evidence.get(id) ?? []), e]);

  for (const provider of providers) {
    for (const pkg of input.packages) if (packageMatches(provider, pkg)) add(provider.id, { kind: "package", trigger: pkg, optional: false, alternative: false });
    for (const name of input.envNames) if (envMatches(provider, name)) add(provider.id, { kind: "env", trigger: name, optional: false, alternative: false });
    for (const hit of nameHits(provider, input.prose)) add(provider.id, { kind: "name", trigger: hit.text, optional: hit.optional, alternative: false });
  }

  const keywordBecause = new Map<string, string>();
  for (const rule of KEYWORDS) {
    const covered = COVERED_BY[rule.providers.join(",")] ?? rule.providers;
    if (covered.some((id) => evidence.has(id))) continue;
    const hits = findAll(input.prose, rule.pattern);
    if (hits.length === 0) continue;
    for (const id of rule.providers) {
      keywordBecause.set(id, rule.because);
      for (const hit of hits) add(id, { kind: "keyword", trigger: hit.text, optional: hit.optional, alternative: rule.providers.length > 1 });
    }
  }

  const integrations = providers.filter((p) => evidence.has(p.id)).map((p) => proposal(p, evidence.get(p.id)!, input.kind, keywordBecause));
  return { input: input.kind, integrations };
}

function proposal(p: ProviderDefinition, evidence: Evidence[], input: ReadInput["kind"], because: Map<string, string>): ProposedIntegration {
  return {
    provider: p.id, name: p.name, category: p.category,
    required: requiredOf(evidence), confidence: confidenceOf(evidence),
    reason: reasonOf(p, evidence, input, because),
    triggers: [...new Set(evidence.map((e) => e.trigger))].slice(0, 8),
    sources: ["deterministic"], oauth: p.oauth,
  };
}

