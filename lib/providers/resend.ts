import "server-only";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Resend";

// re_ is documented; the exact length is UNCONFIRMED (providers.md), so only a floor is checked.
const apiKey = credentialSchema((value) => {
  if (value === "") return "Paste your Resend API key.";
  const other = otherProviderHint(value, "resend");
  if (other) return other;
  if (/\s/.test(value)) return "The key contains a space or line break; copy it again in one piece.";
  if (!value.startsWith("re_")) return "A Resend API key starts with re_. Copy it again from the API Keys page.";
  if (!/^re_[A-Za-z0-9_]{16,}$/.test(value)) return "This is too short or has characters a Resend key never contains; copy the whole key again.";
  return null;
});

interface Domain { name?: unknown; status?: unknown }

function withDomains(json: unknown): Pick<CheckResult, "accountLabel" | "details" | "reason"> {
  const data = (json as { data?: unknown } | null)?.data;
  const domains = (Array.isArray(data) ? (data as Domain[]) : [])
    .filter((d) => typeof d.name === "string")
    .map((d) => (typeof d.status === "string" ? `${d.name as string} (${d.status})` : (d.name as string)));
  const label = domains.length === 0 ? "no sending domains yet" : `${domains.length} domain${domains.length === 1 ? "" : "s"}`;
  return {
    accountLabel: `Full access key (${label})`,
    details: { access: "full", domains },
    reason: `Resend accepted the key with full access${domains.length ? `; domains: ${domains.join(", ")}` : ""}.`,
  };
}

export const resend: ProviderDefinition = {
  id: "resend",
  name: NAME,
  category: "messaging",
  description: "Transactional email through the Resend API.",
  fields: [{ name: "apiKey", label: "API key", kind: "secret", placeholder: "re_…", schema: apiKey }],

  validate(credential, ctx) {
    const value = credential.apiKey?.trim() ?? "";
    return safeCheck(NAME, [value], async () => {
      // callProvider always sends our User-Agent; Resend refuses requests without one (403, 1010).
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.resend.com")}/domains`,
        headers: { Authorization: `Bearer ${value}` },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const name = (res.json as { name?: unknown } | null)?.name;
      const message = providerMessage(res.json);
      // A sending-only key may not list domains: Resend's 401 restricted_api_key proves the key is real.
      if (res.status === 401 && name === "restricted_api_key") {
        return {
          outcome: "valid",
          httpStatus: 401,
          reason: "Resend accepted the key with sending access only, so it can send email but not list domains.",
          accountLabel: "Sending access key",
          details: { access: "sending only" },
        };
      }
      if (res.status === 403 && name === "invalid_api_key") {
        return { outcome: "invalid", httpStatus: 403, reason: `Resend rejected the key${message ? ` (${message})` : ""}. It may be mistyped or deleted.` };
      }
      const result = classifyStatus(res, NAME, message);
      return result.outcome === "valid" ? { ...result, ...withDomains(res.json) } : result;
    });
  },

  fingerprint: (credential) => lastFour(credential.apiKey),

  env: [{ name: "RESEND_API_KEY", field: "apiKey", description: "Read by the Resend SDKs when no key is passed." }],
  setupSteps: [
    { text: "Sign in to Resend, or create an account.", link: { href: "https://resend.com/signup", label: "Sign up" } },
    { text: "Open API Keys.", link: { href: "https://resend.com/api-keys", label: "API Keys" } },
    { text: 'Click "Create API Key". Choose "Sending access" (optionally for one domain) if the app only sends email; "Full access" also manages domains and keys.' },
    { text: "Copy the key now (Resend shows it only once) and paste it here." },
  ],
  keysUrl: "https://resend.com/api-keys",
  iconSlug: "resend",
  oauth: false,
  agentProxy: { origin: "https://api.resend.com", auth: (c) => (c.apiKey ? { headers: { Authorization: `Bearer ${c.apiKey}` } } : null) },
  agentPresets: [{ id: "send", label: "Send emails", rules: [{ methods: ["POST"], paths: ["/emails", "/emails/batch"] }] }],
};
