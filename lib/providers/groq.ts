import "server-only";
import { countOf } from "@/lib/format";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import { modelOwners, readModelList } from "./model-list";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Groq";

const apiKey = credentialSchema((key) => {
  if (key === "") return "Paste your Groq API key.";
  const other = otherProviderHint(key, "groq");
  if (other) return other;
  if (!key.startsWith("gsk_")) return "A Groq key starts with gsk_. Copy it again from the API Keys page of the Groq console.";
  if (/\s/.test(key)) return "The key contains a space or line break; copy it again in one piece.";
  // gsk_ and 52 letters or digits (trufflehog groq.go): a shorter one was cut off when copied.
  if (!/^gsk_[A-Za-z0-9]{52}$/.test(key)) return "A Groq key is gsk_ followed by 52 letters and digits; copy the whole key again.";
  return null;
});

function describeModels(json: unknown): Pick<CheckResult, "accountLabel" | "details"> {
  const models = readModelList(json);
  const ids = models.map((m) => m.id);
  const owners = modelOwners(models);
  // Groq's API has no account endpoint; the models a key can list are all it reveals.
  return { accountLabel: `Groq key (${countOf(ids.length, "model")})`, details: { modelCount: ids.length, sampleModels: ids.slice(0, 5), modelOwners: owners } };
}

export const groq: ProviderDefinition = {
  id: "groq",
  name: NAME,
  category: "llm",
  description: "Fast inference of open models (Llama, GPT-OSS, Whisper) through Groq's OpenAI-compatible API.",
  fields: [{ name: "apiKey", label: "API key", kind: "secret", placeholder: "gsk_…", schema: apiKey }],

  validate(credential, ctx) {
    const key = credential.apiKey?.trim() ?? "";
    return safeCheck(NAME, [key], async () => {
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.groq.com")}/openai/v1/models`,
        headers: { Authorization: `Bearer ${key}` },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      // Groq documents only 200 and 401 for this call; the rest follows the generic mapping.
      const result = classifyStatus(res, NAME, providerMessage(res.json));
      return result.outcome === "valid" ? { ...result, ...describeModels(res.json) } : result;
    });
  },

  fingerprint: (credential) => lastFour(credential.apiKey),

  env: [{ name: "GROQ_API_KEY", field: "apiKey", description: "Read by the official Groq SDKs." }],
  setupSteps: [
    { text: "Sign in to the Groq console, or create an account.", link: { href: "https://console.groq.com/", label: "Groq console" } },
    { text: "Open the API Keys page.", link: { href: "https://console.groq.com/keys", label: "API keys" } },
    { text: 'Click "Create API Key" and give it a name you will recognise.' },
    { text: "Copy the key now (Groq shows it only once) and paste it here." },
  ],
  keysUrl: "https://console.groq.com/keys",
  iconSlug: null,
  oauth: false,
  agentProxy: { origin: "https://api.groq.com", auth: (c) => (c.apiKey ? { headers: { Authorization: `Bearer ${c.apiKey}` } } : null) },
  agentPresets: [{ id: "inference", label: "Chat completions and models", rules: [
    { methods: ["POST"], paths: ["/openai/v1/chat/completions"] }, { methods: ["GET"], paths: ["/openai/v1/models", "/openai/v1/models/*"] },
  ] }],
};
