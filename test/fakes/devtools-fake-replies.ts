/**
 * Documented answers of GitHub, Vercel, Netlify, Resend, SendGrid, Twilio and Google's OAuth token
 * endpoint (docs/providers.md sections 4 and 5), one function per provider. The server in
 * devtools-fake.ts picks the behaviour from the credential and sends what these return.
 */
export type DevtoolsBehaviour =
  | "valid" | "invalid" | "insufficient" | "rate_limited" | "outage" | "hang" | "malformed"
  | "broad" // GitHub classic token with repo/workflow/admin:org and no expiry; SendGrid full access
  | "fine_grained" // GitHub fine-grained PAT: no X-OAuth-Scopes
  | "exhausted" // GitHub primary rate limit: 403 with x-ratelimit-remaining: 0
  | "revoked" // Vercel 401; Google deleted_client
  | "meta_fails" // Vercel: /v2/user works, /v5/user/tokens/current answers 500
  | "sending_only" // Resend 401 restricted_api_key
  | "no_send" // SendGrid key whose scopes lack mail.send
  | "suspended" // Twilio 403 code 20403
  | "closed"; // Twilio 200 with status "closed"

export type Reply = { status: number; body?: unknown; raw?: string; type?: string; headers?: Record<string, string> } | "hang";

const now = () => Math.floor(Date.now() / 1000);
const rate = (remaining: number) => ({ "x-ratelimit-limit": "5000", "x-ratelimit-remaining": String(remaining), "x-ratelimit-reset": String(now() + 60), "x-ratelimit-resource": "core" });
const DOCS = "https://docs.github.com/rest";

export function github(b: DevtoolsBehaviour, version: unknown): Reply {
  if (version !== undefined && version !== "2022-11-28") return { status: 400, body: { message: `Unsupported 'X-GitHub-Api-Version' header: ${String(version)}`, documentation_url: DOCS } };
  if (b === "exhausted") return { status: 403, headers: rate(0), body: { message: "API rate limit exceeded for user ID 583231.", documentation_url: DOCS } };
  if (b === "rate_limited") return { status: 429, body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: DOCS } };
  if (b === "insufficient") return { status: 403, headers: rate(4999), body: { message: "Resource not accessible by integration", documentation_url: DOCS, status: "403" } };
  if (!["valid", "broad", "fine_grained"].includes(b)) return { status: 401, body: { message: "Bad credentials", documentation_url: DOCS, status: "401" } };
  const headers: Record<string, string> = { ...rate(4999), "x-accepted-oauth-scopes": "" };
  if (b === "valid") Object.assign(headers, { "x-oauth-scopes": "read:user, user:email", "github-authentication-token-expiration": "2027-01-31 12:00:00 UTC" });
  if (b === "broad") headers["x-oauth-scopes"] = "admin:org, read:user, repo, workflow";
  if (b === "fine_grained") headers["github-authentication-token-expiration"] = "2027-01-31 05:00:00 -0700";
  return { status: 200, headers, body: { login: "octocat", id: 583231, name: "The Octocat", type: "User", site_admin: false, created_at: "2011-01-25T18:44:36Z" } };
}

export function vercel(b: DevtoolsBehaviour, path: string): Reply {
  const error = (status: number, code: string, message: string, extra = {}): Reply => ({ status, body: { error: { code, message, ...extra } } });
  if (b === "invalid") return error(403, "forbidden", "Not authorized", { invalidToken: true });
  if (b === "revoked") return error(401, "unauthorized", "The token provided is not valid.");
  if (b === "insufficient") return error(403, "forbidden", "You do not have permission to access this resource.");
  if (b === "rate_limited") return error(429, "rate_limited", "Rate limit exceeded", { limit: { remaining: 0, reset: now() + 7, total: 100 } });
  if (path === "/v5/user/tokens/current") {
    if (b === "meta_fails") return error(500, "internal_server_error", "An unexpected error occurred.");
    const createdAt = Date.UTC(2026, 0, 1);
    const scopes = [{ type: "user", origin: "manual", createdAt }, { type: "team", teamId: "team_acme123", origin: "manual", createdAt }];
    return { status: 200, body: { token: { id: "5d9f2ebd38ddca62e5d51e9c1704c72530bdc8bfdd41e782a6687c48399e8391", name: "switchboard", type: "oauth2-token", origin: "manual", scopes, expiresAt: Date.UTC(2027, 0, 31), activeAt: createdAt, createdAt } } };
  }
  return { status: 200, body: { user: { id: "usr_ada", email: "ada@example.com", name: "Ada Lovelace", username: "ada", defaultTeamId: "team_acme123", avatar: null, softBlock: null } } };
}

