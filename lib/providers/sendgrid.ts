import "server-only";
import { countOf } from "@/lib/format";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "SendGrid";

// SG. + 22 + . + 43 in practice; the scanners' ranges (providers.md) are used so no real key is refused.
const FORMAT = /^SG\.[\w-]{16,32}\.[\w-]{30,60}$/;

const apiKey = credentialSchema((value) => {
  if (value === "") return "Paste your SendGrid API key.";
  const other = otherProviderHint(value, "sendgrid");
  if (other) return other;
  if (/\s/.test(value)) return "The key contains a space or line break; copy it again in one piece.";
  if (!value.startsWith("SG.")) return "A SendGrid API key starts with SG. and is 69 characters long. Copy it again from Settings, API Keys.";
  if (!FORMAT.test(value)) return "This is not a whole SendGrid key (SG., then two parts separated by a dot); copy all 69 characters again.";
  return null;
});

// Scopes only a Full Access key (or an admin-like restricted key) holds: key and user management.
const ADMIN_SCOPES = ["api_keys.create", "api_keys.delete", "user.password.update", "subusers.create", "teammates.create"];

const ADVICE =
  "This key has full access: it can create API keys, change account settings and add teammates. If the app only sends email, create a Restricted Access key with just Mail Send.";

/** SendGrid's error bodies are {errors:[{field, message}]}, a shape the shared helper does not read. */
function sendgridMessage(json: unknown): string | undefined {
  const errors = (json as { errors?: { message?: unknown }[] } | null)?.errors;
  const first = Array.isArray(errors) ? errors.find((e) => typeof e?.message === "string") : undefined;
  return first ? String(first.message) : undefined;
}

function withScopes(json: unknown): Pick<CheckResult, "outcome" | "accountLabel" | "details" | "reason"> {
  const raw = (json as { scopes?: unknown } | null)?.scopes;
  const scopes = (Array.isArray(raw) ? raw : []).filter((s): s is string => typeof s === "string").sort();
  const full = ADMIN_SCOPES.some((s) => scopes.includes(s));
  const sendOnly = scopes.length > 0 && scopes.every((s) => s === "mail.send" || s.startsWith("mail.batch"));
  const access = full ? "full access" : sendOnly ? "mail send only" : "restricted";
  const details: NonNullable<CheckResult["details"]> = { access, scopeCount: scopes.length, scopes: scopes.slice(0, 40) };
  if (full) details.advice = ADVICE;
  const accountLabel = `API key (${access})`;
  // Sending is what an email key is for: one without mail.send is stored, but with a warning.
  if (!scopes.includes("mail.send")) {
    return { outcome: "valid_but_insufficient", accountLabel, details, reason: "SendGrid accepted the key, but it lacks the Mail Send permission (mail.send), so it cannot send email. Allow Mail Send on the key." };
  }
  return { outcome: "valid", accountLabel, details, reason: `SendGrid accepted the key (${access}, ${countOf(scopes.length, "scope")}).` };
}

export const sendgrid: ProviderDefinition = {
  id: "sendgrid",
  name: NAME,
  category: "messaging",
  description: "Transactional and marketing email through Twilio SendGrid.",
  fields: [{ name: "apiKey", label: "API key", kind: "secret", placeholder: "SG.…", schema: apiKey }],

  validate(credential, ctx) {
    const value = credential.apiKey?.trim() ?? "";
    return safeCheck(NAME, [value], async () => {
      // /v3/scopes lists the key's own permissions, so one call both proves the key and shows its reach.
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.sendgrid.com")}/v3/scopes`,
        headers: { Authorization: `Bearer ${value}` },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const result = classifyStatus(res, NAME, sendgridMessage(res.json));
      if (result.outcome === "valid") return { ...result, ...withScopes(res.json) };
      if (result.outcome === "valid_but_insufficient") {
        return { ...result, reason: `SendGrid recognised the key but refused to list its scopes, so it is missing a permission. Check the key's access on the API Keys page.` };
      }
      return result;
    });
  },

  fingerprint: (credential) => lastFour(credential.apiKey),

  env: [{ name: "SENDGRID_API_KEY", field: "apiKey", description: "The name used by SendGrid's own quick-start examples." }],
  setupSteps: [
    { text: "Sign in to SendGrid, or create an account.", link: { href: "https://signup.sendgrid.com/", label: "Sign up" } },
    { text: "Open Settings, then API Keys.", link: { href: "https://app.sendgrid.com/settings/api_keys", label: "API Keys" } },
    { text: 'Click "Create API Key". Choose "Restricted Access" and allow only Mail Send if the app just sends email.' },
    { text: "Copy the key now (SendGrid shows it only once) and paste it here." },
  ],
  keysUrl: "https://app.sendgrid.com/settings/api_keys",
  iconSlug: null,
  oauth: false,
};
