import "server-only";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition, ValidationContext } from "./types";

const NAME = "Vercel";

// Legacy tokens are 24 alphanumerics; the new vcp/vci/vca/vck formats have an UNCONFIRMED
// separator and length (providers.md), so anything token-shaped of 24+ characters is let through.
const token = credentialSchema((value) => {
  if (value === "") return "Paste your Vercel access token.";
  const other = otherProviderHint(value, "vercel");
  if (other) return other;
  if (/\s/.test(value)) return "The token contains a space or line break; copy it again in one piece.";
  if (!/^[A-Za-z0-9_-]{24,}$/.test(value)) return "A Vercel token is at least 24 letters and digits. Copy the whole token again from Account Settings, Tokens.";
  return null;
});

interface User { username?: unknown; email?: unknown; name?: unknown; defaultTeamId?: unknown }
interface TokenScope { type?: unknown; teamId?: unknown; expiresAt?: unknown }
interface TokenMeta { name?: unknown; type?: unknown; scopes?: TokenScope[]; expiresAt?: unknown }

const iso = (ms: unknown) => (typeof ms === "number" && Number.isFinite(ms) ? new Date(ms).toISOString() : undefined);

function scopeLabel(scope: TokenScope): string | undefined {
  if (scope.type === "user") return "user (personal account)";
  if (scope.type === "team") return typeof scope.teamId === "string" ? `team ${scope.teamId}` : "team";
  return undefined;
}

/**
 * Second, best-effort call: scopes and expiry are extras. The key is already proven by /v2/user,
 * so any failure here (outage, 403, odd body) leaves the verdict valid and only omits the extras.
 */
async function tokenMetadata(ctx: ValidationContext, value: string): Promise<CheckResult["details"] | undefined> {
  const call = await callProvider(ctx, NAME, {
    url: `${ctx.baseUrl("https://api.vercel.com")}/v5/user/tokens/current`,
    headers: { Authorization: `Bearer ${value}` },
  });
  if ("failure" in call || call.response.status !== 200) return undefined;
  const meta = (call.response.json as { token?: TokenMeta } | null)?.token;
  if (!meta || typeof meta !== "object") return undefined;
  const scopes = (Array.isArray(meta.scopes) ? meta.scopes : []).map(scopeLabel).filter((s): s is string => s !== undefined);
  const details: NonNullable<CheckResult["details"]> = { tokenScopes: scopes, expiresAt: iso(meta.expiresAt) ?? "never" };
  if (typeof meta.name === "string") details.tokenName = meta.name;
  if (typeof meta.type === "string") details.tokenType = meta.type;
  return details;
}

export const vercel: ProviderDefinition = {
  id: "vercel",
  name: NAME,
  category: "devtools",
  description: "Deployments, projects and domains through the Vercel REST API.",
  fields: [{ name: "token", label: "Access token", kind: "secret", placeholder: "vcp_… or a 24-character token", schema: token }],

  validate(credential, ctx) {
    const value = credential.token?.trim() ?? "";
    return safeCheck(NAME, [value], async () => {
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.vercel.com")}/v2/user`,
        headers: { Authorization: `Bearer ${value}` },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const message = providerMessage(res.json);
      const invalidToken = (res.json as { error?: { invalidToken?: unknown } } | null)?.error?.invalidToken === true;
      // Whether Vercel answers a bad token with 401 or 403 + invalidToken is UNCONFIRMED: accept both.
      if (res.status === 401 || (res.status === 403 && invalidToken)) {
        return { outcome: "invalid", httpStatus: res.status, reason: `Vercel rejected the token${message ? ` (${message})` : ""}. It may be mistyped, expired or deleted.` };
      }
      if (res.status !== 200) return classifyStatus(res, NAME, message);

      const user = ((res.json as { user?: User } | null)?.user ?? {}) as User;
      const username = typeof user.username === "string" ? user.username : "unknown user";
      const details: NonNullable<CheckResult["details"]> = { username };
      if (typeof user.email === "string") details.email = user.email;
      if (typeof user.defaultTeamId === "string") details.defaultTeam = user.defaultTeamId;
      const meta = await tokenMetadata(ctx, value);
      const reason = meta
        ? `Vercel accepted the token for ${username}.`
        : `Vercel accepted the token for ${username}; its scopes and expiry could not be read just now.`;
      return { outcome: "valid", httpStatus: 200, reason, accountLabel: username, details: { ...details, ...meta } };
    });
  },

  fingerprint: (credential) => lastFour(credential.token),

  env: [{ name: "VERCEL_TOKEN", field: "token", description: "Read by the Vercel CLI (--token) and by the Vercel SDK examples." }],
  setupSteps: [
    { text: "Sign in to Vercel, or create an account.", link: { href: "https://vercel.com/signup", label: "Sign up" } },
    { text: "Open Account Settings, then Tokens.", link: { href: "https://vercel.com/account/tokens", label: "Tokens" } },
    { text: 'Click "Create", name the token, choose the scope (your personal account or one team) and an expiration date.' },
    { text: "Copy the token now (Vercel shows it only once) and paste it here." },
  ],
  keysUrl: "https://vercel.com/account/tokens",
  iconSlug: "vercel",
  oauth: true,
  // Nango's provider name, for connecting by OAuth instead of pasting a token.
  nangoIntegration: "vercel",
};
