import "server-only";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Twilio";

const sid = (prefix: "AC" | "SK", what: string, optional: boolean) =>
  credentialSchema((value) => {
    if (value === "") return optional ? null : `Paste your ${what}.`;
    const other = otherProviderHint(value, "twilio");
    if (other) return other;
    if (value.startsWith(prefix === "AC" ? "SK" : "AC")) return `This is ${prefix === "AC" ? "an API key SID" : "an Account SID"}; put it in the ${prefix === "AC" ? "API key SID" : "Account SID"} field.`;
    if (!new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value)) return `A ${what} is ${prefix} followed by 32 hexadecimal characters; copy it again from the Console.`;
    return null;
  });

// Auth Tokens are 32 hex characters, API key secrets 32 letters and digits [T].
const secret = (what: string) =>
  credentialSchema((value) => {
    if (value === "") return null;
    if (/\s/.test(value)) return `The ${what} contains a space or line break; copy it again in one piece.`;
    if (!/^[A-Za-z0-9]{32}$/.test(value)) return `A Twilio ${what} is 32 letters and digits; copy it again from the Console.`;
    return null;
  });

interface TwilioError { code?: unknown }
interface Account { friendly_name?: unknown; status?: unknown; type?: unknown }

/** Which pair to send, or the sentence that explains why nothing was sent. */
function pair(c: Record<string, string>): { user: string; pass: string; path: string } | { problem: string } {
  const { accountSid = "", authToken, apiKeySid, apiKeySecret } = c;
  if ((apiKeySid || apiKeySecret) && authToken) return { problem: "Enter either the Auth Token or an API key SID with its secret, not both: one credential is checked and stored at a time." };
  if (apiKeySid && !apiKeySecret) return { problem: "Enter the API key's secret as well; it was shown once, when the key was created." };
  if (apiKeySecret && !apiKeySid) return { problem: "Enter the API key SID (SK…) that goes with this secret." };
  const base = `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}`;
  // Standard API keys may not read /Accounts itself, so they are checked on a sub-resource.
  if (apiKeySid && apiKeySecret) return { user: apiKeySid, pass: apiKeySecret, path: `${base}/Balance.json` };
  if (authToken) return { user: accountSid, pass: authToken, path: `${base}.json` };
  return { problem: "Enter the Auth Token, or an API key SID and its secret." };
}

function accountResult(json: unknown, accountSid: string): CheckResult {
  const a = (json ?? {}) as Account;
  const name = typeof a.friendly_name === "string" ? a.friendly_name : accountSid;
  const details: NonNullable<CheckResult["details"]> = { accountSid, credential: "Auth Token" };
  if (typeof a.status === "string") details.status = a.status;
  if (typeof a.type === "string") details.type = a.type;
  if (a.type === "Trial") details.note = "Trial accounts can only message and call verified numbers.";
  const accountLabel = typeof a.type === "string" ? `${name} (${a.type})` : name;
  if (a.status === "suspended" || a.status === "closed") {
    return { outcome: "invalid", httpStatus: 200, accountLabel, details, reason: `The credentials match, but the Twilio account is ${a.status}, so Twilio will refuse every call.` };
  }
  return { outcome: "valid", httpStatus: 200, accountLabel, details, reason: `Twilio accepted the Auth Token for ${name}.` };
}

function balanceResult(json: unknown, accountSid: string): CheckResult {
  const b = (json ?? {}) as { balance?: unknown; currency?: unknown };
  const details: NonNullable<CheckResult["details"]> = { accountSid, credential: "API key" };
  if (typeof b.balance === "string") details.balance = `${b.balance} ${typeof b.currency === "string" ? b.currency : ""}`.trim();
  return { outcome: "valid", httpStatus: 200, accountLabel: accountSid, details, reason: `Twilio accepted the API key for account ${accountSid}.` };
}

