import "server-only";
import { pinnedFetch } from "@/lib/net/pinned-fetch";
import type { ValidationContext } from "./types";

export const USER_AGENT = "Switchboard/0.1 (+credential-check)";

/** The slice of the parsed env this needs; the caller passes it so this module never reads env. */
export interface ProviderCallConfig {
  /** PROVIDER_BASE_URL_<ID>, keyed by the lower-cased <ID>, without a trailing slash. */
  providerBaseUrls: Record<string, string>;
  PROVIDER_TIMEOUT_MS: number;
}

/**
 * The context for one provider's check. An operator override replaces every origin of that
 * provider (GCP's token and project hosts alike): the fakes serve all paths from one origin.
 */
export function validationContext(config: ProviderCallConfig, providerId: string): ValidationContext {
  // Env names cannot hold "-", so an id like "hugging-face" reads PROVIDER_BASE_URL_HUGGING_FACE.
  const override = config.providerBaseUrls[providerId.toLowerCase().replace(/-/g, "_")];
  return {
    baseUrl: (defaultOrigin) => (override ?? defaultOrigin).replace(/\/+$/, ""),
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    // Looked up at call time, so a test that replaces globalThis.fetch is honoured.
    fetch: (input, init) => globalThis.fetch(input, init),
    pinnedFetch: (hostname, addresses) => pinnedFetch(hostname, addresses),
    userAgent: USER_AGENT,
  };
}
