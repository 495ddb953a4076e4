import "server-only";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Cloudflare";

// providers.md: cfut_ (user) and cfat_ (account) tokens since 2026; legacy tokens are 40 chars.
const PREFIXED = /^cf[ua]t_[A-Za-z0-9]{40}[a-f0-9]{8}$/;
const LEGACY = /^[A-Za-z0-9_-]{40}$/;
const GLOBAL_KEY = /^[a-f0-9]{37}$/;
const ACCOUNT_ID = /^[a-f0-9]{32}$/;

const apiToken = credentialSchema((value) => {
  if (value === "") return "Paste your Cloudflare API token.";
  const other = otherProviderHint(value, "cloudflare");
  if (other) return other;
  if (/\s/.test(value)) return "The token contains a space or line break; copy it again in one piece.";
  if (GLOBAL_KEY.test(value)) return "This is the Global API Key, which can do everything on every account you have. Create an API token with only the permissions the app needs instead.";
  if (!PREFIXED.test(value) && !LEGACY.test(value)) return "A Cloudflare API token starts with cfut_ or cfat_ (older tokens are 40 characters). Copy the whole token again.";
  return null;
});

const accountId = credentialSchema((value) => {
  if (value === "" || ACCOUNT_ID.test(value)) return null;
  return "An account ID is 32 characters, 0-9 and a-f. Copy it from the account's home page in the dashboard (Account ID, on the right).";
});

interface Verify {
  success?: unknown;
  errors?: { code?: unknown; message?: unknown }[];
  result?: { id?: unknown; status?: unknown; expires_on?: unknown; not_before?: unknown } | null;
}

const tokenType = (token: string) => (token.startsWith("cfat_") ? "Account API token" : token.startsWith("cfut_") ? "User API token" : "API token");

const firstError = (body: Verify) => (Array.isArray(body.errors) && typeof body.errors[0]?.message === "string" ? body.errors[0].message : undefined);

function describe(body: Verify, token: string, account: string | undefined): CheckResult {
  const result = body.result ?? {};
  const status = typeof result.status === "string" ? result.status : "unknown";
  const id = typeof result.id === "string" ? result.id : undefined;
  const details: NonNullable<CheckResult["details"]> = {
    tokenType: tokenType(token),
    status,
    expiresAt: typeof result.expires_on === "string" ? result.expires_on : "never",
    permissions: "Not listed by Cloudflare's verify call; see the token's page in the dashboard.",
  };
  if (id) details.tokenId = id;
  if (account) details.accountId = account;
  if (typeof result.not_before === "string") details.notBefore = result.not_before;
  const label = `${tokenType(token)}${id ? ` ${id}` : ""}${account ? ` (account ${account})` : ""}`;
  // A verify call can succeed for a token Cloudflare will no longer honour.
  if (status === "disabled" || status === "expired") {
    return { outcome: "invalid", httpStatus: 200, accountLabel: label, details, reason: `Cloudflare reports this token as ${status}; roll it or create a new one.` };
  }
  if (status !== "active") return { outcome: "unknown", httpStatus: 200, details, reason: `Cloudflare reports the token's status as "${status}", so it was neither accepted nor rejected.` };
  return { outcome: "valid", httpStatus: 200, accountLabel: label, details, reason: "Cloudflare verified the token; it is active." };
}

export const cloudflare: ProviderDefinition = {
  id: "cloudflare",
  name: NAME,
  category: "cloud",
  description: "DNS, Workers, R2 and the rest of Cloudflare, through a scoped API token.",
  fields: [
    { name: "apiToken", label: "API token", kind: "secret", placeholder: "cfut_… or cfat_…", schema: apiToken },
    { name: "accountId", label: "Account ID", kind: "text", optional: true, placeholder: "32 hex characters", help: "Required for account API tokens (cfat_…).", schema: accountId },
  ],

  validate(credential, ctx) {
    const token = credential.apiToken?.trim() ?? "";
    const account = credential.accountId?.trim() || undefined;
    return safeCheck(NAME, [token], async () => {
      // The account ID goes into the path, so it is checked here too, not only in the form.
      if (account !== undefined && !ACCOUNT_ID.test(account)) return { outcome: "invalid", reason: "The account ID must be 32 characters, 0-9 and a-f." };
      const accountToken = token.startsWith("cfat_");
      if (accountToken && !account) {
        return { outcome: "invalid", reason: "Account API tokens (cfat_…) are verified against their account: enter the Account ID from the account's home page." };
      }
      // Legacy tokens carry no user/account marker; they are checked as user tokens, the common case.
      const path = accountToken ? `/client/v4/accounts/${account}/tokens/verify` : "/client/v4/user/tokens/verify";
      const call = await callProvider(ctx, NAME, { url: `${ctx.baseUrl("https://api.cloudflare.com")}${path}`, headers: { Authorization: `Bearer ${token}` } });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const body = (res.json ?? {}) as Verify;
      const message = firstError(body);
      // Both 401 and 403 mean the token does not verify (trufflehog); for cfat_ the account may be wrong.
      if (res.status === 401 || res.status === 403) {
        const hint = accountToken ? " Check that the Account ID is the account the token was created in." : "";
        return { outcome: "invalid", httpStatus: res.status, reason: `Cloudflare rejected the token.${message ? ` Cloudflare said: ${message}.` : ""}${hint}` };
      }
      const result = classifyStatus(res, NAME, message);
      if (result.outcome !== "valid") return result;
      if (body.success !== true) return { outcome: "unknown", httpStatus: res.status, reason: `Cloudflare did not confirm the token, so it was neither accepted nor rejected.${message ? ` Cloudflare said: ${message}.` : ""}` };
      return describe(body, token, account);
    });
  },

  fingerprint: (credential) => lastFour(credential.apiToken),

  env: [
    { name: "CLOUDFLARE_API_TOKEN", field: "apiToken", description: "Read by the Cloudflare SDKs and Wrangler." },
    { name: "CLOUDFLARE_ACCOUNT_ID", field: "accountId", description: "Read by Wrangler; needed for account-scoped API calls." },
  ],
  setupSteps: [
    { text: "Sign in to the Cloudflare dashboard, or create an account.", link: { href: "https://dash.cloudflare.com/sign-up", label: "Sign up" } },
    { text: 'Open My Profile, then API Tokens, and click "Create Token" (for an account token: Manage Account, then Account API Tokens).', link: { href: "https://dash.cloudflare.com/profile/api-tokens", label: "API Tokens" } },
    { text: "Start from a template or a custom token and grant only the permissions and zones the app uses; set an expiry if you can." },
    { text: "Copy the token (Cloudflare shows it once) and paste it here. For an account token, also paste the Account ID from the account's home page." },
  ],
  keysUrl: "https://dash.cloudflare.com/profile/api-tokens",
  iconSlug: "cloudflare",
  oauth: false,
};
