import { anthropic } from "./anthropic";
import { gcp } from "./gcp";
import { gemini } from "./gemini";
import { groq } from "./groq";
import { huggingface } from "./huggingface";
import { mistral } from "./mistral";
import { openai } from "./openai";
import { openrouter } from "./openrouter";
import { replicate } from "./replicate";
import { aws } from "./aws";
import { cloudflare } from "./cloudflare";
import { runpod } from "./runpod";
import { stripe } from "./stripe";
import { supabase } from "./supabase";
import { turso } from "./turso";
import type { ProviderCategory, ProviderDefinition } from "./types";
import { google } from "./google";
import { hubspot } from "./hubspot";
import { linear } from "./linear";
import { notion } from "./notion";
import { slack } from "./slack";
import { github } from "./github";
import { vercel } from "./vercel";
import { netlify } from "./netlify";
import { resend } from "./resend";
import { sendgrid } from "./sendgrid";
import { twilio } from "./twilio";
import { googleOAuth } from "./google_oauth";

/**
 * Every supported provider, in the order the catalogue shows them. Adding one is a new
 * lib/providers/<id>.ts exporting a ProviderDefinition, plus one line here.
 */
export const providers: readonly ProviderDefinition[] = [
  openai, anthropic, gemini, openrouter, groq, mistral, replicate, huggingface,
  runpod, aws, gcp, cloudflare,
  stripe, supabase, turso,
  github, vercel, netlify, googleOAuth,
  resend, sendgrid, twilio,
  // Connected only by OAuth through Nango.
  google, slack, notion, linear, hubspot,
];

export const providerIds: readonly string[] = providers.map((p) => p.id);

const byId = new Map(providers.map((p) => [p.id, p]));

export function getProvider(id: string): ProviderDefinition | undefined {
  return byId.get(id);
}

const CATEGORY_TITLES: Record<ProviderCategory, string> = {
  llm: "AI models",
  cloud: "Cloud and compute",
  payments: "Payments",
  backend: "Databases and backends",
  devtools: "Code and deployment",
  messaging: "Email, messaging and workspace",
};

/** The catalog in sections, in the order categories first appear in it. */
export function providersByCategory(): { category: ProviderCategory; title: string; providers: ProviderDefinition[] }[] {
  const groups = new Map<ProviderCategory, ProviderDefinition[]>();
  for (const p of providers) groups.set(p.category, [...(groups.get(p.category) ?? []), p]);
  return [...groups].map(([category, list]) => ({ category, title: CATEGORY_TITLES[category], providers: list }));
}

export type { CheckOutcome, CheckResult, CredentialField, ProviderDefinition, ValidationContext } from "./types";
