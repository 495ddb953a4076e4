import { z } from "zod";

/**
 * Recognisable prefixes of other providers' credentials, so a key pasted into the wrong form gets
 * "this looks like an Anthropic key" instead of a bare "invalid format". More specific prefixes
 * come first (sk-ant- before OpenAI's sk-). Sources: providers.md, "Key format" rows.
 */
const knownPrefixes: { provider: string; id: string; test: RegExp }[] = [
  { provider: "Anthropic", id: "anthropic", test: /^sk-ant-/ },
  { provider: "OpenRouter", id: "openrouter", test: /^sk-or-/ },
  { provider: "OpenAI", id: "openai", test: /^sk-(proj|svcacct|admin)-/ },
  { provider: "Stripe", id: "stripe", test: /^(sk|rk|pk)_(live|test)_/ },
  { provider: "Groq", id: "groq", test: /^gsk_/ },
  { provider: "GitHub", id: "github", test: /^(gh[pousr]_|github_pat_)/ },
  { provider: "Hugging Face", id: "huggingface", test: /^hf_/ },
  { provider: "Replicate", id: "replicate", test: /^r8_/ },
  { provider: "Google AI Studio", id: "gemini", test: /^AIza/ },
  { provider: "AWS", id: "aws", test: /^(AKIA|ASIA)[A-Z2-7]{16}$/ },
  { provider: "SendGrid", id: "sendgrid", test: /^SG\./ },
  { provider: "Cloudflare", id: "cloudflare", test: /^cf[ua]t_/ },
  { provider: "RunPod", id: "runpod", test: /^rpa_/ },
  { provider: "Supabase", id: "supabase", test: /^sb_(publishable|secret)_/ },
  { provider: "Stripe (webhook signing secret)", id: "stripe", test: /^whsec_/ },
  { provider: "Netlify", id: "netlify", test: /^nfp_/ },
  { provider: "Resend", id: "resend", test: /^re_/ },
  { provider: "Twilio", id: "twilio", test: /^(AC|SK)[0-9a-fA-F]{32}$/ },
  { provider: "Google OAuth", id: "google_oauth", test: /^GOCSPX-|\.apps\.googleusercontent\.com$/ },
  { provider: "Google Cloud (service-account JSON)", id: "gcp", test: /^\{[\s\S]*"service_account"/ },
];

/** "This looks like a credential for Stripe…" when the value carries another provider's prefix, else null. */
export function otherProviderHint(value: string, ownId: string): string | null {
  const match = knownPrefixes.find((p) => p.test.test(value));
  if (!match || match.id === ownId) return null;
  return `This looks like a credential for ${match.provider}, not for this provider. Add it under ${match.provider} instead.`;
}

/**
 * A trimmed string checked by `problem`, which returns the one sentence to show or null.
 * One message at a time: a list of five failed rules tells the user less than the first one.
 */
export function credentialSchema(problem: (value: string) => string | null): z.ZodType<string> {
  return z.string().trim().superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  });
}

/** "…abcd": enough to tell two keys apart in the UI, too little to matter if shown. */
export function lastFour(value: string | undefined): string {
  const v = (value ?? "").trim();
  return v.length >= 12 ? `…${v.slice(-4)}` : "…";
}
