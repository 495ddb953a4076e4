import "server-only";
import { countOf } from "@/lib/format";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Anthropic";
const ADMIN_PREFIX = "sk-ant-admin01-";

const apiKey = credentialSchema((key) => {
  if (key === "") return "Paste your Anthropic API key.";
  const other = otherProviderHint(key, "anthropic");
  if (other) return other;
  if (key.startsWith("sk-") && !key.startsWith("sk-ant-")) return "This looks like an OpenAI key. An Anthropic key starts with sk-ant- (for example sk-ant-api03-…).";
  if (!key.startsWith("sk-ant-")) return "An Anthropic key starts with sk-ant- (for example sk-ant-api03-…). Copy it again from the Console.";
  if (/\s/.test(key)) return "The key contains a space or line break; copy it again in one piece.";
  if (!/^sk-ant-[a-z]+\d*-[\w-]{20,}$/.test(key)) return "This is too short or has characters an Anthropic key never contains; copy the whole key again.";
  return null;
});

const ADMIN_ADVICE =
  "Admin keys can create, disable and delete every API key of the organization and manage its members. Give applications a regular API key and keep this one for administration.";

interface Page {
  data?: { id?: unknown; display_name?: unknown; name?: unknown; status?: unknown }[];
  has_more?: unknown;
}

function identity(json: unknown, admin: boolean): Pick<CheckResult, "accountLabel" | "details"> {
  const page = (json ?? {}) as Page;
  const items = Array.isArray(page.data) ? page.data : [];
  const names = items.map((m) => (admin ? m.name : (m.display_name ?? m.id))).filter((n): n is string => typeof n === "string");
  const more = page.has_more === true;
  if (admin) {
    return {
      accountLabel: `Admin key (${countOf(items.length, "API key", { more })} visible)`,
      details: { keyKind: "admin", apiKeysVisible: items.length, sampleKeyNames: names.slice(0, 5), advice: ADMIN_ADVICE },
    };
  }
  return { accountLabel: `API key (${countOf(items.length, "model", { more })})`, details: { keyKind: "API key", modelCount: items.length, sampleModels: names.slice(0, 5) } };
}

export const anthropic: ProviderDefinition = {
  id: "anthropic",
  name: NAME,
  category: "llm",
  description: "Claude models through the Anthropic API.",
  fields: [{ name: "apiKey", label: "API key", kind: "secret", placeholder: "sk-ant-api03-…", schema: apiKey }],

  validate(credential, ctx) {
    const key = credential.apiKey?.trim() ?? "";
    return safeCheck(NAME, [key], async () => {
      // Admin keys cannot list models; they are checked on the one endpoint made for them.
      const admin = key.startsWith(ADMIN_PREFIX);
      const path = admin ? "/v1/organizations/api_keys" : "/v1/models";
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.anthropic.com")}${path}`,
        headers: { "x-api-key": key, "anthropic-version": "2023-06-01" },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const message = providerMessage(res.json);
      const said = message ? ` Anthropic said: ${message}` : "";

      // A disabled or deleted key answers 404 rather than 401 (providers.md, trufflehog).
      if (res.status === 404) {
        return { outcome: "invalid", httpStatus: 404, reason: `Anthropic does not recognise this key; it may have been disabled or deleted.${said}` };
      }
      if (res.status === 400) {
        // 400 is never a bad-key signal, but an empty balance is worth naming.
        if (message && /credit balance/i.test(message)) {
          return { outcome: "valid_but_insufficient", httpStatus: 400, reason: `The key is valid but the account is out of credits. Add credits under Plans & Billing.${said}` };
        }
        return { outcome: "unknown", httpStatus: 400, reason: `Anthropic could not process the check request (HTTP 400), which says nothing about the key.${said}` };
      }
      const result = classifyStatus(res, NAME, message);
      if (result.outcome === "valid") return { ...result, ...identity(res.json, admin) };
      return admin && result.outcome === "valid_but_insufficient" ? { ...result, details: { keyKind: "admin", advice: ADMIN_ADVICE } } : result;
    });
  },

  fingerprint: (credential) => lastFour(credential.apiKey),

  env: [{ name: "ANTHROPIC_API_KEY", field: "apiKey", description: "Read by the official Anthropic SDKs." }],
  setupSteps: [
    { text: "Sign in to the Anthropic Console, or create an account.", link: { href: "https://console.anthropic.com/", label: "Anthropic Console" } },
    { text: "Open Settings, then API keys.", link: { href: "https://console.anthropic.com/settings/keys", label: "API keys" } },
    { text: 'Click "Create Key", choose the workspace and give the key a name you will recognise.' },
    { text: "Copy the key now (the Console shows it only once) and paste it here." },
  ],
  keysUrl: "https://console.anthropic.com/settings/keys",
  iconSlug: "anthropic",
  oauth: false,
  agentProxy: {
    origin: "https://api.anthropic.com",
    auth: (c) => (c.apiKey ? { headers: { "x-api-key": c.apiKey } } : null),
    // Every Messages/Models call answers 400 without it; an agent may still pin another version.
    defaultHeaders: { "anthropic-version": "2023-06-01" },
  },
  agentPresets: [
    { id: "messages", label: "Messages and models", rules: [
      { methods: ["POST"], paths: ["/v1/messages", "/v1/messages/count_tokens"] },
      { methods: ["GET"], paths: ["/v1/models", "/v1/models/*"] },
    ] },
  ],
};
