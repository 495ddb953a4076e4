import "server-only";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, retryAfter, safeCheck, type ProviderResponse } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "GitHub";

// Prefixed tokens (providers.md); 40-hex classic tokens from before 2021 still work.
const FORMAT = /^((ghp|gho|ghu|ghs)_[A-Za-z0-9]{30,}|github_pat_\w{40,}|[0-9a-f]{40})$/;

const token = credentialSchema((value) => {
  if (value === "") return "Paste your GitHub token.";
  const other = otherProviderHint(value, "github");
  if (other) return other;
  if (/\s/.test(value)) return "The token contains a space or line break; copy it again in one piece.";
  if (value.startsWith("ghr_")) return "This is a refresh token, which cannot call the API. Paste the access token (github_pat_… or ghp_…) instead.";
  if (!FORMAT.test(value)) return "A GitHub token starts with github_pat_ (fine-grained) or ghp_ (classic). Copy the whole token again from Developer settings.";
  return null;
});

function tokenKind(value: string): string {
  if (value.startsWith("github_pat_")) return "fine-grained personal access token";
  if (value.startsWith("gho_")) return "OAuth app token";
  if (value.startsWith("ghu_")) return "GitHub App user token";
  if (value.startsWith("ghs_")) return "GitHub App installation token";
  return "classic personal access token";
}

// Scopes that reach every repository or the organization: far more than most apps need.
const BROAD_SCOPES = new Set([
  "repo", "public_repo", "workflow", "delete_repo", "admin:org", "write:org", "admin:repo_hook", "admin:org_hook",
  "admin:enterprise", "admin:public_key", "admin:gpg_key", "admin:ssh_signing_key", "write:packages", "delete:packages", "site_admin",
]);