export function netlify(b: DevtoolsBehaviour): Reply {
  if (b === "rate_limited") return { status: 429, body: { code: 429, message: "Too many requests" } };
  if (b === "insufficient") return { status: 403, body: { code: 403, message: "Forbidden" } };
  if (b !== "valid") return { status: 401, body: { code: 401, message: "Access Denied: your access token is invalid or expired." } };
  return { status: 200, body: { id: "5a1f", uid: null, full_name: "Ada Lovelace", email: "ada@example.com", avatar_url: null, affiliate_id: "", site_count: 3, created_at: "2024-01-01T00:00:00Z", last_login: "2026-11-01T00:00:00Z", login_providers: ["github"], onboarding_progress: {} } };
}

export function resend(b: DevtoolsBehaviour, userAgent: unknown): Reply {
  // Cloudflare in front of Resend refuses a request without a User-Agent, in plain text.
  if (!userAgent) return { status: 403, raw: "error code: 1010", type: "text/plain" };
  const error = (statusCode: number, name: string, message: string): Reply => ({ status: statusCode, body: { statusCode, message, name } });
  if (b === "sending_only") return error(401, "restricted_api_key", "This API key is restricted to only send emails");
  if (b === "rate_limited") return error(429, "rate_limit_exceeded", "Too many requests. You can only make 2 requests per second.");
  if (b !== "valid") return error(403, "invalid_api_key", "API key is invalid");
  const data = [["example.com", "verified"], ["mail.example.org", "pending"]].map(([name, status], i) => ({ id: `d91cd9bd-${i}`, name, status, created_at: "2026-01-01T00:00:00Z", region: "us-east-1" }));
  return { status: 200, body: { object: "list", data } };
}

const FULL_ACCESS = ["alerts.read", "api_keys.create", "api_keys.delete", "api_keys.read", "mail.send", "mail.batch.read", "subusers.create", "teammates.create", "user.password.update", "user.profile.read"];

export function sendgrid(b: DevtoolsBehaviour): Reply {
  const error = (status: number, message: string): Reply => ({ status, body: { errors: [{ field: null, message }] } });
  if (b === "insufficient") return error(403, "access forbidden");
  if (b === "rate_limited") return error(429, "too many requests");
  if (b === "valid") return { status: 200, body: { scopes: ["mail.send"] } };
  if (b === "broad") return { status: 200, body: { scopes: FULL_ACCESS } };
  if (b === "no_send") return { status: 200, body: { scopes: ["stats.read", "suppression.read"] } };
  return error(401, "authorization required");
}

export function twilio(b: DevtoolsBehaviour, path: string): Reply {
  const error = (status: number, code: number, message: string): Reply => ({ status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } });
  const sid = /\/Accounts\/(AC[0-9a-fA-F]{32})/.exec(path)?.[1] ?? "";
  if (b === "suspended") return error(403, 20403, "Permission Denied: account is suspended");
  if (b === "insufficient") return error(403, 70051, "Authorization error: the API key lacks the permission for this resource");
  if (b === "rate_limited") return error(429, 20429, "Too Many Requests");
  if (b !== "valid" && b !== "closed") return error(401, 20003, "Authenticate");
  if (path.endsWith("/Balance.json")) return { status: 200, body: { account_sid: sid, balance: "12.34", currency: "USD" } };
  const status = b === "closed" ? "closed" : "active";
  return { status: 200, body: { sid, friendly_name: "ada@example.com", status, type: "Trial", owner_account_sid: sid, date_created: "Mon, 01 Jan 2024 00:00:00 +0000" } };
}

export function googleToken(b: DevtoolsBehaviour | undefined, form: URLSearchParams): Reply {
  const error = (status: number, error: string, error_description: string): Reply => ({ status, body: { error, error_description } });
  if (form.get("grant_type") !== "authorization_code") return error(400, "unsupported_grant_type", "Invalid grant_type: ");
  for (const name of ["code", "redirect_uri", "client_id"]) if (!form.get(name)) return error(400, "invalid_request", `Missing required parameter: ${name}`);
  // Client authentication comes first: only a known id+secret pair reaches the code check.
  if (b === "insufficient") return error(401, "unauthorized_client", "Unauthorized");
  if (b === "revoked") return error(401, "deleted_client", "The OAuth client was deleted.");
  if (b === "rate_limited") return error(429, "rate_limit_exceeded", "Rate limit exceeded.");
  if (b !== "valid") return error(401, "invalid_client", "The OAuth client was not found.");
  return error(400, "invalid_grant", "Malformed auth code.");
}
