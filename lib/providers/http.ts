import "server-only";
import type { CheckResult, ValidationContext } from "./types";

export interface ProviderRequest {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body; null when the body was empty. */
  json: unknown;
}

/** Either the provider answered with something readable, or the call already has its verdict. */
export type CallResult = { response: ProviderResponse } | { failure: CheckResult };

/**
 * Performs one provider call. Never throws: a network error or a timeout means we could not
 * verify now (provider_outage), which must never be shown as a rejected key.
 */
export async function callProvider(ctx: ValidationContext, provider: string, req: ProviderRequest): Promise<CallResult> {
  let res: Response;
  let text: string;
  try {
    res = await ctx.fetch(req.url, {
      method: req.method ?? "GET",
      // Accept is a default a provider may replace (GitHub documents application/vnd.github+json);
      // the User-Agent is always ours, since Resend and GitHub refuse requests without one.
      headers: { Accept: "application/json", ...req.headers, "User-Agent": ctx.userAgent },
      body: req.body,
      // The timeout also covers reading the body: a provider that sends headers then stalls still ends.
      signal: AbortSignal.timeout(ctx.timeoutMs),
      // Keys travel in headers (x-api-key, Authorization); a redirect could carry them to another host.
      redirect: "manual",
      // Next.js patches fetch and may cache GETs; a cached verdict would outlive a revoked key.
      cache: "no-store",
    });
    text = await res.text();
  } catch (error) {
    // Duck-typed: the abort reason is a DOMException, which need not be an Error of this realm.
    const name = (error as { name?: unknown } | null)?.name;
    const timedOut = name === "TimeoutError" || name === "AbortError";
    const why = timedOut ? `did not answer within ${Math.round(ctx.timeoutMs / 100) / 10} s` : "could not be reached";
    return { failure: { outcome: "provider_outage", reason: `${provider} ${why}, so the key could not be verified now. It was not rejected; try again later.` } };
  }
  if (text.trim() === "") return { response: { status: res.status, headers: res.headers, json: null } };
  try {
    return { response: { status: res.status, headers: res.headers, json: JSON.parse(text) } };
  } catch {
    return { failure: unreadableBody(provider, res) };
  }
}

function unreadableBody(provider: string, res: Response): CheckResult {
  const httpStatus = res.status;
  if (httpStatus >= 500) return outage(provider, httpStatus, retryAfter(res.headers));
  // A throttling proxy often answers 429 with HTML; the status alone is the signal that matters.
  if (httpStatus === 429) return classifyStatus({ status: 429, headers: res.headers, json: null }, provider);
  return {
    outcome: "unknown",
    httpStatus,
    reason: `${provider} answered with a response Switchboard could not read (HTTP ${httpStatus}), so the key was neither accepted nor rejected. Try again later.`,
  };
}

/** The provider's own error sentence, from the shapes the supported providers use. */
export function providerMessage(json: unknown): string | undefined {
  const body = json as { error?: unknown; error_description?: unknown; message?: unknown } | null;
  const nested = body && typeof body.error === "object" ? (body.error as { message?: unknown }).message : undefined;
  const candidate = [nested, body?.error_description, body?.message].find((m) => typeof m === "string" && m.trim() !== "");
  if (typeof candidate !== "string") return undefined;
  const trimmed = candidate.trim();
  return trimmed.length > 300 ? `${trimmed.slice(0, 297)}...` : trimmed;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), per RFC 9110. */
export function retryAfter(headers: Headers): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function outage(provider: string, httpStatus: number, retryAfterSeconds?: number): CheckResult {
  return {
    outcome: "provider_outage",
    httpStatus,
    retryAfterSeconds,
    reason: `${provider} is having trouble right now (HTTP ${httpStatus}), so the key could not be verified. It was not rejected; try again later.`,
  };
}

/**
 * Generic mapping from providers.md section 0. Providers check their own special cases first
 * and fall back to this; `message` is the provider's sentence, when it gave one.
 */
export function classifyStatus(res: ProviderResponse, provider: string, message = providerMessage(res.json)): CheckResult {
  const { status: httpStatus } = res;
  const said = message ? ` ${provider} said: ${sentence(message)}` : "";
  if (httpStatus >= 200 && httpStatus < 300) return { outcome: "valid", httpStatus, reason: `${provider} accepted the key.` };
  if (httpStatus === 401) {
    return { outcome: "invalid", httpStatus, reason: `${provider} rejected the key.${said || " Check that it was copied completely and has not been revoked."}` };
  }
  if (httpStatus === 403) {
    return { outcome: "valid_but_insufficient", httpStatus, reason: `${provider} recognised the key but refused the check, so it lacks a permission.${said}` };
  }
  if (httpStatus === 429) {
    const retryAfterSeconds = retryAfter(res.headers);
    const wait = retryAfterSeconds === undefined ? "try again later" : `try again in ${retryAfterSeconds} s`;
    return { outcome: "rate_limited", httpStatus, retryAfterSeconds, reason: `${provider} is rate-limiting requests; the key was not rejected, ${wait}.${said}` };
  }
  if (httpStatus >= 500) return outage(provider, httpStatus, retryAfter(res.headers));
  return { outcome: "unknown", httpStatus, reason: `${provider} answered with HTTP ${httpStatus}, so the key was neither accepted nor rejected.${said}` };
}

// A partial echo this long is worth hiding; public prefixes such as "sk-ant-admin01-" (15) are shorter.
const MIN_ECHO = 16;

/** Replaces every run of MIN_ECHO or more characters that also appears in a secret. */
export function scrub(text: string, secrets: string[]): string {
  const live = secrets.filter((s) => s.length >= MIN_ECHO);
  let out = "";
  let i = 0;
  while (i < text.length) {
    let end = i;
    while (end < text.length && live.some((s) => s.includes(text.slice(i, end + 1)))) end++;
    if (end - i >= MIN_ECHO) {
      out += "[redacted]";
      i = end;
    } else {
      out += text[i++];
    }
  }
  return out;
}

function scrubValue<T>(value: T, secrets: string[]): T {
  if (typeof value === "string") return scrub(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets)) as T;
  return value;
}

/**
 * Runs a provider check so that it never throws and never hands back a secret: every string of
 * the result is scrubbed, in case a provider echoes the key inside its error message.
 */
export async function safeCheck(provider: string, secrets: string[], check: () => Promise<CheckResult>): Promise<CheckResult> {
  let result: CheckResult;
  try {
    result = await check();
  } catch {
    // Not logged: the error could quote the credential. The outcome keeps the key unrejected.
    result = { outcome: "unknown", reason: `Switchboard could not finish checking this ${provider} credential. It was not rejected; try again.` };
  }
  const details = result.details && Object.fromEntries(Object.entries(result.details).map(([k, v]) => [k, scrubValue(v, secrets)]));
  return { ...result, reason: scrub(result.reason, secrets), accountLabel: scrubValue(result.accountLabel, secrets), details };
}
