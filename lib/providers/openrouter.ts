import "server-only";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "OpenRouter";

const apiKey = credentialSchema((key) => {
  if (key === "") return "Paste your OpenRouter API key.";
  const other = otherProviderHint(key, "openrouter");
  if (other) return other;
  if (key.startsWith("sk-") && !key.startsWith("sk-or-")) return "This looks like an OpenAI key. An OpenRouter key starts with sk-or-v1-.";
  if (!key.startsWith("sk-or-")) return "An OpenRouter key starts with sk-or-v1-. Copy it again from the Keys page.";
  if (/\s/.test(key)) return "The key contains a space or line break; copy it again in one piece.";
  // sk-or-v1- and 64 hex characters (trufflehog openrouter.go); the version digit is left open.
  if (!/^sk-or-v\d+-[0-9a-f]{64}$/.test(key)) return "An OpenRouter key is sk-or-v1- followed by 64 characters 0-9 and a-f; copy the whole key again.";
  return null;
});

interface KeyInfo {
  label?: unknown;
  limit?: unknown;
  limit_remaining?: unknown;
  limit_reset?: unknown;
  usage?: unknown;
  is_free_tier?: unknown;
  is_management_key?: unknown;
  is_provisioning_key?: unknown;
  expires_at?: unknown;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const usd = (v: number) => `$${v.toFixed(2)}`;

/** What GET /key says about the key: its label, credits and limits, tier and expiry. */
function describeKey(info: KeyInfo): Pick<CheckResult, "accountLabel" | "details"> & { management: boolean; exhausted: boolean } {
  const limit = num(info.limit);
  const remaining = num(info.limit_remaining);
  const usage = num(info.usage);
  const freeTier = info.is_free_tier === true;
  // is_provisioning_key is the older name of the same flag.
  const management = info.is_management_key === true || info.is_provisioning_key === true;
  const details: NonNullable<CheckResult["details"]> = { isFreeTier: freeTier, keyKind: management ? "management" : "API key" };
  if (typeof info.label === "string" && info.label !== "") details.label = info.label;
  if (usage !== undefined) details.usage = usage;
  // A null limit means the key may spend the account's whole balance.
  details.limit = limit ?? "none";
  if (remaining !== undefined) details.limitRemaining = remaining;
  if (typeof info.limit_reset === "string") details.limitReset = info.limit_reset;
  const expires = typeof info.expires_at === "string" ? new Date(info.expires_at) : undefined;
  if (expires && !Number.isNaN(expires.getTime())) details.expiresAt = expires.toISOString();
  if (freeTier) details.advice = "The account has never bought credits (free tier): expect only :free models and a small daily request allowance.";
  if (management) details.advice = "Management keys create and revoke API keys but cannot call models. Give applications a regular API key.";
  const capped = limit === undefined ? undefined : remaining === undefined ? `${usd(limit)} limit` : `${usd(remaining)} of ${usd(limit)} left`;
  const credit = capped ?? (freeTier ? "free tier" : "no spending limit");
  return { accountLabel: `${details.label ?? "OpenRouter key"} (${credit})`, details, management, exhausted: remaining !== undefined && remaining <= 0 };
}

export const openrouter: ProviderDefinition = {
  id: "openrouter",
  name: NAME,
  category: "llm",
  description: "Hundreds of models from many providers behind one OpenAI-compatible API.",
  fields: [{ name: "apiKey", label: "API key", kind: "secret", placeholder: "sk-or-v1-…", schema: apiKey }],

  validate(credential, ctx) {
    const key = credential.apiKey?.trim() ?? "";
    return safeCheck(NAME, [key], async () => {
      // GET /key costs no credits and, unlike a model list, reports the key's own limits.
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://openrouter.ai")}/api/v1/key`,
        headers: { Authorization: `Bearer ${key}` },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const result = classifyStatus(res, NAME, providerMessage(res.json));
      if (result.outcome !== "valid") return result;
      const data = (res.json as { data?: unknown } | null)?.data;
      if (!data || typeof data !== "object") {
        return { outcome: "unknown", httpStatus: res.status, reason: "OpenRouter answered without the key's details, so the key was neither accepted nor rejected. Try again later." };
      }
      const { management, exhausted, ...identity } = describeKey(data as KeyInfo);
      if (management) {
        return { ...result, ...identity, outcome: "valid_but_insufficient", reason: "This is an OpenRouter management key: it can manage API keys but cannot call models. Create a regular API key for applications." };
      }
      // Completions would fail with 402; better to say so now than at the first request.
      if (exhausted) {
        return { ...result, ...identity, outcome: "valid_but_insufficient", reason: "The key is valid but has used its whole credit limit. Raise the key's limit on the Keys page, or add credits." };
      }
      return { ...result, ...identity };
    });
  },

  fingerprint: (credential) => lastFour(credential.apiKey),

  env: [{ name: "OPENROUTER_API_KEY", field: "apiKey", description: "The name OpenRouter's examples and most clients read." }],
  setupSteps: [
    { text: "Sign in to OpenRouter, or create an account.", link: { href: "https://openrouter.ai/", label: "OpenRouter" } },
    { text: "Open Settings, then Keys.", link: { href: "https://openrouter.ai/settings/keys", label: "API keys" } },
    { text: 'Click "Create API Key", name it, and set a credit limit if this application should spend less than the whole balance.' },
    { text: "Copy the key now (OpenRouter shows it only once) and paste it here." },
  ],
  keysUrl: "https://openrouter.ai/settings/keys",
  iconSlug: "openrouter",
  oauth: false,
  agentProxy: { origin: "https://openrouter.ai", auth: (c) => (c.apiKey ? { headers: { Authorization: `Bearer ${c.apiKey}` } } : null) },
  agentPresets: [{ id: "inference", label: "Chat completions and models", rules: [
    { methods: ["POST"], paths: ["/api/v1/chat/completions"] }, { methods: ["GET"], paths: ["/api/v1/models", "/api/v1/key"] },
  ] }],
};