export const twilio: ProviderDefinition = {
  id: "twilio",
  name: NAME,
  category: "messaging",
  description: "SMS, voice and WhatsApp through the Twilio REST API, with the Auth Token or an API key.",
  fields: [
    { name: "accountSid", label: "Account SID", kind: "text", placeholder: "AC…", help: "On the Console home page, under Account Info.", schema: sid("AC", "Account SID", false) },
    { name: "authToken", label: "Auth Token", kind: "secret", optional: true, help: "Leave blank when you use an API key below.",
      // Kept only while the account and the choice of no API key stay: switching to a key drops it.
      keptWhenBlank: { whileSame: ["accountSid", "apiKeySid"] }, schema: secret("Auth Token") },
    { name: "apiKeySid", label: "API key SID", kind: "text", optional: true, placeholder: "SK…", help: "Only for an API key (recommended over the Auth Token).", schema: sid("SK", "API key SID", true) },
    { name: "apiKeySecret", label: "API key secret", kind: "secret", optional: true, help: "Shown once, when the API key is created.",
      keptWhenBlank: { whileSame: ["accountSid", "apiKeySid"] }, schema: secret("API key secret") },
  ],

  validate(credential, ctx) {
    const chosen = pair(credential);
    const secrets = [credential.authToken, credential.apiKeySecret].filter((s): s is string => !!s);
    return safeCheck(NAME, secrets, async () => {
      if ("problem" in chosen) return { outcome: "invalid", reason: chosen.problem };
      const accountSid = credential.accountSid;
      // Basic auth in the header only; the SID in the path is an identifier, not a secret.
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.twilio.com")}${chosen.path}`,
        headers: { Authorization: `Basic ${Buffer.from(`${chosen.user}:${chosen.pass}`).toString("base64")}` },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const code = (res.json as TwilioError | null)?.code;
      const message = providerMessage(res.json);
      const said = message ? ` Twilio said: ${message} (error ${String(code)}).` : "";
      if (code === 20003) return { outcome: "invalid", httpStatus: res.status, reason: `Twilio rejected the credentials: the SID and secret do not match, or the key was deleted.${said}` };
      if (code === 20403) return { outcome: "invalid", httpStatus: res.status, reason: `Twilio refused the credentials because the account is suspended. Reactivate it in the Console first.${said}` };
      if (code === 70051) return { outcome: "valid_but_insufficient", httpStatus: res.status, reason: `Twilio knows this restricted API key, but it lacks the permission to read the account balance.${said}` };
      if (res.status !== 200) return classifyStatus(res, NAME);
      return chosen.user.startsWith("SK") ? balanceResult(res.json, accountSid) : accountResult(res.json, accountSid);
    });
  },

  fingerprint: (credential) => lastFour(credential.apiKeySecret || credential.authToken),

  env: [
    { name: "TWILIO_ACCOUNT_SID", field: "accountSid", description: "Read by the Twilio helper libraries." },
    { name: "TWILIO_AUTH_TOKEN", field: "authToken", description: "Read by the Twilio helper libraries when no API key is set." },
    { name: "TWILIO_API_KEY", field: "apiKeySid", description: "API key SID; pass it with the secret and the Account SID to the client." },
    { name: "TWILIO_API_SECRET", field: "apiKeySecret", description: "The API key's secret." },
  ],
  setupSteps: [
    { text: "Sign in to the Twilio Console, or create an account.", link: { href: "https://www.twilio.com/try-twilio", label: "Sign up" } },
    { text: "On the Console home page, copy the Account SID (AC…) from Account Info.", link: { href: "https://console.twilio.com/", label: "Twilio Console" } },
    { text: 'Recommended: open Account, "API keys & tokens", click "Create API key", choose Standard, and copy its SID (SK…) and secret, shown only once.' },
    { text: "Or reveal the Auth Token under Account Info. It grants full control of the account, so prefer an API key for apps." },
    { text: "Paste the Account SID with either the API key SID and secret, or the Auth Token, here." },
  ],
  keysUrl: "https://console.twilio.com/",
  iconSlug: null,
  oauth: false,
  // HTTP Basic: an API key SID and secret when set, else the Account SID and Auth Token (as validate() picks).
  agentProxy: {
    origin: "https://api.twilio.com",
    auth: (c) => {
      const [user, pass] = c.apiKeySid && c.apiKeySecret ? [c.apiKeySid, c.apiKeySecret] : [c.accountSid, c.authToken];
      return user && pass ? { headers: { Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}` } } : null;
    },
  },
};
