import "server-only";
import { checkPublicHost, systemResolver, type Resolver } from "@/lib/net/ssrf";
import { pinnedFetch } from "@/lib/net/pinned-fetch";

/** Where a callback goes and the fetch that reaches only the addresses that were checked. */
export type HookTarget = { ok: true; fetch: typeof fetch } | { ok: false; problem: string };
export type HookTargetFn = (url: string) => Promise<HookTarget>;

// "The URL" begins a sentence; inside one it is "the URL". A field name (callback_url) stays as it is.
const inSentence = (label: string) => label.replace(/^The /, "the ");

/** The shape a webhook URL must have, before any lookup: https, no user name or password. */
export function hookUrlProblem(text: string, label: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The example is the settings form's placeholder, so the sentence shows the shape it asks for.
    return `${label} should be a full address, like https://example.com/webhooks/switchboard.`;
  }
  if (url.protocol !== "https:") return `${label} must be an https:// URL.`;
  if (url.username || url.password) return `Remove the user name or password from ${inSentence(label)}.`;
  if (url.hash) return `Remove the #fragment from ${inSentence(label)}.`;
  return null;
}

export const callbackUrlProblem = (text: string) => hookUrlProblem(text, "callback_url");

export interface HookTargetOptions {
  resolve?: Resolver;
  /** How problems name the URL: "callback_url" in the requests API, "The URL" on the settings page. */
  label?: string;
  /**
   * Operator override (WEBHOOK_PINNED_HOSTS, for loopback receivers in end-to-end tests): these
   * host names connect to the given address without the public-address check, still pinned.
   */
  pinnedHosts?: Readonly<Record<string, string>>;
}

/**
 * The SSRF guard for outgoing webhooks: every address the host resolves to must be public, and
 * the connection then goes to those addresses only (no second lookup a rebinding DNS could
 * answer). Checked when the URL is given and again at each delivery.
 */
export function publicHookTarget(options: Resolver | HookTargetOptions = {}): HookTargetFn {
  const { resolve = systemResolver, label = "callback_url", pinnedHosts = {} } = typeof options === "function" ? { resolve: options } : options;
  return async (text) => {
    const problem = hookUrlProblem(text, label);
    if (problem) return { ok: false, problem };
    const { hostname } = new URL(text);
    const operatorPinned = Object.hasOwn(pinnedHosts, hostname) ? pinnedHosts[hostname] : undefined;
    if (operatorPinned) return { ok: true, fetch: pinnedFetch(hostname, [operatorPinned]) };
    const host = await checkPublicHost(hostname, resolve);
    // Two sentences, since the host check's reason is one of its own ("No address was found…").
    if (!host.ok) return { ok: false, problem: `${label} was refused. ${host.reason}` };
    return { ok: true, fetch: pinnedFetch(hostname, host.addresses) };
  };
}
