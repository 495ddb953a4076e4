import "server-only";
import { countOf } from "@/lib/format";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, retryAfter, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Google Gemini";

const apiKey = credentialSchema((key) => {
  if (key === "") return "Paste your Gemini API key.";
  const other = otherProviderHint(key, "gemini");
  if (other) return other;
  if (!key.startsWith("AIza")) return "A Gemini API key starts with AIza. Copy it again from the API keys page of Google AI Studio.";
  if (/\s/.test(key)) return "The key contains a space or line break; copy it again in one piece.";
  // 39 characters in all (gitleaks gcp.go): a shorter one was cut off when copied.
  if (!/^AIza[\w-]{35}$/.test(key)) return "A Gemini API key is AIza followed by 35 letters, digits, - or _; copy the whole key again.";
  return null;
});

interface GoogleError {
  error?: { status?: unknown; details?: { reason?: unknown; retryDelay?: unknown }[] };
}

/** The google.rpc status, ErrorInfo reason and RetryInfo delay that tell Google's errors apart. */
function googleError(json: unknown) {
  const error = (json as GoogleError | null)?.error;
  const details = Array.isArray(error?.details) ? error.details : [];
  const reason = details.map((d) => d?.reason).find((r) => typeof r === "string");
  const delay = details.map((d) => d?.retryDelay).find((r) => typeof r === "string");
  const seconds = typeof delay === "string" ? Number.parseFloat(delay) : Number.NaN; // "37s", "0.5s"
  return { status: error?.status, reason, retryDelaySeconds: Number.isFinite(seconds) ? Math.ceil(seconds) : undefined };
}

// Why a real key may not list models, by ErrorInfo reason; each says what to change.
const DENIED: Record<string, string> = {
  SERVICE_DISABLED: "The Generative Language API is disabled in the key's Google Cloud project. Enable it there, or create the key in Google AI Studio.",
  API_KEY_SERVICE_BLOCKED: "The key's API restrictions leave out the Generative Language API. Add it under the key's API restrictions in the Cloud console.",
};
const RESTRICTED = "The key is real but may not call Gemini from this server: check its API, website and IP restrictions, and that the Generative Language API is enabled.";

interface ModelPage {
  models?: { name?: unknown }[];
  nextPageToken?: unknown;
}

function describeModels(json: unknown): Pick<CheckResult, "accountLabel" | "details"> {
  const page = (json ?? {}) as ModelPage;
  const names = (Array.isArray(page.models) ? page.models : []).map((m) => m?.name).filter((n): n is string => typeof n === "string");
  const ids = names.map((n) => n.replace(/^models\//, ""));
  const more = typeof page.nextPageToken === "string" && page.nextPageToken !== "";
  // An AI Studio key names no account; the models it can see are what it reveals.
  return { accountLabel: `Gemini API key (${countOf(ids.length, "model", { more })})`, details: { modelCount: ids.length, sampleModels: ids.slice(0, 5) } };
}

export const gemini: ProviderDefinition = {
  id: "gemini",
  name: NAME,
  category: "llm",
  description: "Gemini models through the Gemini API, with a key from Google AI Studio.",
  fields: [{ name: "apiKey", label: "API key", kind: "secret", placeholder: "AIza…", schema: apiKey }],

  validate(credential, ctx) {
    const key = credential.apiKey?.trim() ?? "";
    return safeCheck(NAME, [key], async () => {
      // The key goes in x-goog-api-key, never ?key=: URLs end up in proxy and server logs.
      // pageSize 1000 (the maximum) so one call counts every model.
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://generativelanguage.googleapis.com")}/v1beta/models?pageSize=1000`,
        headers: { "x-goog-api-key": key },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const message = providerMessage(res.json);
      const said = message ? ` Google said: ${message}` : "";
      const google = googleError(res.json);

      // Google answers a bad key with 400 INVALID_ARGUMENT, not 401; the reason tells it apart.
      if (res.status === 400 && google.reason === "API_KEY_INVALID") {
        return { outcome: "invalid", httpStatus: 400, reason: `Google does not recognise this API key; it may have been deleted or mistyped.${said}` };
      }
      if (res.status === 403) {
        const advice = (typeof google.reason === "string" && DENIED[google.reason]) || RESTRICTED;
        return { outcome: "valid_but_insufficient", httpStatus: 403, reason: `${advice}${said}` };
      }
      // Free tier unavailable where this server runs: the key works once its project has billing.
      if (res.status === 400 && google.status === "FAILED_PRECONDITION") {
        return { outcome: "valid_but_insufficient", httpStatus: 400, reason: `The key is real, but the Gemini free tier is not offered where this server runs. Enable billing on the key's project in AI Studio.${said}` };
      }
      // Google states the wait in a RetryInfo detail rather than a Retry-After header.
      const delay = google.retryDelaySeconds;
      const headers = retryAfter(res.headers) === undefined && delay !== undefined ? new Headers({ "retry-after": String(delay) }) : res.headers;
      const result = classifyStatus({ ...res, headers }, NAME, message);
      return result.outcome === "valid" ? { ...result, ...describeModels(res.json) } : result;
    });
  },

  fingerprint: (credential) => lastFour(credential.apiKey),

  env: [
    { name: "GEMINI_API_KEY", field: "apiKey", description: "Read by the Google Gen AI SDKs." },
    { name: "GOOGLE_API_KEY", field: "apiKey", description: "Also read by the Google Gen AI SDKs; set to the same key so either lookup finds it." },
  ],
  setupSteps: [
    { text: "Sign in to Google AI Studio with a Google account.", link: { href: "https://aistudio.google.com/", label: "Google AI Studio" } },
    { text: "Open the API keys page.", link: { href: "https://aistudio.google.com/app/apikey", label: "API keys" } },
    { text: 'Click "Create API key" and choose the Google Cloud project it belongs to (AI Studio can create one).' },
    { text: "Copy the key and paste it here." },
  ],
  keysUrl: "https://aistudio.google.com/app/apikey",
  iconSlug: "googlegemini",
  oauth: false,
  // In x-goog-api-key, never ?key=: a URL ends up in logs.
  agentProxy: { origin: "https://generativelanguage.googleapis.com", auth: (c) => (c.apiKey ? { headers: { "x-goog-api-key": c.apiKey } } : null) },
};
