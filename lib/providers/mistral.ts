import "server-only";
import { countOf } from "@/lib/format";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import { readModelList } from "./model-list";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Mistral";

// Mistral documents no key format (32 letters and digits is observed, not promised), so only
// sanity checks run here: anything stricter could refuse a real key before Mistral sees it.
const apiKey = credentialSchema((key) => {
  if (key === "") return "Paste your Mistral API key.";
  const other = otherProviderHint(key, "mistral");
  if (other) return other;
  if (key.startsWith("sk-")) return "This looks like an OpenAI-style key. A Mistral key has no sk- prefix; copy it from the API keys page of La Plateforme.";
  if (/\s/.test(key)) return "The key contains a space or line break; copy it again in one piece.";
  if (key.length < 20) return "This is too short for a Mistral API key; copy the whole key again.";
  if (key.length > 200) return "This is much longer than a Mistral API key; paste only the key.";
  if (!/^[\w-]+$/.test(key)) return "The key contains characters a Mistral API key never has (quotes or punctuation); copy only the key.";
  return null;
});

function describeModels(json: unknown): Pick<CheckResult, "accountLabel" | "details"> {
  const models = readModelList(json);
  const ids = models.map((m) => m.id);
  // Fine-tuned models belong to the key's workspace, so they are the one account-specific hint.
  const tuned = models.filter((m) => m.type === "fine-tuned" || m.id.startsWith("ft:")).length;
  const details: NonNullable<CheckResult["details"]> = { modelCount: ids.length, sampleModels: ids.slice(0, 5) };
  if (tuned > 0) details.fineTunedModels = tuned;
  return { accountLabel: `Mistral key (${countOf(ids.length, "model")})`, details };
}

export const mistral: ProviderDefinition = {
  id: "mistral",
  name: NAME,
  category: "llm",
  description: "Mistral and Codestral models through the Mistral AI API (La Plateforme).",
  fields: [{ name: "apiKey", label: "API key", kind: "secret", placeholder: "32 letters and digits", schema: apiKey }],

  validate(credential, ctx) {
    const key = credential.apiKey?.trim() ?? "";
    return safeCheck(NAME, [key], async () => {
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.mistral.ai")}/v1/models`,
        headers: { Authorization: `Bearer ${key}` },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const result = classifyStatus(res, NAME, providerMessage(res.json));
      return result.outcome === "valid" ? { ...result, ...describeModels(res.json) } : result;
    });
  },

  fingerprint: (credential) => lastFour(credential.apiKey),

  env: [{ name: "MISTRAL_API_KEY", field: "apiKey", description: "Read by the official Mistral SDKs." }],
  setupSteps: [
    { text: "Sign in to La Plateforme, Mistral's console, or create an account.", link: { href: "https://console.mistral.ai/", label: "Mistral console" } },
    { text: "Open API keys (if the console asks you to choose a plan for the workspace, do that first).", link: { href: "https://console.mistral.ai/api-keys", label: "API keys" } },
    { text: 'Click "Create new key" and give it a name you will recognise.' },
    { text: "Copy the key now (Mistral shows it only once) and paste it here." },
  ],
  keysUrl: "https://console.mistral.ai/api-keys",
  iconSlug: "mistralai",
  oauth: false,
  agentProxy: { origin: "https://api.mistral.ai", auth: (c) => (c.apiKey ? { headers: { Authorization: `Bearer ${c.apiKey}` } } : null) },
  agentPresets: [{ id: "inference", label: "Chat completions, embeddings and models", rules: [
    { methods: ["POST"], paths: ["/v1/chat/completions", "/v1/embeddings"] }, { methods: ["GET"], paths: ["/v1/models", "/v1/models/*"] },
  ] }],
};