/** "2026-01-02 15:04:05 UTC" or "2026-01-02 15:04:05 -0700" (GitHub's expiry header) as ISO 8601. */
export function githubExpiry(header: string | null): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (UTC|[+-]\d{4})$/.exec(header?.trim() ?? "");
  if (!m) return undefined;
  const zone = m[3] === "UTC" ? "Z" : `${m[3].slice(0, 3)}:${m[3].slice(3)}`;
  const at = new Date(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** GitHub signals an exhausted quota with 403 or 429 and x-ratelimit-remaining: 0 (or Retry-After). */
function rateLimited(res: ProviderResponse): CheckResult | undefined {
  if (res.status !== 403 && res.status !== 429) return undefined;
  const exhausted = res.headers.get("x-ratelimit-remaining") === "0";
  if (!exhausted && !res.headers.has("retry-after")) return undefined;
  const reset = Number(res.headers.get("x-ratelimit-reset"));
  const untilReset = Number.isFinite(reset) && reset > 0 ? Math.max(0, Math.ceil(reset - Date.now() / 1000)) : undefined;
  const retryAfterSeconds = retryAfter(res.headers) ?? untilReset;
  const wait = retryAfterSeconds === undefined ? "try again later" : `try again in ${retryAfterSeconds} s`;
  return { outcome: "rate_limited", httpStatus: res.status, retryAfterSeconds, reason: `GitHub's API rate limit for this token is used up; the token was not rejected, ${wait}.` };
}

function identify(res: ProviderResponse, value: string): CheckResult {
  const user = (res.json ?? {}) as { login?: unknown; name?: unknown; type?: unknown };
  const login = typeof user.login === "string" ? user.login : "unknown user";
  const details: NonNullable<CheckResult["details"]> = { login, tokenKind: tokenKind(value) };
  if (typeof user.name === "string" && user.name) details.name = user.name;
  if (typeof user.type === "string") details.accountType = user.type;
  const expiresAt = githubExpiry(res.headers.get("github-authentication-token-expiration"));
  details.expiresAt = expiresAt ?? "never";

  const header = res.headers.get("x-oauth-scopes");
  let reason = `GitHub accepted the token for ${login}.`;
  if (header === null) {
    // Fine-grained tokens carry per-repository permissions that /user does not reveal.
    details.scopes = [];
    details.permissions = "Fine-grained: limited to the repositories and permissions chosen when it was created; GitHub does not list them here.";
    reason = `GitHub accepted the fine-grained token for ${login}.`;
  } else {
    const scopes = header.split(",").map((s) => s.trim()).filter(Boolean);
    details.scopes = scopes;
    const broad = scopes.filter((s) => BROAD_SCOPES.has(s));
    if (broad.length > 0) {
      details.advice = `This classic token carries broad scopes (${broad.join(", ")}) that reach every repository and organization you can. Prefer a fine-grained token limited to the repositories and permissions this app needs.`;
    }
  }
  return { outcome: "valid", httpStatus: res.status, reason, accountLabel: typeof user.name === "string" && user.name ? `${login} (${user.name})` : login, details };
}

export const github: ProviderDefinition = {
  id: "github",
  name: NAME,
  category: "devtools",
  description: "Repositories, issues and actions through the GitHub REST API, with a personal access token.",
  fields: [{ name: "token", label: "Personal access token", kind: "secret", placeholder: "github_pat_… or ghp_…", schema: token }],

  validate(credential, ctx) {
    const value = credential.token?.trim() ?? "";
    return safeCheck(NAME, [value], async () => {
      // /user needs no permission at all for a fine-grained token, so it proves the token alone.
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.github.com")}/user`,
        headers: { Authorization: `Bearer ${value}`, Accept: "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28" },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const limited = rateLimited(res);
      if (limited) return limited;
      if (res.status >= 200 && res.status < 300) return identify(res, value);
      if (res.status === 401) {
        return { outcome: "invalid", httpStatus: 401, reason: `GitHub rejected the token (${providerMessage(res.json) ?? "Bad credentials"}). It may be mistyped, expired or revoked.` };
      }
      return classifyStatus(res, NAME);
    });
  },

  fingerprint: (credential) => lastFour(credential.token),

  env: [
    { name: "GITHUB_TOKEN", field: "token", description: "Read by Octokit, GitHub Actions tooling and most CLIs." },
    { name: "GH_TOKEN", field: "token", description: "Read by the GitHub CLI (gh), which prefers it over GITHUB_TOKEN." },
  ],
  setupSteps: [
    { text: "Sign in to GitHub, or create an account.", link: { href: "https://github.com/signup", label: "Sign up" } },
    { text: "Open Settings, Developer settings, Personal access tokens, Fine-grained tokens, and click \"Generate new token\".", link: { href: "https://github.com/settings/personal-access-tokens/new", label: "New fine-grained token" } },
    { text: "Name the token, set an expiry, choose the resource owner and only the repositories and permissions your app needs." },
    { text: "Only if a tool requires a classic token, create one on the classic tokens page and tick the fewest scopes possible.", link: { href: "https://github.com/settings/tokens", label: "Classic tokens" } },
    { text: "Click \"Generate token\", copy it now (GitHub shows it only once) and paste it here." },
  ],
  keysUrl: "https://github.com/settings/personal-access-tokens/new",
  iconSlug: "github",
  oauth: true,
  // Nango's provider name, for connecting by OAuth instead of pasting a token.
  nangoIntegration: "github",
  agentProxy: { origin: "https://api.github.com", auth: (c) => (c.token ? { headers: { Authorization: `Bearer ${c.token}` } } : null) },
  agentPresets: [
    { id: "issues", label: "Read everything, write issues and comments", rules: [
      { methods: ["GET", "HEAD"], paths: ["/**"] },
      { methods: ["POST"], paths: ["/repos/*/*/issues", "/repos/*/*/issues/*/comments"] },
      { methods: ["PATCH"], paths: ["/repos/*/*/issues/*"] },
    ] },
  ],
};
