import "server-only";
import { countOf } from "@/lib/format";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import { modelOwners, readModelList } from "./model-list";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "OpenAI";

// Loose UI check from providers.md; the strict scanner regexes reject real keys of other lengths.
const LOOSE_FORMAT = /^sk-[A-Za-z0-9_-]{20,}$/;

const apiKey = credentialSchema((key) => {
  if (key === "") return "Paste your OpenAI API key.";
  const other = otherProviderHint(key, "openai");
  if (other) return other;
  if (!key.startsWith("sk-")) return "An OpenAI key starts with sk- (for example sk-proj-…). Copy it again from the API keys page.";
  if (/\s/.test(key)) return "The key contains a space or line break; copy it again in one piece.";
  if (!LOOSE_FORMAT.test(key)) return "This is too short or has characters an OpenAI key never contains; copy the whole key again.";
  return null;
});

type KeyKind = "project" | "service account" | "admin" | "legacy user";

function keyKind(key: string): KeyKind {
  if (key.startsWith("sk-proj-")) return "project";
  if (key.startsWith("sk-svcacct-")) return "service account";
  if (key.startsWith("sk-admin-")) return "admin";
  return "legacy user";
}

const ADMIN_ADVICE =
  "Admin keys can manage the whole organization (members, projects and keys). Give applications a project key restricted to what they use, and keep the admin key for administration.";

// Owners that are OpenAI itself rather than the customer's organization.
const PLATFORM_OWNERS = new Set(["openai", "system", "openai-internal", "openai-dev"]);

function describeModels(json: unknown, kind: KeyKind): Pick<CheckResult, "accountLabel" | "details"> {
  const models = readModelList(json);
  const ids = models.map((m) => m.id);
  const owners = modelOwners(models);
  // Only fine-tuned models name the customer's org; the API has no account-name endpoint.
  const org = owners.find((o) => !PLATFORM_OWNERS.has(o));
  const details: CheckResult["details"] = { keyKind: kind, modelCount: ids.length, sampleModels: ids.slice(0, 5), ownedBy: owners };
  if (kind === "admin") details.advice = ADMIN_ADVICE;
  return { accountLabel: `${org ?? `${kind} key`} (${countOf(ids.length, "model")})`, details };
}

export const openai: ProviderDefinition = {
  id: "openai",
  name: NAME,
  category: "llm",
  description: "GPT models, embeddings, images and audio through the OpenAI API.",
  fields: [{ name: "apiKey", label: "API key", kind: "secret", placeholder: "sk-proj-…", schema: apiKey }],

  validate(credential, ctx) {
    const key = credential.apiKey?.trim() ?? "";
    return safeCheck(NAME, [key], async () => {
      const kind = keyKind(key);
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.openai.com")}/v1/models`,
        headers: { Authorization: `Bearer ${key}` },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const message = providerMessage(res.json);
      const code = (res.json as { error?: { code?: unknown } } | null)?.error?.code;
      const kindDetails = { keyKind: kind, ...(kind === "admin" ? { advice: ADMIN_ADVICE } : {}) };

      // A restricted key without Models: Read gets 401, not 403; only the message tells it apart.
      if (res.status === 401 && message && /insufficient permissions|missing scopes/i.test(message)) {
        return {
          outcome: "valid_but_insufficient",
          httpStatus: 401,
          details: kindDetails,
          reason: `OpenAI knows this restricted key, but it lacks the Models: Read permission Switchboard checks with. Allow "Models: Read" on the key's permissions page. OpenAI said: ${message}`,
        };
      }
      if (res.status === 429 && code === "insufficient_quota") {
        return { outcome: "valid_but_insufficient", httpStatus: 429, details: kindDetails, reason: `The key is valid but the account is out of credits. Add credits under Billing. OpenAI said: ${message ?? "insufficient quota."}` };
      }
      // OpenAI's 403 is about this server's region, not about the key.
      if (res.status === 403 && code === "unsupported_country_region_territory") {
        return { outcome: "unknown", httpStatus: 403, reason: "OpenAI refuses requests from the region this Switchboard server runs in, so the key could not be checked." };
      }
      const result = classifyStatus(res, NAME, message);
      return result.outcome === "valid" ? { ...result, ...describeModels(res.json, kind) } : { ...result, details: kindDetails };
    });
  },

  fingerprint: (credential) => lastFour(credential.apiKey),

  env: [{ name: "OPENAI_API_KEY", field: "apiKey", description: "Read by the official OpenAI SDKs." }],
  setupSteps: [
    { text: "Sign in to the OpenAI platform, or create an account.", link: { href: "https://platform.openai.com/signup", label: "Sign up" } },
    { text: "Open the API keys page and choose the project the key belongs to.", link: { href: "https://platform.openai.com/api-keys", label: "API keys" } },
    { text: 'Click "Create new secret key". For a restricted key, allow at least "Models: Read" so Switchboard can check it.' },
    { text: "Copy the key now (OpenAI shows it only once) and paste it here." },
  ],
  keysUrl: "https://platform.openai.com/api-keys",
  iconSlug: null,
  oauth: false,
  agentProxy: { origin: "https://api.openai.com", auth: (c) => (c.apiKey ? { headers: { Authorization: `Bearer ${c.apiKey}` } } : null) },
  agentPresets: [
    { id: "models-read", label: "Models, read only", rules: [{ methods: ["GET"], paths: ["/v1/models", "/v1/models/*"] }] },
    { id: "inference", label: "Inference (chat, responses, embeddings)", rules: [
      { methods: ["POST"], paths: ["/v1/chat/completions", "/v1/responses", "/v1/embeddings"] },
      { methods: ["GET"], paths: ["/v1/models", "/v1/models/*"] },
    ] },
  ],
};
