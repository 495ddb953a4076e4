/** Who an authenticated agent is: what every brokered call, reveal and MCP tool acts as. */
export interface AgentPrincipal {
  agentId: string;
  orgId: string;
  orgSlug: string;
  name: string;
  /** Public part of the token, shown in lists and audit metadata. */
  prefix: string;
  /** The address the call came from, as the audit trail records it. */
  ip: string | null;
  userAgent?: string | null;
}

export const OPERATIONS = ["proxy", "reveal", "env"] as const;
export type Operation = (typeof OPERATIONS)[number];

export const PROXY_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
export type ProxyMethod = (typeof PROXY_METHODS)[number];

/** One rule of a proxy grant: these methods on paths matching these patterns. */
export interface ProxyRule {
  methods: ProxyMethod[];
  /** "/v1/models", "/v1/models/*" (one segment), "/v1/**" (anything below). */
  paths: string[];
}

export interface GrantRow {
  id: string;
  orgId: string;
  agentId: string;
  provider: string;
  /** Null: whatever credential is the provider's default at the moment of use. */
  integrationId: string | null;
  operations: Operation[];
  proxyRules: ProxyRule[];
  preset: string | null;
  awsRoleArn: string | null;
  revealSeconds: number;
  ratePerMinute: number;
  maxUses: number | null;
  uses: number;
  expiresAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
  /** Moved on by every edit: a use is spent only under the revision its call checked. */
  revision: number;
}

/** Limits of the broker, passed in so tests can narrow them. */
export interface BrokerLimits {
  /** Calls (proxy, reveal, env) one agent may make per minute, across its grants. */
  agentPerMinute: number;
  /** Largest request body forwarded, in bytes. */
  maxRequestBytes: number;
  /** The whole upstream exchange, headers and body, must finish within this. */
  timeoutMs: number;
}

export const DEFAULT_BROKER_LIMITS: BrokerLimits = { agentPerMinute: 600, maxRequestBytes: 1024 * 1024, timeoutMs: 60_000 };
