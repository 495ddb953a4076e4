import "server-only";
import { checkPublicHost, systemResolver, type Resolver } from "@/lib/net/ssrf";
import { pinnedFetch } from "@/lib/net/pinned-fetch";

/** Where a callback goes and the fetch that reaches only the addresses that were checked. */
export type HookTarget = { ok: true; fetch: typeof fetch } | { ok: false; problem: string };
export type HookTargetFn = (url: string) => Promise<HookTarget>;

/** The shape a callback_url must have, before any lookup: https, no user name or password. */
export function callbackUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "callback_url is not a URL.";
  }
  if (url.protocol !== "https:") return "callback_url must be an https:// URL.";
  if (url.username || url.password) return "Remove the user name or password from callback_url.";
  if (url.hash) return "Remove the #fragment from callback_url.";
  return null;
}

/**
 * The SSRF guard for callbacks: every address the host resolves to must be public, and the
 * connection then goes to those addresses only (no second lookup a rebinding DNS could answer).
 * Checked when the request is filed and again at each delivery.
 */
export function publicHookTarget(resolve: Resolver = systemResolver): HookTargetFn {
  return async (text) => {
    const problem = callbackUrlProblem(text);
    if (problem) return { ok: false, problem };
    const { hostname } = new URL(text);
    const host = await checkPublicHost(hostname, resolve);
    if (!host.ok) return { ok: false, problem: `callback_url: ${host.reason}` };
    return { ok: true, fetch: pinnedFetch(hostname, host.addresses) };
  };
}
