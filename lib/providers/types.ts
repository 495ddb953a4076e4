import type { z } from "zod";

/** The six ways a provider can answer a validation call (providers.md, section 0). */
export type CheckOutcome =
  | "valid"
  | "invalid"
  | "valid_but_insufficient"
  | "rate_limited"
  | "provider_outage"
  | "unknown";

export type ProviderCategory = "llm" | "cloud" | "payments" | "backend" | "devtools" | "messaging";

export interface CredentialField {
  /** Key in the credential object, e.g. "apiKey". */
  name: string;
  label: string;
  /** "secret" inputs are never echoed back; "json" is a multi-line textarea. */
  kind: "secret" | "text" | "json";
  placeholder?: string;
  help?: string;
  optional?: boolean;
  /**
   * An optional field left blank when a saved credential is replaced keeps its stored value, as
   * long as every field named in whileSame is unchanged (a session token or a key's secret belongs
   * to its key id; Stripe's webhook signing secret belongs to the endpoint, not to the API key).
   * Without it, a blank field is not part of the new credential. Removing a kept value is the
   * explicit "clear" of the save (SetupInput.clearFields).
   */
  keptWhenBlank?: { whileSame: string[] };
  /** Format check run locally before any call; its messages are shown to the user as-is. */
  schema: z.ZodType<string>;
}

export interface SetupStep {
  text: string;
  link?: { href: string; label: string };
}

export interface CheckResult {
  outcome: CheckOutcome;
  /** A sentence for the user: the provider's reason, or what we could tell. Never contains the secret. */
  reason: string;
  /** Who the key belongs to, e.g. "org-abc (3 models)" or "sa@project.iam.gserviceaccount.com". */
  accountLabel?: string;
  /** What the key reveals and may do, shown on the integration page. */
  details?: Record<string, string | number | boolean | string[]>;
  /** Seconds to wait before retrying, when the provider said so (Retry-After). */
  retryAfterSeconds?: number;
  /** HTTP status of the deciding response, for the check history (not shown as the reason). */
  httpStatus?: number;
}

export interface ValidationContext {
  /** Origin to call instead of the provider's real one (operator override PROVIDER_BASE_URL_<ID>). */
  baseUrl(defaultOrigin: string): string;
  timeoutMs: number;
  fetch: typeof fetch;
  /** A fetch that connects to the host only at these already checked addresses (lib/net/pinned-fetch.ts). */
  pinnedFetch(hostname: string, addresses: readonly string[]): typeof fetch;
  userAgent: string;
}

/** One rule of an agent's proxy grant: these methods on paths matching these patterns. */
export interface AgentProxyRule {
  methods: ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE")[];
  /** "/v1/models" exactly, "/v1/models/*" one segment more, "/v1/**" anything below. */
  paths: string[];
}

/** A named set of rules an admin picks when granting an agent proxy access (lib/agents/presets.ts). */
export interface AgentPreset {
  id: string;
  label: string;
  rules: AgentProxyRule[];
}

/** How agents call this provider through Switchboard's proxy (lib/agents/broker.ts). */
export interface AgentProxy {
  /** The API origin calls go to: the one validate() calls, replaced by the operator override like it. */
  origin: string;
  /** Where the credential goes on a forwarded call; null when these fields cannot authenticate one. */
  auth(credential: Record<string, string>): { headers?: Record<string, string>; query?: Record<string, string> } | null;
  /** Headers the provider refuses a call without, added when the caller sends none of that name. */
  defaultHeaders?: Record<string, string>;
}

export interface ProviderDefinition {
  id: string;
  name: string;
  category: ProviderCategory;
  description: string;
  fields: CredentialField[];
  /** Makes the one documented read-only call and classifies the answer. Must never throw. */
  validate(credential: Record<string, string>, ctx: ValidationContext): Promise<CheckResult>;
  /** Short, non-secret identifier of the credential for the UI (e.g. last four characters). */
  fingerprint(credential: Record<string, string>): string;
  /**
   * Env variable names, in order, mapped from credential fields (used by the .env export).
   * `foundAt` is where the provider shows that value when it is not on the keys page (Stripe's
   * webhook signing secret is on the endpoint's page, not among the API keys).
   */
  env: { name: string; field: string; description: string; foundAt?: string }[];
  setupSteps: SetupStep[];
  /** Page where keys are created, opened by "Fetch credentials". */
  keysUrl: string;
  /** simple-icons slug, or null to use the geometric fallback mark. */
  iconSlug: string | null;
  oauth: boolean;
  /** Id of the Nango integration that connects this provider by OAuth (e.g. "github"); optional so API-key-only providers need nothing. */
  nangoIntegration?: string;
  /** Present when agents may call this provider's API through the proxy. */
  agentProxy?: AgentProxy;
  /** Proxy presets beyond the generic read-only one every proxied provider offers. */
  agentPresets?: AgentPreset[];
  /** "derived": an agent's reveal hands out a short-lived credential made for it (AWS STS), not the stored one. */
  agentReveal?: "derived" | "stored";
}
