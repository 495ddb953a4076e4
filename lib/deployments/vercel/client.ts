import "server-only";
import { VercelCore } from "@vercel/sdk/core.js";
import { authenticationGetAuthToken } from "@vercel/sdk/funcs/authenticationGetAuthToken.js";
import { HTTPClient } from "@vercel/sdk/lib/http.js";
import { VercelError } from "@vercel/sdk/models/vercelerror.js";
import type { ValidationContext } from "@/lib/providers/types";
import { DeploymentError } from "../credential";

export const VERCEL_API = "https://api.vercel.com";

export interface VercelScope {
  /** The team the token is scoped to, sent as teamId with every call; null for a personal account. */
  teamId: string | null;
}

/**
 * The official SDK's core client (its standalone functions load only the operations used),
 * pointed where the provider check points (PROVIDER_BASE_URL_VERCEL in tests,
 * api.vercel.com otherwise), with the provider timeout and the context's fetch. Redirects are not
 * followed: the token travels in a header and a redirect could carry it to another host.
 */
export function vercelSdk(ctx: ValidationContext, token: string): VercelCore {
  // init after the SDK's own: no redirect is followed, and nothing is served from Next's fetch cache.
  const httpClient = new HTTPClient({ fetcher: (input, init) => ctx.fetch(input, { ...init, redirect: "manual", cache: "no-store" }) });
  return new VercelCore({ bearerToken: token, serverURL: ctx.baseUrl(VERCEL_API), timeoutMs: ctx.timeoutMs, httpClient, userAgent: ctx.userAgent });
}

/**
 * The token's scope: a token created for a team must send that team's id with every call, and
 * one for a personal account must not. Read from the token itself (/v5/user/tokens/current).
 */
export async function vercelScope(sdk: VercelCore): Promise<VercelScope> {
  const res = await call(() => authenticationGetAuthToken(sdk, { tokenId: "current" }));
  const scopes = (res.token as { scopes?: { type?: string; teamId?: string }[] }).scopes ?? [];
  const team = scopes.find((s) => s.type === "team" && typeof s.teamId === "string");
  return { teamId: team?.teamId ?? null };
}

/** A Vercel call, with its failures as sentences: rejected tokens and missing scopes are permanent, the rest worth retrying. */
export async function call<T>(fn: () => PromiseLike<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  let result: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    result = await fn();
  } catch (err) {
    throw vercelError(err);
  }
  if (!result.ok) throw vercelError(result.error);
  return result.value;
}

export function vercelError(err: unknown): DeploymentError {
  if (err instanceof DeploymentError) return err;
  // A body the SDK's schema refused (it extends VercelError, with the 200 it came with).
  if ((err as { name?: string } | null)?.name === "ResponseValidationError") {
    return new DeploymentError("Vercel answered with something Switchboard could not read; try again later.", false, 502);
  }
  if (err instanceof VercelError) {
    const status = err.statusCode;
    const said = vercelMessage(err.body);
    if (status === 401 || status === 403) {
      return new DeploymentError(`Vercel refused the token${said ? ` (${said})` : ""}: it may be revoked, expired, or lack access to this team or project.`, true, 403);
    }
    if (status === 404) return new DeploymentError(`Vercel has no such project or deployment${said ? ` (${said})` : ""}.`, true, 404);
    if (status === 429) {
      const wait = err.headers.get("retry-after");
      return new DeploymentError(`Vercel is rate-limiting requests; try again${wait && /^\d+$/.test(wait) ? ` in ${wait} s` : " later"}.`, false, 429);
    }
    if (status >= 500) return new DeploymentError(`Vercel is having trouble right now (HTTP ${status}); try again later.`, false, 502);
    return new DeploymentError(`Vercel refused the request (HTTP ${status})${said ? `: ${said}` : "."}`, true, 400);
  }
  const name = (err as { name?: string } | null)?.name ?? "";
  if (/Timeout|Abort/.test(name)) return new DeploymentError("Vercel did not answer in time; try again.", false, 504);
  if (/Connection/.test(name)) return new DeploymentError("Vercel could not be reached; try again later.", false, 502);
  // A response the SDK could not read (ResponseValidationError and kin): say so, never echo it.
  return new DeploymentError("Vercel answered with something Switchboard could not read; try again later.", false, 502);
}

function vercelMessage(body: string): string | null {
  try {
    const m = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    return typeof m === "string" && m.trim() ? m.trim().slice(0, 200) : null;
  } catch {
    return null;
  }
}
